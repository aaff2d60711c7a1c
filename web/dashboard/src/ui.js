// Small shared pieces: loading and empty states, plain-words errors, tiles, badges, sortable tables, a drawer.
import { useEffect, useLayoutEffect, useState, useCallback } from 'preact/hooks';
import { html } from './html.js';

/**
 * Runs `load` whenever `deps` change; {data, error, loading, reload}. Stale answers are dropped. The requests go
 * out as soon as the component is in the DOM (a layout effect), not after the frame that paints its spinner.
 */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useLayoutEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then((data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }));
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export const Spinner = () => html`<div class="loading" role="status"><span class="spinner"></span>Loading…</div>`;

export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  return html`<div class="error" role="alert"><strong>Something went wrong.</strong> ${error.message || String(error)}
    ${onRetry && html` <button class="link" onClick=${onRetry}>Try again</button>`}</div>`;
}

export const Empty = ({ title, children }) => html`<div class="empty"><div class="empty-title">${title}</div>${children && html`<div class="muted">${children}</div>`}</div>`;

/** Shows a spinner, an error or an empty state, else `children(data)`. */
export function Loaded({ state, empty, children }) {
  if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${state.reload} />`;
  if (state.loading && !state.data) return html`<${Spinner} />`;
  if (!state.data) return null;
  if (empty && empty(state.data)) return html`<${Empty} title="Nothing here yet">No data in this period with these filters.</${Empty}>`;
  return html`<div class=${`stack ${state.loading ? 'stale' : ''}`}>${children(state.data)}</div>`;
}

export const Badge = ({ kind = '', children, title }) => html`<span class=${`badge ${kind}`} title=${title}>${children}</span>`;

export function Card({ title, actions, children, class: cls = '' }) {
  return html`<section class=${`card ${cls}`}>
    ${(title || actions) && html`<header class="card-head"><h2>${title}</h2><div class="card-actions">${actions}</div></header>`}
    ${children}
  </section>`;
}

/**
 * A sortable table. columns: [{key, label, render?(row), num?: bool, sort?: false}]; rows: objects.
 * onRow(row): makes rows clickable.
 */
export function Table({ columns, rows, onRow, initialSort, footer, rowTitle }) {
  const [sort, setSort] = useState(initialSort || null);
  let shown = rows;
  if (sort) {
    const col = columns.find((c) => c.key === sort.key);
    const val = col && col.value ? col.value : (r) => r[sort.key];
    shown = [...rows].sort((a, b) => {
      const x = val(a), y = val(b);
      const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return sort.desc ? -c : c;
    });
  }
  const click = (c) => c.sort !== false && setSort(sort && sort.key === c.key ? { key: c.key, desc: !sort.desc } : { key: c.key, desc: !!c.num });
  return html`<div class="table-wrap"><table class="table">
    <thead><tr>${columns.map((c) => html`<th class=${`${c.num ? 'num' : ''} ${c.sort === false ? '' : 'sortable'}`}
      aria-sort=${sort && sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
      onClick=${() => click(c)}>${c.label}${sort && sort.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}</th>`)}</tr></thead>
    <tbody>${shown.map((r) => html`<tr class=${onRow ? 'clickable' : ''} title=${rowTitle} onClick=${onRow ? () => onRow(r) : undefined}>
      ${columns.map((c) => html`<td class=${c.num ? 'num' : ''} data-col=${c.key}>${c.render ? c.render(r) : r[c.key] ?? '—'}</td>`)}</tr>`)}</tbody>
    ${footer && html`<tfoot><tr>${columns.map((c) => html`<td class=${c.num ? 'num' : ''} data-col=${c.key}>${footer[c.key] ?? ''}</td>`)}</tr></tfoot>`}
  </table></div>`;
}

export function Drawer({ title, onClose, children }) {
  useEffect(() => {
    const key = (e) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  return html`<div class="drawer-backdrop" onClick=${onClose}>
    <aside class="drawer" role="dialog" aria-label=${title} onClick=${(e) => e.stopPropagation()}>
      <header class="drawer-head"><h2>${title}</h2><button class="icon-btn" aria-label="Close" onClick=${onClose}>✕</button></header>
      <div class="drawer-body">${children}</div>
    </aside></div>`;
}

/** A labelled form field. */
export const Field = ({ label, hint, children, error }) => html`<label class="field"><span class="field-label">${label}</span>${children}
  ${hint && html`<span class="hint">${hint}</span>`}${error && html`<span class="field-error">${error}</span>`}</label>`;
