// Routing: operators, operator groups and routing plans (strategy, members, schedule, fallbacks).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad, Loaded, Card, Table, Badge, Drawer, Field, Empty } from '../ui.js';
import { useSubmit, FormError, formValues } from '../form.js';
import { phone } from '../format.js';

const STRATEGIES = [['simultaneous', 'Ring everyone at once'], ['sequential', 'One after another'], ['round_robin', 'Round robin'], ['sticky', 'Sticky: repeat callers to their last operator']];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function scheduleText(schedule) {
  if (!schedule) return 'Always open';
  return DAYS.map((d) => `${d[0].toUpperCase()}${d.slice(1)} ${(schedule[d] || []).map(([a, b]) => `${a}–${b}`).join(', ') || 'closed'}`).join(' · ');
}
const fallbackText = (f) => (!f ? '—' : f.voicemail ? 'Voicemail' : `Forward to ${phone(f.forward_to)}`);

function OperatorForm({ project, onDone }) {
  const s = useSubmit();
  const save = (e) => { e.preventDefault(); s.submit(() => api.post(`/v1/projects/${project.id}/operators`, formValues(e.target))).then((r) => r && onDone()); };
  return html`<form class="form" onSubmit=${save}>
    <${Field} label="Name"><input name="name" required /></${Field}>
    <${Field} label="Rings" hint="A phone number or a SIP URI."><input name="destination" required placeholder="+12125550150" /></${Field}>
    <${FormError} error=${s.error} /><button class="btn primary" disabled=${s.busy}>Add operator</button></form>`;
}

function Checkboxes({ name, items }) {
  return html`<div class="checks">${items.map(([id, label]) => html`<label class="check"><input type="checkbox" data-group=${name} value=${id} /> ${label}</label>`)}</div>`;
}
const checked = (form, name) => [...form.querySelectorAll(`input[data-group="${name}"]:checked`)].map((i) => i.value);

function GroupForm({ project, operators, onDone }) {
  const s = useSubmit();
  const save = (e) => {
    e.preventDefault();
    s.submit(() => api.post(`/v1/projects/${project.id}/operator-groups`, { name: e.target.name.value, operator_ids: checked(e.target, 'ops') })).then((r) => r && onDone());
  };
  return html`<form class="form" onSubmit=${save}><${Field} label="Name"><input name="name" required /></${Field}>
    <${Field} label="Operators"><${Checkboxes} name="ops" items=${operators.map((o) => [o.id, o.name])} /></${Field}>
    <${FormError} error=${s.error} /><button class="btn primary" disabled=${s.busy}>Create group</button></form>`;
}

function PlanForm({ project, operators, groups, onDone }) {
  const s = useSubmit();
  const save = (e) => {
    e.preventDefault();
    const v = formValues(e.target);
    const members = [...checked(e.target, 'ops').map((id) => ({ operator_id: id })), ...checked(e.target, 'groups').map((id) => ({ group_id: id }))];
    const body = { name: v.name, strategy: v.strategy, members, ring_seconds: v.ring_seconds };
    if (v.no_answer === 'voicemail') body.no_answer = { voicemail: true };
    s.submit(() => api.post(`/v1/projects/${project.id}/routing-plans`, body)).then((r) => r && onDone());
  };
  return html`<form class="form" onSubmit=${save}><${Field} label="Name"><input name="name" required placeholder="Sales line" /></${Field}>
    <${Field} label="How to ring"><select name="strategy">${STRATEGIES.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></${Field}>
    <${Field} label="Operators"><${Checkboxes} name="ops" items=${operators.map((o) => [o.id, o.name])} /></${Field}>
    ${groups.length > 0 && html`<${Field} label="Groups"><${Checkboxes} name="groups" items=${groups.map((g) => [g.id, g.name])} /></${Field}>`}
    <${Field} label="Ring for (seconds)"><input name="ring_seconds" type="number" min="5" max="120" value="20" /></${Field}>
    <${Field} label="When nobody answers"><select name="no_answer"><option value="">Hang up</option><option value="voicemail">Voicemail</option></select></${Field}>
    <${FormError} error=${s.error} /><button class="btn primary" disabled=${s.busy}>Create plan</button></form>`;
}

export function Routing({ project }) {
  const base = `/v1/projects/${project.id}`;
  const state = useLoad(async () => {
    const [o, g, p] = await Promise.all([api.get(`${base}/operators`), api.get(`${base}/operator-groups`), api.get(`${base}/routing-plans`)]);
    return { operators: o.operators, groups: g.operator_groups, plans: p.routing_plans };
  }, [project.id]);
  const [form, setForm] = useState(null);
  const done = () => { setForm(null); state.reload(); };
  return html`<div class="page routing"><${Loaded} state=${state}>${(d) => {
    const opName = Object.fromEntries(d.operators.map((o) => [o.id, o.name]));
    const groupName = Object.fromEntries(d.groups.map((g) => [g.id, g.name]));
    const member = (m) => (m.operator_id ? opName[m.operator_id] || m.operator_id : `${groupName[m.group_id] || m.group_id} (group)`);
    return html`
    <${Card} title="Routing plans" actions=${html`<button class="btn primary" onClick=${() => setForm('plan')}>New plan</button>`}>
      ${d.plans.length ? html`<${Table} rows=${d.plans} columns=${[
        { key: 'name', label: 'Plan' },
        { key: 'strategy', label: 'How it rings', render: (p) => (STRATEGIES.find(([k]) => k === p.strategy) || [0, p.strategy])[1] },
        { key: 'members', label: 'Who', sort: false, render: (p) => p.members.map(member).join(', ') || '—' },
        { key: 'schedule', label: 'Schedule', sort: false, render: (p) => html`<span class="small">${scheduleText(p.schedule)}</span>` },
        { key: 'off_hours', label: 'Off hours', sort: false, render: (p) => fallbackText(p.off_hours) },
        { key: 'no_answer', label: 'No answer', sort: false, render: (p) => fallbackText(p.no_answer) }]} />`
        : html`<${Empty} title="No routing plans">A plan decides who a tracking number rings, and when.</${Empty}>`}
    </${Card}>
    <div class="grid-2">
      <${Card} title="Operators" actions=${html`<button class="btn" onClick=${() => setForm('operator')}>Add operator</button>`}>
        ${d.operators.length ? html`<${Table} rows=${d.operators} columns=${[{ key: 'name', label: 'Name' }, { key: 'destination', label: 'Rings', render: (o) => phone(o.destination) },
          { key: 'active', label: 'Status', render: (o) => html`<${Badge} kind=${o.active ? 'good' : ''}>${o.active ? 'Active' : 'Paused'}</${Badge}>` }]} />`
          : html`<${Empty} title="No operators" />`}
      </${Card}>
      <${Card} title="Groups" actions=${html`<button class="btn" onClick=${() => setForm('group')}>New group</button>`}>
        ${d.groups.length ? html`<${Table} rows=${d.groups} columns=${[{ key: 'name', label: 'Group' }, { key: 'operator_ids', label: 'Operators', sort: false, render: (g) => g.operator_ids.map((id) => opName[id] || id).join(', ') }]} />`
          : html`<${Empty} title="No groups" />`}
      </${Card}>
    </div>
    ${form && html`<${Drawer} title=${{ plan: 'New routing plan', operator: 'Add an operator', group: 'New group' }[form]} onClose=${() => setForm(null)}>
      ${form === 'operator' ? html`<${OperatorForm} project=${project} onDone=${done} />` : form === 'group' ? html`<${GroupForm} project=${project} operators=${d.operators} onDone=${done} />`
        : html`<${PlanForm} project=${project} operators=${d.operators} groups=${d.groups} onDone=${done} />`}
    </${Drawer}>`}`;
  }}</${Loaded}></div>`;
}
