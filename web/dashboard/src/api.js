// The JSON API, with the signed-in token (sessionStorage, or localStorage when "keep me signed in").
// Every failure becomes an ApiError whose message is a plain sentence for the screen.
const KEY = 'callsign.token';

export function savedToken() {
  return sessionStorage.getItem(KEY) || localStorage.getItem(KEY);
}

export function saveToken(token, remember) {
  forgetToken();
  (remember ? localStorage : sessionStorage).setItem(KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

const PLAIN = {
  401: 'Your key was not accepted. Sign in again.',
  404: 'That was not found, or this key may not see it.',
  413: 'That is too large to send in one go.',
  429: 'Too many requests just now; wait a moment and try again.'
};

async function send(method, path, { body, contentType, token = savedToken(), raw = false } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'Callsign cannot be reached. Check that the server is running and try again.');
  }
  if (res.ok && raw) return res;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = json && json.error;
    const message = (e && e.message) || PLAIN[res.status] || `The server answered ${res.status}.`;
    const err = new ApiError(res.status, message, e && e.field);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('callsign:unauthorized'));
    throw err;
  }
  return json;
}

export const api = {
  get: (path, opts) => send('GET', path, opts),
  post: (path, body, opts) => send('POST', path, { ...opts, body }),
  patch: (path, body, opts) => send('PATCH', path, { ...opts, body }),
  del: (path, opts) => send('DELETE', path, opts),
  /** Downloads `path` (a CSV) as `filename` through a temporary object URL: the token cannot ride on a link. */
  async download(path, filename) {
    const res = await send('GET', path, { raw: true });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
};

/** "a=1&b=2" from an object, skipping empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  return p.toString();
}
