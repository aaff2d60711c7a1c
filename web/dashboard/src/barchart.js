// Stacked bars drawn with the page (HTML and CSS, no chart library): a column per category (a day), a segment per
// series (a channel) in its colour, gridlines at round values, every few categories labelled, a legend, and a
// tooltip per column with its total and each series' figure. The overview's calls per day; ECharts' first drawing
// of the same chart took ~0.2 s of the overview's first render, and loading ECharts itself more.
import { html } from './html.js';
import { PALETTE } from './palette.js';

/** About five round steps (1, 2 or 5 × 10ⁿ, whole numbers) from 0 to at least `max`. */
export function ticks(max) {
  if (max <= 0) return [0, 1];
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw));
  const out = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

/**
 * labels: the categories' names (x axis); series: [{name, values}] (values[i] for labels[i]), drawn bottom up in
 * that order with PALETTE's colours.
 */
export function StackedBars({ labels, series, height = 300, label }) {
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] || 0), 0));
  const scale = ticks(Math.max(0, ...totals));
  const top = scale[scale.length - 1];
  const every = Math.ceil(labels.length / 7);  // room for "Nov 10" under each label on a phone too
  const colour = (k) => PALETTE[k % PALETTE.length];
  const gap = { gap: labels.length > 45 ? '0' : '2px' };  // a long range (up to 366 days) needs every pixel
  return html`<div class="bars" role="img" aria-label=${label}>
    <div class="bars-plot" style=${{ height: `${height - 60}px` }}>
      ${scale.map((v) => html`<div class="bars-grid" style=${{ bottom: `${(v / top) * 100}%` }}><span>${v}</span></div>`)}
      <div class="bars-cols" style=${gap}>
        ${labels.map((name, i) => html`<div class="bars-col" title=${[`${name}: ${totals[i]}`,
          ...series.filter((x) => x.values[i]).map((x) => `${x.name} ${x.values[i]}`)].join('\n')}>
          ${series.map((x, k) => x.values[i] ? html`<div class="bars-seg" style=${{ height: `${(x.values[i] / top) * 100}%`, background: colour(k) }}></div>` : null)}
        </div>`)}
      </div>
    </div>
    <div class="bars-labels" style=${gap}>${labels.map((name, i) => html`<span>${i % every === 0 ? name : ''}</span>`)}</div>
    <div class="bars-legend">${series.map((x, k) => html`<span><i style=${{ background: colour(k) }}></i>${x.name}</span>`)}</div>
  </div>`;
}
