// The hour × weekday heat map as a grid of cells, without a chart library: a cell per weekday and hour coloured by
// its figure (its tooltip says it), hours under the grid, weekdays beside it, and the scale from 0 to the busiest
// hour. Drawn with the page, unlike a chart (ECharts' first drawing of a heat map cost the overview ~0.1 s).
import { html } from './html.js';

const SCALE = ['#eef2ff', '#a5b4fc', '#4f46e5', '#312e81'];
const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const pad = (h) => String(h).padStart(2, '0');

/** The colour of `v` between 0 (the scale's first colour) and `max` (its last), blended between its stops. */
export function heatColour(v, max) {
  const x = (max > 0 ? Math.min(1, Math.max(0, v / max)) : 0) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(x));
  const a = rgb(SCALE[i]), b = rgb(SCALE[i + 1]);
  return `rgb(${a.map((c, k) => Math.round(c + (b[k] - c) * (x - i))).join(', ')})`;
}

/** data: a heat map report ({hours, weekdays, matrix[weekday][hour]}). */
export function HeatGrid({ data, label }) {
  const names = data.weekdays.map((w) => w.slice(0, 3).replace(/^./, (c) => c.toUpperCase()));
  const max = Math.max(0, ...data.matrix.flat());
  return html`<div class="heat" role="img" aria-label=${label}>
    <div class="heat-grid" style=${{ gridTemplateColumns: `36px repeat(${data.hours.length}, minmax(0, 1fr))` }}>
      ${data.matrix.map((line, d) => html`<div class="heat-day">${names[d]}</div>
        ${line.map((v, h) => html`<div class="heat-cell" style=${{ background: heatColour(v, max) }}
          title=${`${names[d]} ${pad(data.hours[h])}:00 — ${v} calls`}></div>`)}`)}
      <div></div>
      ${data.hours.map((h) => html`<div class="heat-hour">${h % 3 === 0 ? pad(h) : ''}</div>`)}
    </div>
    <div class="heat-scale"><span>0</span><span class="heat-ramp" style=${{ background: `linear-gradient(to right, ${SCALE.join(', ')})` }}></span><span>${max}</span></div>
  </div>`;
}
