// The URL is the state: `#/<page>?<filters>` (hash routing: the server serves one page at /). Shareable links
// open the same page with the same filters.
import { useEffect, useState } from 'preact/hooks';

export const PAGES = ['overview', 'calls', 'reports', 'numbers', 'routing', 'settings', 'costs'];

export function parseHash(hash = location.hash) {
  const [pathPart, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = PAGES.includes(pathPart) ? pathPart : 'overview';
  return { page, params: Object.fromEntries(new URLSearchParams(query)) };
}

export function href(page, params = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const q = p.toString();
  return `#/${page}${q ? '?' + q : ''}`;
}

export function navigate(page, params) {
  const next = href(page, params);
  if (location.hash !== next) location.hash = next;
}

/** Merges `changes` into the current page's params (null/'' removes one). */
export function setParams(changes) {
  const { page, params } = parseHash();
  navigate(page, { ...params, ...changes });
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const on = () => setRoute(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
