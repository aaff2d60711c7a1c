// Costs & deals: paste or pick a CSV, see it as a table before sending, send it, and see which lines were
// refused and why (the server's per-line errors for costs; one request per deal, each line's answer for deals).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { Card, ErrorBox, Badge } from '../ui.js';
import { parseCsv } from '../csv.js';
import { num } from '../format.js';

const COST_COLUMNS = ['date', 'source', 'medium', 'campaign', 'term', 'amount'];
const DEAL_COLUMNS = ['external_id', 'call_id', 'caller', 'created_at', 'amount', 'profit', 'status'];
const COST_EXAMPLE = 'date,source,medium,campaign,term,amount\n2026-03-01,google,cpc,spring,,125.50\n2026-03-01,facebook,cpc,sofas,,100';
const DEAL_EXAMPLE = 'external_id,call_id,caller,created_at,amount,profit,status\ncrm-4411,,(212) 555-0199,2026-03-09T10:00:00Z,1200,,won';

/** The rows of a CSV with a header line naming `columns` (in any order); the header itself is not a row. */
function rowsOf(text, columns) {
  const all = parseCsv(text);
  if (!all.length) return { header: columns, rows: [] };
  const first = all[0].cells.map((c) => c.trim().toLowerCase());
  const hasHeader = first.some((c) => columns.includes(c));
  const header = hasHeader ? first : columns;
  return { header, rows: (hasHeader ? all.slice(1) : all).map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])) })) };
}

function Upload({ title, columns, example, help, send }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const parsed = rowsOf(text, columns);
  const errorsByLine = new Map(((result && result.errors) || []).map((e) => [e.line, e]));
  const pick = async (e) => { const f = e.target.files[0]; if (f) { setText(await f.text()); setResult(null); } };
  const go = async () => {
    setBusy(true); setError(null); setResult(null);
    try { setResult(await send(text, parsed)); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const slug = title.toLowerCase().split(' ')[0];
  return html`<${Card} title=${title} class=${`upload upload-${slug}`}>
    <p class="muted">${help}</p>
    <div class="upload-inputs">
      <textarea aria-label=${`${title} CSV`} rows="6" spellcheck="false" placeholder=${example} value=${text} onInput=${(e) => { setText(e.target.value); setResult(null); }}></textarea>
      <div class="upload-actions"><label class="btn">Choose file…<input type="file" accept=".csv,text/csv" class="sr" onChange=${pick} /></label>
        <button class="btn ghost" type="button" onClick=${() => { setText(example); setResult(null); }}>Use example</button>
        <button class="btn primary" type="button" disabled=${busy || !parsed.rows.length} onClick=${go}>${busy ? 'Sending…' : parsed.rows.length ? `Upload ${num(parsed.rows.length)} line${parsed.rows.length === 1 ? '' : 's'}` : 'Upload'}</button></div>
    </div>
    <${ErrorBox} error=${error} />
    ${result && html`<div class=${`result ${result.errors.length ? 'partial' : 'ok'}`} role="status">
      ${num(result.imported)} new, ${num(result.updated)} updated${result.errors.length ? html`, <strong>${num(result.errors.length)} line${result.errors.length === 1 ? '' : 's'} refused</strong> (shown below; the other lines were saved)` : ' — every line was saved.'}</div>`}
    ${parsed.rows.length > 0 && html`<div class="table-wrap preview"><table class="table">
      <thead><tr><th class="num">Line</th>${parsed.header.map((h) => html`<th>${h}</th>`)}<th></th></tr></thead>
      <tbody>${parsed.rows.slice(0, 200).map((r) => {
        const e = errorsByLine.get(r.line);
        return html`<tr class=${e ? 'bad-row' : ''} data-line=${r.line}><td class="num muted">${r.line}</td>${parsed.header.map((h) => html`<td class=${e && e.field === h ? 'bad-cell' : ''}>${r.values[h]}</td>`)}
          <td>${e ? html`<span class="line-error">${e.message}</span>` : result ? html`<${Badge} kind="good">saved</${Badge}>` : ''}</td></tr>`;
      })}</tbody></table>
      ${parsed.rows.length > 200 && html`<p class="muted small">Showing the first 200 of ${num(parsed.rows.length)} lines.</p>`}</div>`}
  </${Card}>`;
}

export function Costs({ project }) {
  const base = `/v1/projects/${project.id}`;
  const sendCosts = (text) => api.post(`${base}/costs`, text, { contentType: 'text/csv' });
  const sendDeals = async (_text, parsed) => {
    const out = { imported: 0, updated: 0, errors: [] };
    for (const { line, values } of parsed.rows) {
      const body = { external_id: values.external_id, created_at: values.created_at, status: values.status };
      if (values.call_id) body.call_id = values.call_id;
      if (values.caller) body.caller = values.caller;
      if (values.amount !== '') body.amount = Number(values.amount);
      if (values.profit) body.profit = Number(values.profit);
      try {
        const res = await api.post(`${base}/deals`, body, { raw: true });
        if (res.status === 201) out.imported++; else out.updated++;
      } catch (e) {
        out.errors.push({ line, field: e.field, message: e.message });
      }
    }
    return out;
  };
  return html`<div class="page costs">
    <${Upload} title="Ad costs" columns=${COST_COLUMNS} example=${COST_EXAMPLE} send=${sendCosts}
      help="One day's spend per line: date,source,medium,campaign,term,amount — the same source, medium and campaign names as your utm tags. Sending a line again replaces its amount." />
    <${Upload} title="Deals" columns=${DEAL_COLUMNS} example=${DEAL_EXAMPLE} send=${sendDeals}
      help="From your CRM: external_id, call_id or caller, created_at, amount, profit, status (open, won, lost, refunded). A deal with a caller is linked to their latest call before it. Revenue counts won deals." />
  </div>`;
}
