// Overview: the numbers first (KPI tiles against the previous period), calls per day by channel, the hour ×
// weekday heat map, top channels and campaigns. Every row is a filter for the whole page.
import { html } from '../html.js';
import { StackedBars } from '../barchart.js';
import { HeatGrid } from '../heatgrid.js';
import { useLoad, Loaded, Card, Empty } from '../ui.js';
import { setParams } from '../route.js';
import { callReport, heatmap } from '../reports.js';
import { FilterChips, REPORT_FILTERS, pick } from '../filters.js';
import { num, pct, duration, money, ratio, rangeOf, previousRange, channelName, shortDay, addDays } from '../format.js';

const KPIS = [
  { key: 'calls', label: 'Calls', value: (t) => t.calls, fmt: num },
  { key: 'target_pct', label: 'Target calls', value: (t) => ratio(t.target, t.calls), fmt: pct, sub: (t) => `${num(t.target)} target` },
  { key: 'missed_pct', label: 'Missed', value: (t) => ratio(t.missed, t.calls), fmt: pct, lowerIsBetter: true, sub: (t) => `${num(t.missed)} missed` },
  { key: 'unique', label: 'Unique callers', value: (t) => t.unique, fmt: num },
  { key: 'first_time', label: 'First-time', value: (t) => t.first_time, fmt: num },
  { key: 'avg_wait', label: 'Avg wait', value: (t) => t.avg_wait_seconds, fmt: duration, lowerIsBetter: true },
  { key: 'cpt', label: 'Cost / target call', value: (t) => t.cost_per_target_call, fmtc: money, lowerIsBetter: true },
  { key: 'romi', label: 'ROMI', value: (t) => t.romi, fmt: pct }
];

function change(now, before, lowerIsBetter) {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  if (before === 0) return now === 0 ? { text: '0 %', cls: 'flat' } : { text: 'new', cls: 'flat' };
  const d = ((now - before) / Math.abs(before)) * 100;
  const good = lowerIsBetter ? d < 0 : d > 0;
  return { text: `${d > 0 ? '↑' : d < 0 ? '↓' : ''} ${Math.abs(d).toFixed(0)} %`, cls: Math.abs(d) < 0.5 ? 'flat' : good ? 'up' : 'down' };
}

function Tiles({ now, before, currency }) {
  return html`<div class="tiles">${KPIS.map((k) => {
    const v = k.value(now);
    const c = change(v, k.value(before), k.lowerIsBetter);
    const fmt = k.fmtc ? (x) => k.fmtc(x, currency) : k.fmt;
    return html`<div class="tile" data-kpi=${k.key}>
      <div class="tile-label">${k.label}</div>
      <div class="tile-value">${fmt(v)}</div>
      <div class="tile-foot">${c && html`<span class=${`delta ${c.cls}`} title="against the previous period">${c.text}</span>`}
        ${k.sub && html`<span class="muted">${k.sub(now)}</span>`}</div>
    </div>`;
  })}</div>`;
}

/** Calls per day by channel for StackedBars: every day of the range, channels with the most calls first. */
function dailyBars(rows, range) {
  const days = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  const totals = new Map();
  rows.forEach((r) => totals.set(r.channel || 'none', (totals.get(r.channel || 'none') || 0) + r.calls));
  const channels = [...totals.keys()].filter((c) => totals.get(c) > 0).sort((a, b) => totals.get(b) - totals.get(a));
  const by = new Map(rows.map((r) => [`${r.date}|${r.channel || 'none'}`, r.calls]));
  return { labels: days.map(shortDay), series: channels.map((c) => ({ name: channelName(c === 'none' ? null : c),
    values: days.map((d) => by.get(`${d}|${c}`) || 0) })) };
}

function TopList({ rows, dim, label, name, total }) {
  if (!rows.length) return html`<${Empty} title="No calls" />`;
  const max = Math.max(...rows.map((r) => r.calls), 1);
  return html`<div class="toplist" role="table" aria-label=${label}>
    <div class="toplist-head" role="row"><span role="columnheader">${label}</span><span role="columnheader">Calls</span><span role="columnheader">Target</span></div>
    ${rows.map((r) => html`<button class="toplist-row" role="row" title=${`Show only ${name(r[dim])}`}
        onClick=${() => setParams({ [dim]: r[dim] || null })} disabled=${!r[dim]}>
      <span class="bar" style=${{ width: `${(r.calls / max) * 100}%` }}></span>
      <span class="toplist-name" role="cell">${name(r[dim])}</span>
      <span class="num" role="cell" data-col="calls">${num(r.calls)}</span>
      <span class="num muted" role="cell" data-col="target">${num(r.target)}</span>
    </button>`)}
    ${total !== undefined && html`<div class="muted small">${num(total)} calls in all</div>`}
  </div>`;
}

/**
 * Top channels from the calls-per-day-by-channel rows: the same figures as `group_by=channel` (every call is in
 * exactly one day and channel), in the report's order (most calls first, then by name), one request fewer.
 */
export function channelRows(dailyRows) {
  const by = new Map();
  for (const r of dailyRows) {
    const row = by.get(r.channel) || by.set(r.channel, { channel: r.channel, calls: 0, target: 0 }).get(r.channel);
    row.calls += r.calls;
    row.target += r.target;
  }
  return [...by.values()].sort((a, b) => b.calls - a.calls || (a.channel || '').localeCompare(b.channel || ''));
}

// Four report requests (API.md "Reports"), where there were six: this period's totals come with its calls per day
// by channel (a report's totals do not depend on its grouping) and the top channels are summed from those rows.
// The server runs reports one at a time in the order they arrive, so fewer requests are answered sooner. The
// heat map (a grid of cells, heatgrid.js) has its own request and state: a new metric asks for it alone.
export function Overview({ project, params }) {
  const range = rangeOf(params, project.timezone);
  const prev = previousRange(range);
  const filters = pick(params, REPORT_FILTERS);
  const fkey = JSON.stringify([range, filters]);
  const state = useLoad(async () => {
    const [daily, before, campaigns] = await Promise.all([
      callReport(project, range, { ...filters, group_by: 'date,channel' }), callReport(project, prev, filters),
      callReport(project, range, { ...filters, group_by: 'campaign' })
    ]);
    return { now: daily.totals, before: before.totals, daily: dailyBars(daily.rows, range),
      channels: channelRows(daily.rows), campaigns: campaigns.rows };
  }, [project.id, fkey]);
  const heat = useLoad(() => heatmap(project, range, { ...filters, metric: params.heat || 'calls' }), [project.id, fkey, params.heat]);
  return html`<div class="page overview">
    <${FilterChips} params=${params} keys=${REPORT_FILTERS} />
    <${Loaded} state=${state}>${(d) => html`
      <${Tiles} now=${d.now} before=${d.before} currency=${project.currency} />
      <${Card} title="Calls per day by channel">
        ${d.now.calls ? html`<${StackedBars} label="Calls per day by channel" ...${d.daily} height=${300} />`
          : html`<${Empty} title="No calls in this period">Calls appear here as soon as your numbers ring.</${Empty}>`}
      </${Card}>
      <div class="grid-2">
        <${Card} title="Top channels"><${TopList} rows=${d.channels.filter((r) => r.calls > 0).slice(0, 8)} dim="channel" label="Channel" name=${channelName} /></${Card}>
        <${Card} title="Top campaigns"><${TopList} rows=${d.campaigns.filter((r) => r.calls > 0).slice(0, 8)} dim="campaign" label="Campaign" name=${(c) => c || '(no campaign)'} /></${Card}>
      </div>
      <${Card} title="When calls come" actions=${html`<div class="seg" role="group" aria-label="Heat map metric">
          ${[['calls', 'All calls'], ['missed', 'Missed'], ['target', 'Target']].map(([v, l]) => html`<button class=${(params.heat || 'calls') === v ? 'on' : ''}
            aria-pressed=${(params.heat || 'calls') === v} onClick=${() => setParams({ heat: v === 'calls' ? null : v })}>${l}</button>`)}</div>`}>
        <p class="muted small">Hour × weekday in ${project.timezone}.</p>
        <${Loaded} state=${heat}>${(h) => html`<${HeatGrid} label="Calls by hour and weekday" data=${h} />`}</${Loaded}>
      </${Card}>`}
    </${Loaded}>
  </div>`;
}
