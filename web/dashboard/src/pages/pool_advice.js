// The pool sizing advisor on a pool's card (docs/pool-advisor.md): the recommended size against the current one for
// a target accuracy, and the accuracy / cost curve of the pool's last 14 days replayed at other sizes.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad, Loaded } from '../ui.js';
import { Chart } from '../charts.js';
import { num } from '../format.js';
import { uncheckedCalls } from '../advice_caveat.js';

const TARGETS = [0.8, 0.85, 0.9, 0.95];
const percent = (share) => Math.round(share * 1000) / 10;

function curveOption(advice) {
  const points = advice.curve;
  const line = (name, key) => ({ name, type: 'line', showSymbol: points.length < 30, data: points.map((p) => [p.pool_size, percent(p[key])]) });
  return {
    grid: { left: 40, right: 12, top: 28, bottom: 28 },
    legend: { top: 0, itemWidth: 12, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v} %` },
    // Sizes run from 1 to several hundred and the knee is near the start: a log axis keeps it readable.
    xAxis: { type: 'log', logBase: 10, name: 'numbers', nameLocation: 'middle', nameGap: 20, min: 1, max: 'dataMax' },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      line('Channel accuracy', 'channel_accuracy'),
      line('Wrong', 'wrong'),
      { name: 'Target', type: 'line', showSymbol: false, lineStyle: { type: 'dashed', width: 1 }, data: [[points[0].pool_size, percent(advice.target)], [points[points.length - 1].pool_size, percent(advice.target)]] },
    ],
  };
}

function Verdict({ advice }) {
  const target = `${percent(advice.target)} %`;
  if (advice.status === 'insufficient_traffic')
    return html`<div class="muted small" data-advice="insufficient_traffic">Not enough traffic in the last ${advice.days} days to advise a size: ${num(advice.sessions)} of ${num(advice.min_sessions)} visits and ${num(advice.calls)} of ${num(advice.min_calls)} calls needed.</div>`;
  if (advice.status === 'target_unreachable')
    return html`<div class="small" data-advice="target_unreachable">No pool size reaches ${target} on this traffic (the curve shows the best there is): late callers cannot be told apart by any number of numbers.</div>`;
  const n = advice.recommended_size, now = advice.current_size;
  const change = n > now ? `add ${num(n - now)}` : n < now ? `${num(now - n)} could go` : 'the size is right';
  return html`<div class="small" data-advice="ok"><strong data-stat="recommended">${num(n)}</strong> numbers reach ${target} channel accuracy; you have <strong data-stat="current">${num(now)}</strong> (${change}).</div>`;
}

// The replay cannot check calls without a recorded visit in its window; when many are, say the advice may be low.
function Caveat({ advice }) {
  const u = uncheckedCalls(advice);
  if (!u) return null;
  return html`<div class="warning small" data-advice-caveat>The replay could not check ${num(u.unchecked)} of the pool's ${num(u.calls)} calls (${u.percent} %): they have no recorded visit in these ${num(advice.days)} days. It also takes the other calls' recorded visits as the truth. If the pool ran out in these days, both make this size too low: add numbers first, then ask again after a week or two.</div>`;
}

export function PoolAdvice({ project, pool }) {
  const [target, setTarget] = useState(0.95);
  const advice = useLoad(() => api.get(`/v1/projects/${project.id}/pools/${pool.id}/advice?target=${target}`), [pool.id, target]);
  return html`<div class="pool-advice" data-pool-advice=${pool.id}>
    <div class="pool-head"><span class="small"><strong>Sizing advice</strong> <span class="muted">— last 14 days replayed</span></span>
      <label class="small">target <select aria-label="Target accuracy" value=${target} onChange=${(e) => setTarget(Number(e.target.value))}>${TARGETS.map((t) => html`<option value=${t}>${percent(t)} %</option>`)}</select></label></div>
    <${Loaded} state=${advice}>${(a) => html`<${Verdict} advice=${a} /><${Caveat} advice=${a} />
      ${a.curve.length > 0 && html`<${Chart} height=${180} label="Accuracy by pool size" option=${curveOption(a)} />`}`}</${Loaded}>
  </div>`;
}
