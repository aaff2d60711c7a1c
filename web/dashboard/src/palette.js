// The dashboard's series colours, shared by the ECharts charts (charts.js) and the ones drawn with the page.
// Sixteen, all told apart at a glance: a project's channels (the ten of API.md plus its static numbers' own,
// such as billboard or radio) often pass ten, and a colour used twice made two channels look like one.
export const PALETTE = [
  '#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6',
  '#64748b', '#a3a3a3', '#84cc16', '#f97316', '#0e7490', '#be185d', '#a16207', '#1e3a8a'
];
