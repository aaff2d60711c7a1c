// Page filters kept in the URL and shown as removable chips; the same names as the API's query parameters.
import { html } from './html.js';
import { setParams } from './route.js';
import { channelName, STATUS_NAMES, phone } from './format.js';

export const REPORT_FILTERS = ['channel', 'source', 'medium', 'campaign', 'status', 'target', 'unique', 'off_hours', 'tracking_number', 'operator'];
const LABELS = { channel: 'Channel', source: 'Source', medium: 'Medium', campaign: 'Campaign', status: 'Status', target: 'Target',
  unique: 'Unique', first_time: 'First-time', off_hours: 'Off hours', tracking_number: 'Number', operator: 'Operator', caller: 'Caller' };

function shown(key, value) {
  if (key === 'channel') return channelName(value);
  if (key === 'status') return value === 'missed' ? 'Missed' : STATUS_NAMES[value] || value;
  if (key === 'tracking_number' || key === 'caller') return phone(value);
  if (value === 'true') return 'yes';
  if (value === 'false') return 'no';
  return value;
}

export const pick = (params, keys) => Object.fromEntries(keys.filter((k) => params[k]).map((k) => [k, params[k]]));

export function FilterChips({ params, keys }) {
  const active = keys.filter((k) => params[k]);
  if (!active.length) return null;
  return html`<div class="chips" aria-label="Filters">
    ${active.map((k) => html`<span class="chip">${LABELS[k] || k}: <strong>${shown(k, params[k])}</strong>
      <button aria-label=${`Remove filter ${LABELS[k] || k}`} onClick=${() => setParams({ [k]: null })}>✕</button></span>`)}
    ${active.length > 1 && html`<button class="link" onClick=${() => setParams(Object.fromEntries(active.map((k) => [k, null])))}>Clear all</button>`}
  </div>`;
}
