// Settings: every project setting of API.md in plain words, the snippet's install code, and integrations.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad, Loaded, Card, Field, Badge } from '../ui.js';
import { useSubmit, FormError } from '../form.js';

const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
const lines = (text) => text.split(/[\n,]+/).map((x) => x.trim()).filter(Boolean);
const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** "09:00-13:00, 14:00-18:00" → [["09:00","13:00"],["14:00","18:00"]]; throws a sentence naming the day. */
export function parseIntervals(text, day) {
  return lines(text).map((part) => {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) throw Object.assign(new Error(`${day}: write hours like 09:00-18:00 (got "${part}")`), { field: 'working_hours' });
    return [m[1].padStart(5, '0'), m[2].padStart(5, '0')];
  });
}

function Copy({ text, label }) {
  const [done, setDone] = useState(false);
  return html`<div class="copy"><pre><code>${text}</code></pre><button type="button" class="btn" onClick=${() => {
    navigator.clipboard && navigator.clipboard.writeText(text).then(() => { setDone(true); setTimeout(() => setDone(false), 1500); }, () => {});
  }}>${done ? 'Copied' : label || 'Copy'}</button></div>`;
}

function SettingsForm({ project, onSaved }) {
  const s = useSubmit();
  const [alwaysOpen, setAlwaysOpen] = useState(!project.working_hours);
  const save = (e) => {
    e.preventDefault();
    const f = e.target;
    s.submit(async () => {
      const body = {
        name: f.name.value.trim(),
        timezone: f.timezone.value.trim(), country: f.country.value.trim().toUpperCase(), currency: f.currency.value.trim().toUpperCase(),
        default_number: f.default_number.value.trim() || null,
        target_call_seconds: Number(f.target_call_seconds.value), sales_cycle_days: Number(f.sales_cycle_days.value),
        session_hold_seconds: Number(f.session_hold_seconds.value), caller_memory_days: Number(f.caller_memory_days.value),
        margin_percent: Number(f.margin_percent.value),
        holidays: lines(f.holidays.value), blocked_callers: lines(f.blocked_callers.value),
        record_calls: f.record_calls.checked,
        working_hours: alwaysOpen ? null : Object.fromEntries(DAYS.map(([k, label]) => [k, parseIntervals(f[`wh_${k}`].value, label)]))
      };
      if (f.twilio_auth_token.value.trim()) body.twilio_auth_token = f.twilio_auth_token.value.trim();
      if (f.ga4_measurement_id.value.trim() && f.ga4_api_secret.value.trim()) {
        body.ga4 = { measurement_id: f.ga4_measurement_id.value.trim(), api_secret: f.ga4_api_secret.value.trim() };
      }
      const saved = await api.patch(`/v1/projects/${project.id}`, body);
      onSaved(saved);
      return saved;
    });
  };
  const p = project;
  return html`<form class="form settings-form" onSubmit=${save}>
    <${Card} title="Project">
      <div class="row2"><${Field} label="Name"><input name="name" value=${p.name} required /></${Field}>
        <${Field} label="Timezone" hint="Days, hours and working hours are counted in it."><input name="timezone" list="zones" value=${p.timezone} required /><datalist id="zones">${ZONES.map((z) => html`<option value=${z} />`)}</datalist></${Field}></div>
      <div class="row3"><${Field} label="Country" hint="Reads numbers written without +."><input name="country" value=${p.country} maxlength="2" required /></${Field}>
        <${Field} label="Currency"><input name="currency" value=${p.currency} maxlength="3" required /></${Field}>
        <${Field} label="Site's own number" hint="Shown when no tracking number can be given."><input name="default_number" value=${p.default_number || ''} /></${Field}></div>
    </${Card}>
    <${Card} title="How calls are counted">
      <div class="row2"><${Field} label="Target call after (seconds)" hint=${`A call counts as a target call when the conversation lasts at least this long.`}><input name="target_call_seconds" type="number" min="0" value=${p.target_call_seconds} /></${Field}>
        <${Field} label="Sales cycle (days)" hint="A caller who called within this many days before is a repeat caller, not unique."><input name="sales_cycle_days" type="number" min="1" value=${p.sales_cycle_days} /></${Field}></div>
      <div class="row2"><${Field} label="Hold a pool number (seconds)" hint="How long a visit keeps its number after its last ping."><input name="session_hold_seconds" type="number" min="1" value=${p.session_hold_seconds} /></${Field}>
        <${Field} label="Remember callers (days)" hint="A caller who saved a pool number is credited to their earlier visit for this long."><input name="caller_memory_days" type="number" min="0" value=${p.caller_memory_days} /></${Field}></div>
      <${Field} label="Margin (%)" hint="The share of a deal's amount that is profit, for ROMI, when the deal gives no profit."><input name="margin_percent" type="number" min="0" max="100" step="any" value=${p.margin_percent} /></${Field}>
    </${Card}>
    <${Card} title="Working hours">
      <label class="check"><input type="checkbox" name="always_open" checked=${alwaysOpen} onChange=${(e) => setAlwaysOpen(e.target.checked)} /> Always open (no call is off-hours)</label>
      ${!alwaysOpen && html`<div class="hours">${DAYS.map(([k, label]) => html`<${Field} label=${label}><input name=${`wh_${k}`} placeholder="closed"
        value=${((p.working_hours && p.working_hours[k]) || []).map(([a, b]) => `${a}-${b}`).join(', ')} /></${Field}>`)}</div>
        <p class="muted small">Write hours like 09:00-18:00; several with commas (09:00-13:00, 14:00-18:00); empty = closed.</p>`}
      <${Field} label="Holidays" hint="One date a line (YYYY-MM-DD): calls on these days are off-hours."><textarea name="holidays" rows="3">${p.holidays.join('\n')}</textarea></${Field}>
    </${Card}>
    <${Card} title="Spam">
      <${Field} label="Blocked callers" hint="One number a line: their calls are marked spam."><textarea name="blocked_callers" rows="3">${p.blocked_callers.join('\n')}</textarea></${Field}>
    </${Card}>
    <${Card} title="Integrations">
      <${Field} label="Twilio auth token" hint=${p.twilio_auth_token_set ? 'Set. Type a new one to replace it.' : 'Not set: Twilio webhooks are refused until it is.'}><input name="twilio_auth_token" type="password" autocomplete="off" placeholder=${p.twilio_auth_token_set ? '••••••••' : ''} /></${Field}>
      <label class="check"><input type="checkbox" name="record_calls" checked=${p.record_calls} /> Record forwarded calls</label>
      <div class="row2"><${Field} label="GA4 measurement id" hint=${p.ga4 ? html`<${Badge} kind="good">Sending call events</${Badge}>` : 'Send call, unique_call and unique_target_call events to Google Analytics 4.'}><input name="ga4_measurement_id" value=${(p.ga4 && p.ga4.measurement_id) || ''} placeholder="G-XXXXXXX" /></${Field}>
        <${Field} label="GA4 API secret" hint=${p.ga4 && p.ga4.api_secret_set ? 'Set. Type it again to change the measurement id.' : ''}><input name="ga4_api_secret" type="password" autocomplete="off" /></${Field}></div>
    </${Card}>
    <div class="savebar"><${FormError} error=${s.error} />${s.saved && html`<span class="saved" role="status">Saved.</span>`}
      <button class="btn primary" disabled=${s.busy}>${s.busy ? 'Saving…' : 'Save settings'}</button></div>
  </form>`;
}

export function Settings({ project, onProjectChange }) {
  const state = useLoad(() => api.get(`/v1/projects/${project.id}`), [project.id]);
  const origin = location.origin;
  return html`<div class="page settings"><${Loaded} state=${state}>${(p) => html`
    <${Card} title="Install on your site">
      <p class="muted">Paste this tag on every page, before <code>${'</body>'}</code>. It swaps your site's number for a tracking number of a pool.</p>
      <${Copy} text=${`<script src="${origin}/callsign.js" data-key="${p.public_key}" async></script>`} label="Copy tag" />
      <p class="muted">Twilio: set each tracking number's voice webhook (POST) to</p>
      <${Copy} text=${`${origin}/telephony/twilio/voice`} label="Copy URL" />
    </${Card}>
    <${SettingsForm} project=${p} onSaved=${(saved) => { onProjectChange(saved); }} />`}
  </${Loaded}></div>`;
}
