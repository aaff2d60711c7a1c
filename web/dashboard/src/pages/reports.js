// Reports: any dimension(s) × the figures, sorted by a click on a column; the attribution model; a chart of the
// first dimension; CSV export; and the channel paths visitors took before calling.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { Chart } from '../charts.js';
import { setParams } from '../route.js';
import { useLoad, Loaded, Card, Table, ErrorBox, Empty } from '../ui.js';
import { callReport, callReportCsvUrl, paths } from '../reports.js';
import { FilterChips, REPORT_FILTERS, pick } from '../filters.js';
import { num, pct, duration, money, rangeOf, channelName, phone } from '../format.js';

export const DIMENSIONS = [['channel', 'Channel'], ['source', 'Source'], ['medium', 'Medium'], ['campaign', 'Campaign'], ['term', 'Keyword'],
  ['landing_page', 'Landing page'], ['tracking_number', 'Number'], ['operator', 'Operator'], ['date', 'Date'], ['hour', 'Hour'], ['weekday', 'Weekday']];
export const MODELS = [['last_click', 'Last click'], ['first_click', 'First click'], ['last_non_direct', 'Last non-direct'], ['linear', 'Linear'],
  ['time_decay', 'Time decay'], ['position_based', 'Position based']];
const FILTERABLE = new Set(['channel', 'source', 'medium', 'campaign', 'tracking_number', 'operator']);

const METRICS = (currency) => [
  { key: 'calls', label: 'Calls', num: true, render: (r) => num(r.calls) },
  { key: 'target', label: 'Target', num: true, render: (r) => num(r.target) },
  { key: 'missed', label: 'Missed', num: true, render: (r) => num(r.missed) },
  { key: 'unique', label: 'Unique', num: true, render: (r) => num(r.unique) },
  { key: 'first_time', label: 'First-time', num: true, render: (r) => num(r.first_time) },
  { key: 'avg_wait_seconds', label: 'Avg wait', num: true, render: (r) => duration(r.avg_wait_seconds) },
  { key: 'avg_talk_seconds', label: 'Avg talk', num: true, render: (r) => duration(r.avg_talk_seconds) },
  { key: 'sessions', label: 'Visits', num: true, render: (r) => num(r.sessions) },
  { key: 'call_conversion', label: 'Conv.', num: true, render: (r) => pct(r.call_conversion) },
  { key: 'cost', label: 'Cost', num: true, render: (r) => money(r.cost, currency) },
  { key: 'cost_per_target_call', label: 'Cost/target', num: true, render: (r) => money(r.cost_per_target_call, currency) },
  { key: 'deals', label: 'Deals', num: true, render: (r) => num(r.deals) },
  { key: 'revenue', label: 'Revenue', num: true, render: (r) => money(r.revenue, currency) },
  { key: 'romi', label: 'ROMI', num: true, render: (r) => pct(r.romi) }
];

function dimValue(dim, v) {
  if (v === null || v === undefined || v === '') return html`<span class="muted">(none)</span>`;
  if (dim === 'channel') return channelName(v);
  if (dim === 'tracking_number') return phone(v);
  if (dim === 'hour') return `${String(v).padStart(2, '0')}:00`;
  if (dim === 'weekday') return String(v).replace(/^./, (c) => c.toUpperCase());
  return v;
}

function chartOption(rows, dim) {
  const top = rows.slice(0, 12);
  const label = (r) => { const v = dimValue(dim, r[dim]); return typeof v === 'string' ? v : String(r[dim] ?? '(none)'); };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: top.map(label), axisLabel: { color: '#64748b', interval: 0, rotate: top.length > 6 ? 30 : 0, width: 110, overflow: 'truncate' }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f1f5f9' } } },
    series: [{ name: 'Calls', type: 'bar', data: top.map((r) => r.calls), barMaxWidth: 36 }, { name: 'Target', type: 'bar', data: top.map((r) => r.target), barMaxWidth: 36 }]
  };
}

function Paths({ project, range }) {
  const state = useLoad(() => paths(project, range, 10), [project.id, range.from, range.to]);
  return html`<${Card} title="Paths before a call">
    <${Loaded} state=${state}>${(d) => !d.paths.length ? html`<${Empty} title="No paths yet">Paths come from the visits of callers who came through the website snippet.</${Empty}>` : html`
      <p class="muted small">${num(d.calls_with_path)} calls had visits before them; ${num(d.calls_without_path)} had none (static numbers, unattributed).</p>
      <ol class="paths">${d.paths.map((p) => html`<li><span class="path">${p.path.map((c, i) => html`${i ? html`<span class="arrow">→</span>` : ''}<span class="step">${channelName(c)}</span>`)}</span>
        <span class="num">${num(p.calls)} calls</span><span class="num muted">${num(p.target)} target</span></li>`)}</ol>`}
    </${Loaded}>
  </${Card}>`;
}

export function Reports({ project, params }) {
  const range = rangeOf(params, project.timezone);
  const dims = (params.group_by || 'channel').split(',').filter((d) => DIMENSIONS.some(([k]) => k === d));
  const model = params.model || 'last_click';
  const filters = pick(params, REPORT_FILTERS);
  const query = { ...filters, group_by: dims.join(','), model: model === 'last_click' ? undefined : model };
  const state = useLoad(() => callReport(project, range, query), [project.id, JSON.stringify([range, query])]);
  const [exportError, setExportError] = useState(null);
  const toggle = (d) => {
    const next = dims.includes(d) ? dims.filter((x) => x !== d) : [...dims, d];
    setParams({ group_by: next.join(',') || null });
  };
  const metrics = METRICS(project.currency);
  const columns = [...dims.map((d) => ({ key: d, label: DIMENSIONS.find(([k]) => k === d)[1], render: (r) => dimValue(d, r[d]) })), ...metrics];
  const onRow = dims.length === 1 && FILTERABLE.has(dims[0]) ? (r) => r[dims[0]] && setParams({ [dims[0]]: r[dims[0]] }) : undefined;
  return html`<div class="page reports">
    <div class="toolbar">
      <div class="dims" role="group" aria-label="Group by">${DIMENSIONS.map(([k, label]) => html`<button class=${`pill ${dims.includes(k) ? 'on' : ''}`}
        aria-pressed=${dims.includes(k)} onClick=${() => toggle(k)}>${label}</button>`)}</div>
      <label class="filter">Model <select aria-label="Attribution model" value=${model} onChange=${(e) => setParams({ model: e.target.value === 'last_click' ? null : e.target.value })}>
        ${MODELS.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></label>
    </div>
    <${FilterChips} params=${params} keys=${REPORT_FILTERS} />
    <${Loaded} state=${state}>${(d) => html`
      ${dims.length > 0 && d.rows.length > 0 && html`<${Card} title=${`Calls by ${DIMENSIONS.find(([k]) => k === dims[0])[1].toLowerCase()}`}>
        <${Chart} label="Report chart" option=${chartOption(d.rows, dims[0])} height=${260} /></${Card}>`}
      <${Card} title="Report" actions=${html`<button class="btn" onClick=${() => api.download(callReportCsvUrl(project, range, query), 'report.csv').then(() => setExportError(null), setExportError)}>Export CSV</button>`}>
        <${ErrorBox} error=${exportError} />
        ${d.rows.length ? html`<${Table} columns=${columns} rows=${d.rows} onRow=${onRow} rowTitle=${onRow && 'Filter by this row'}
          footer=${dims.length && Object.fromEntries([[columns[0].key, 'Total'], ...metrics.map((m) => [m.key, m.render(d.totals)])])} />`
          : html`<${Empty} title="No calls in this period">Try a longer period or fewer filters.</${Empty}>`}
      </${Card}>`}
    </${Loaded}>
    <${Paths} project=${project} range=${range} />
  </div>`;
}
