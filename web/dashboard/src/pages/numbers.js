// Numbers & pools: static numbers with their channels, pools with live utilization, peak and exhaustion over the
// last 30 days (a warning when a pool ran out), the sizing advisor's recommendation and curve, and forms to add or edit numbers and pools.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad, Loaded, Card, Table, Badge, Drawer, Field, Empty } from '../ui.js';
import { useSubmit, FormError, formValues } from '../form.js';
import { phone, channelName, num, CHANNEL_NAMES } from '../format.js';
import { PoolAdvice } from './pool_advice.js';

const CHANNELS = [...Object.keys(CHANNEL_NAMES).filter((c) => c !== 'none'), 'billboard', 'radio', 'print', 'callback'];

// A pool's numbers: all of them when few, else the first few and the rest behind a disclosure (a pool of hundreds
// would push its stats and the sizing advice a screen down).
const NUMBERS_SHOWN = 12;
function PoolNumbers({ numbers }) {
  const list = (ns) => ns.map((n) => phone(n.number)).join(' \u00b7 ');
  if (numbers.length <= NUMBERS_SHOWN) return html`<div class="muted small">${list(numbers)}</div>`;
  return html`<details class="muted small pool-numbers"><summary>${list(numbers.slice(0, NUMBERS_SHOWN))} \u00b7 and ${num(numbers.length - NUMBERS_SHOWN)} more</summary>${list(numbers.slice(NUMBERS_SHOWN))}</details>`;
}

function PoolCard({ project, pool, numbers }) {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86400000);
  const stats = useLoad(() => api.get(`/v1/projects/${project.id}/pools/${pool.id}/stats?from=${from.toISOString()}&to=${to.toISOString()}`), [pool.id]);
  return html`<div class="pool" data-pool=${pool.id}>
    <div class="pool-head"><strong>${pool.name}</strong><span class="muted small">replaces ${pool.replace.map(phone).join(', ') || '—'}</span></div>
    <${Loaded} state=${stats}>${(s) => {
      const use = s.size ? (s.in_use / s.size) * 100 : 0;
      return html`<div class="meter" role="meter" aria-label="In use now" aria-valuenow=${s.in_use} aria-valuemax=${s.size}><span style=${{ width: `${use}%` }} class=${use >= 90 ? 'hot' : ''}></span></div>
      <div class="pool-stats">
        <div><div class="stat" data-stat="in_use">${num(s.in_use)} / ${num(s.size)}</div><div class="muted small">in use now</div></div>
        <div><div class="stat" data-stat="peak">${num(s.peak_in_use)}</div><div class="muted small">peak, 30 days</div></div>
        <div><div class="stat" data-stat="exhausted">${num(s.exhausted_total)}</div><div class="muted small">times exhausted</div></div>
        <div><div class="stat">${num(s.sessions_total)}</div><div class="muted small">visits</div></div>
      </div>
      ${(s.saturated || s.exhausted_total > 0) && html`<div class="warning" role="alert">This pool is too small: it ran out ${num(s.exhausted_total)} time${s.exhausted_total === 1 ? '' : 's'} and its peak reached all ${num(s.size)} numbers. Visitors then saw ${pool.when_exhausted === 'default_number' ? 'the site\u2019s own number' : 'a number still held by someone else'}, so some calls cannot be credited to the right visit. Add numbers.</div>`}
      ${s.size === 0 && html`<div class="warning" role="alert">This pool has no numbers yet: add pool numbers below.</div>`}`;
    }}</${Loaded}>
    <${PoolNumbers} numbers=${numbers} />
    <${PoolAdvice} project=${project} pool=${pool} />
  </div>`;
}

function NumberForm({ project, pools, number, onDone }) {
  const s = useSubmit();
  const [kind, setKind] = useState(number ? number.kind : 'static');
  const save = (e) => {
    e.preventDefault();
    const v = formValues(e.target);
    if (number) delete v.number;
    if (v.kind === 'static') delete v.pool_id;
    if (number) delete v.kind;
    s.submit(() => (number ? api.patch(`/v1/projects/${project.id}/numbers/${number.id}`, v) : api.post(`/v1/projects/${project.id}/numbers`, v))).then((r) => r && onDone());
  };
  const n = number || {};
  return html`<form class="form" onSubmit=${save}>
    ${!number && html`<${Field} label="Phone number" hint="Any written form; numbers without + are read in the project's country."><input name="number" required placeholder="(212) 555-0101" /></${Field}>`}
    ${!number && html`<${Field} label="Kind"><select name="kind" value=${kind} onChange=${(e) => setKind(e.target.value)}><option value="static">Static — one channel (billboard, radio, listing)</option><option value="pool">Pool — given to website visits</option></select></${Field}>`}
    ${kind === 'pool' && !number && html`<${Field} label="Pool"><select name="pool_id" required>${pools.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select></${Field}>`}
    ${kind === 'static' && html`<${Field} label="Channel"><select name="channel" value=${n.channel || 'offline'}>${CHANNELS.map((c) => html`<option value=${c}>${channelName(c)}</option>`)}</select></${Field}>
      <div class="row3"><${Field} label="Source"><input name="source" value=${n.source || ''} /></${Field}><${Field} label="Medium"><input name="medium" value=${n.medium || ''} /></${Field}><${Field} label="Campaign"><input name="campaign" value=${n.campaign || ''} /></${Field}></div>`}
    <${Field} label="Label"><input name="label" value=${n.label || ''} placeholder="I-95 billboard" /></${Field}>
    <${Field} label="Forward calls to" hint="Where calls go when no routing plan is set."><input name="forward_to" value=${n.forward_to || ''} /></${Field}>
    <${FormError} error=${s.error} />
    <button class="btn primary" disabled=${s.busy}>${number ? 'Save number' : 'Add number'}</button>
  </form>`;
}

function PoolForm({ project, onDone }) {
  const s = useSubmit();
  const save = (e) => {
    e.preventDefault();
    const v = formValues(e.target);
    v.replace = (v.replace || '').split(',').map((x) => x.trim()).filter(Boolean);
    s.submit(() => api.post(`/v1/projects/${project.id}/pools`, v)).then((r) => r && onDone());
  };
  return html`<form class="form" onSubmit=${save}>
    <${Field} label="Name"><input name="name" required placeholder="Website" /></${Field}>
    <${Field} label="Site numbers it stands in for" hint="Comma-separated; the snippet swaps these on your pages."><input name="replace" required placeholder="(212) 555-0100" /></${Field}>
    <${Field} label="Hold after the last ping (seconds)" hint="Empty: the project's setting."><input name="hold_seconds" type="number" min="1" /></${Field}>
    <${Field} label="When every number is taken"><select name="when_exhausted"><option value="default_number">Show the site's own number</option><option value="reuse_oldest">Reuse the longest-held number</option></select></${Field}>
    <${FormError} error=${s.error} />
    <button class="btn primary" disabled=${s.busy}>Create pool</button>
  </form>`;
}

export function Numbers({ project }) {
  const state = useLoad(async () => {
    const [n, p] = await Promise.all([api.get(`/v1/projects/${project.id}/numbers`), api.get(`/v1/projects/${project.id}/pools`)]);
    return { numbers: n.numbers, pools: p.pools };
  }, [project.id]);
  const [editing, setEditing] = useState(null);  // 'new-number' | 'new-pool' | a number
  const done = () => { setEditing(null); state.reload(); };
  return html`<div class="page numbers">
    <${Loaded} state=${state}>${(d) => {
      const statics = d.numbers.filter((n) => n.kind === 'static');
      return html`
      <${Card} title="Pools" actions=${html`<button class="btn" onClick=${() => setEditing('new-pool')}>New pool</button>`}>
        ${d.pools.length ? html`<div class="pools">${d.pools.map((p) => html`<${PoolCard} project=${project} pool=${p} numbers=${d.numbers.filter((n) => n.pool_id === p.id)} />`)}</div>`
          : html`<${Empty} title="No pools">A pool gives each website visit its own number, so a call is credited to the visit.</${Empty}>`}
      </${Card}>
      <${Card} title="Static numbers" actions=${html`<button class="btn primary" onClick=${() => setEditing('new-number')}>Add number</button>`}>
        ${statics.length ? html`<${Table} rows=${statics} onRow=${(n) => setEditing(n)} rowTitle="Edit" columns=${[
          { key: 'number', label: 'Number', render: (n) => phone(n.number) },
          { key: 'label', label: 'Label' },
          { key: 'channel', label: 'Channel', render: (n) => html`<${Badge}>${channelName(n.channel)}</${Badge}>` },
          { key: 'source', label: 'Source / medium', render: (n) => [n.source, n.medium].filter(Boolean).join(' / ') || '—' },
          { key: 'campaign', label: 'Campaign' }]} />`
          : html`<${Empty} title="No static numbers">Give a billboard, a radio spot or a listing its own number.</${Empty}>`}
      </${Card}>
      ${editing && html`<${Drawer} title=${editing === 'new-pool' ? 'New pool' : editing === 'new-number' ? 'Add a number' : `Edit ${phone(editing.number)}`} onClose=${() => setEditing(null)}>
        ${editing === 'new-pool' ? html`<${PoolForm} project=${project} onDone=${done} />` : html`<${NumberForm} project=${project} pools=${d.pools} number=${editing === 'new-number' ? null : editing} onDone=${done} />`}
      </${Drawer}>`}`;
    }}</${Loaded}>
  </div>`;
}
