// Calls: the call log with filters in the URL, pages of 50 loaded as you scroll, a call's details with its
// attribution, flags, recording and the caller's history, and CSV export of everything the filters match.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, qs } from '../api.js';
import { setParams } from '../route.js';
import { useLoad, Spinner, ErrorBox, Empty, Badge, Drawer, Card } from '../ui.js';
import { FilterChips, pick } from '../filters.js';
import { rangeOf, dayStart, addDays, dateTime, duration, phone, channelName, STATUS_NAMES, CHANNEL_NAMES, num } from '../format.js';

const FILTERS = ['channel', 'status', 'target', 'unique', 'first_time', 'tracking_number', 'operator', 'caller'];
const FLAG_BADGES = [['target', 'Target', 'good'], ['unique', 'Unique', 'info'], ['first_time', 'First-time', 'info'],
  ['repeat', 'Repeat', ''], ['missed', 'Missed', 'bad'], ['abandoned', 'Abandoned', 'bad'], ['off_hours', 'Off hours', 'warn'], ['spam', 'Spam', 'bad']];

const LINE_TYPES = { mobile: 'mobile', fixed_line: 'landline', fixed_line_or_mobile: 'landline or mobile', toll_free: 'toll-free', voip: 'VoIP' };
const lineType = (t) => (!t || t === 'unknown' ? '' : LINE_TYPES[t] || t.replace(/_/g, ' '));

const callsPath = (project) => `/v1/projects/${encodeURIComponent(project.id)}/calls`;

/** The API query for the page's URL: days in the project's timezone → instants. */
function callQuery(project, params) {
  const range = rangeOf(params, project.timezone);
  return { from: dayStart(range.from, project.timezone).toISOString(), to: dayStart(addDays(range.to, 1), project.timezone).toISOString(), ...pick(params, FILTERS) };
}

/** The call's flags as badges; `brief` leaves out what the status already says (missed, abandoned). */
export function Flags({ flags, brief }) {
  return html`<span class="flags">${FLAG_BADGES.filter(([k]) => flags[k] && !(brief && (k === 'missed' || k === 'abandoned'))).map(([k, label, kind]) => html`<${Badge} kind=${kind}>${label}</${Badge}>`)}</span>`;
}

const statusBadge = (c) => html`<${Badge} kind=${c.status === 'answered' ? 'good' : 'bad'}>${STATUS_NAMES[c.status] || c.status}</${Badge}>`;

function Select({ label, value, options, onChange }) {
  return html`<label class="filter"><span class="sr">${label}</span><select aria-label=${label} value=${value || ''} onChange=${(e) => onChange(e.target.value || null)}>
    <option value="">${label}: any</option>${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></label>`;
}

function FilterBar({ project, params }) {
  const numbers = useLoad(() => api.get(`/v1/projects/${encodeURIComponent(project.id)}/numbers`), [project.id]);
  const operators = useLoad(() => api.get(`/v1/projects/${encodeURIComponent(project.id)}/operators`), [project.id]);
  const yesNo = [['true', 'Yes'], ['false', 'No']];
  return html`<div class="filterbar">
    <${Select} label="Channel" value=${params.channel} options=${Object.entries(CHANNEL_NAMES).filter(([k]) => k !== 'none')} onChange=${(v) => setParams({ channel: v })} />
    <${Select} label="Status" value=${params.status} options=${[['missed', 'Missed (all)'], ...Object.entries(STATUS_NAMES)]} onChange=${(v) => setParams({ status: v })} />
    <${Select} label="Target" value=${params.target} options=${yesNo} onChange=${(v) => setParams({ target: v })} />
    <${Select} label="Unique" value=${params.unique} options=${yesNo} onChange=${(v) => setParams({ unique: v })} />
    <${Select} label="First-time" value=${params.first_time} options=${yesNo} onChange=${(v) => setParams({ first_time: v })} />
    <${Select} label="Number" value=${params.tracking_number} options=${((numbers.data && numbers.data.numbers) || []).map((n) => [n.number, `${phone(n.number)}${n.label ? ' · ' + n.label : ''}`])} onChange=${(v) => setParams({ tracking_number: v })} />
    <${Select} label="Operator" value=${params.operator} options=${((operators.data && operators.data.operators) || []).map((o) => [o.name, o.name])} onChange=${(v) => setParams({ operator: v })} />
  </div>`;
}

function Attribution({ a }) {
  const rows = [['Method', a.method === 'none' ? 'Unattributed' : a.method.replace('_', ' ')], ['Confidence', a.method === 'none' ? '—' : `${Math.round(a.confidence * 100)} %`],
    ['Channel', channelName(a.channel)], ['Source', a.source], ['Medium', a.medium], ['Campaign', a.campaign], ['Term', a.term],
    ['Landing page', a.landing_page && html`<a href=${a.landing_page} target="_blank" rel="noopener noreferrer" class="break">${a.landing_page}</a>`]];
  return html`<dl class="dl">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v || '—'}</dd>`)}</dl>`;
}

function CallDetails({ project, call, onClose }) {
  const history = useLoad(() => api.get(`${callsPath(project)}?${qs({ caller: call.caller, limit: 50 })}`), [call.id]);
  const tz = project.timezone;
  return html`<${Drawer} title=${`Call from ${phone(call.caller)}`} onClose=${onClose}>
    <div class="detail-head">${statusBadge(call)} <${Flags} flags=${call.flags} /></div>
    <dl class="dl">
      <dt>Started</dt><dd>${dateTime(call.started_at, tz)}</dd>
      <dt>Tracking number</dt><dd>${phone(call.tracking_number)}</dd>
      <dt>Caller</dt><dd>${phone(call.caller)} <span class="muted">${[call.caller_region, lineType(call.caller_line_type)].filter(Boolean).join(' · ')}</span></dd>
      <dt>Wait</dt><dd>${duration(call.wait_seconds)}</dd><dt>Talk</dt><dd>${duration(call.talk_seconds)}</dd>
      <dt>Operator</dt><dd>${call.operator || '—'}</dd>
    </dl>
    ${call.recording_url && html`<h3>Recording</h3><audio controls preload="none" src=${call.recording_url} class="player"></audio>`}
    <h3>Attribution</h3><${Attribution} a=${call.attribution} />
    <h3>Caller's history</h3>
    ${history.error ? html`<${ErrorBox} error=${history.error} />` : !history.data ? html`<${Spinner} />` : html`<ol class="history">
      ${history.data.calls.map((c) => html`<li class=${c.id === call.id ? 'current' : ''}><span>${dateTime(c.started_at, tz)}</span>
        <span>${channelName(c.attribution.channel)}</span><span>${statusBadge(c)}</span><span class="muted">${duration(c.talk_seconds)}</span></li>`)}
    </ol>
    <p class="muted small">${history.data.calls.length} call${history.data.calls.length === 1 ? '' : 's'} from this number.
      <button class="link" onClick=${() => { onClose(); setParams({ caller: call.caller }); }}>Show them in the log</button></p>`}
  </${Drawer}>`;
}

export function Calls({ project, params }) {
  const query = callQuery(project, params);
  const key = JSON.stringify(query);
  const [pages, setPages] = useState({ calls: [], cursor: null, loading: true, error: null, done: false });
  const [open, setOpen] = useState(null);
  const sentinel = useRef(null);
  const load = async (cursor, reset) => {
    setPages((p) => ({ ...p, loading: true, error: null }));
    try {
      const r = await api.get(`${callsPath(project)}?${qs({ ...query, limit: 50, cursor })}`);
      setPages((p) => ({ calls: reset ? r.calls : [...p.calls, ...r.calls], cursor: r.next_cursor, loading: false, error: null, done: !r.next_cursor }));
    } catch (error) {
      setPages((p) => ({ ...p, loading: false, error }));
    }
  };
  useEffect(() => { setPages({ calls: [], cursor: null, loading: true, error: null, done: false }); load(null, true); }, [project.id, key]);
  useEffect(() => {
    if (!sentinel.current) return undefined;
    const io = new IntersectionObserver((es) => { if (es[0].isIntersecting && !pages.loading && !pages.done && !pages.error) load(pages.cursor); });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [pages.cursor, pages.loading, pages.done, pages.error]);
  const [exporting, setExporting] = useState(null);
  const exportCsv = async () => {
    setExporting('busy');
    try { await api.download(`${callsPath(project)}?${qs({ ...query, format: 'csv' })}`, 'calls.csv'); setExporting(null); }
    catch (e) { setExporting(e); }
  };
  const tz = project.timezone;
  return html`<div class="page calls">
    <${FilterBar} project=${project} params=${params} />
    <${FilterChips} params=${params} keys=${FILTERS} />
    <${Card} title="Call log" actions=${html`<button class="btn" onClick=${exportCsv} disabled=${exporting === 'busy'}>${exporting === 'busy' ? 'Exporting…' : 'Export CSV'}</button>`}>
      ${exporting && exporting !== 'busy' && html`<${ErrorBox} error=${exporting} />`}
      ${!pages.calls.length && !pages.loading && !pages.error ? html`<${Empty} title="No calls match">Try a longer period or fewer filters.</${Empty}>` : html`
      <div class="table-wrap"><table class="table call-log">
        <thead><tr><th>When</th><th>Caller</th><th>Channel</th><th class="hide-sm">Source / campaign</th><th class="hide-sm">Number</th><th>Status</th><th class="num hide-sm">Wait</th><th class="num">Talk</th><th class="hide-sm">Flags</th></tr></thead>
        <tbody>${pages.calls.map((c) => html`<tr class="clickable" data-call=${c.id} onClick=${() => setOpen(c)}>
          <td class="nowrap">${dateTime(c.started_at, tz)}</td>
          <td><div>${phone(c.caller)}</div><div class="muted small">${[c.caller_region, lineType(c.caller_line_type)].filter(Boolean).join(' · ')}</div></td>
          <td class="nowrap">${channelName(c.attribution.channel)}${c.attribution.method !== 'none' && html`<div class="muted small">${c.attribution.method.replace('_', ' ')} · ${Math.round(c.attribution.confidence * 100)} %</div>`}</td>
          <td class="hide-sm">${[c.attribution.source, c.attribution.medium].filter(Boolean).join(' / ') || '—'}<div class="muted small">${c.attribution.campaign || ''}${c.attribution.term ? ' · ' + c.attribution.term : ''}</div></td>
          <td class="hide-sm nowrap">${phone(c.tracking_number)}</td>
          <td>${statusBadge(c)}</td>
          <td class="num hide-sm">${duration(c.wait_seconds)}</td>
          <td class="num">${duration(c.talk_seconds)}</td>
          <td class="hide-sm"><${Flags} flags=${c.flags} brief />${c.recording_url && html`<span title="Recording" class="rec">●</span>`}</td>
        </tr>`)}</tbody></table></div>`}
      ${pages.error && html`<${ErrorBox} error=${pages.error} onRetry=${() => load(pages.cursor, !pages.calls.length)} />`}
      ${pages.loading && html`<${Spinner} />`}
      <div ref=${sentinel} class="sentinel"></div>
      ${pages.done && pages.calls.length > 0 && html`<p class="muted small center">${num(pages.calls.length)} calls — that is all of them.</p>`}
      ${!pages.done && !pages.loading && !pages.error && html`<div class="center"><button class="btn" onClick=${() => load(pages.cursor)}>Load more</button></div>`}
    </${Card}>
    ${open && html`<${CallDetails} project=${project} call=${open} onClose=${() => setOpen(null)} />`}
  </div>`;
}
