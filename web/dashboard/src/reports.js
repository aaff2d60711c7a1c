// The reports API (API.md "Reports") for one project and a day range.
import { api, qs } from './api.js';

const base = (project) => `/v1/projects/${encodeURIComponent(project.id)}/reports`;

export const callReport = (project, range, params = {}) =>
  api.get(`${base(project)}/calls?${qs({ from: range.from, to: range.to, ...params })}`);
export const heatmap = (project, range, params = {}) =>
  api.get(`${base(project)}/heatmap?${qs({ from: range.from, to: range.to, ...params })}`);
export const paths = (project, range, limit = 10) =>
  api.get(`${base(project)}/paths?${qs({ from: range.from, to: range.to, limit })}`);
export const callReportCsvUrl = (project, range, params = {}) =>
  `${base(project)}/calls?${qs({ from: range.from, to: range.to, ...params, format: 'csv' })}`;
