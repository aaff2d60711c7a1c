// Figures and dates for people: the project's timezone for days and hours, local written phone numbers.
const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const num = (v) => (v === null || v === undefined ? '—' : (Number.isInteger(v) ? nf0 : nf).format(v));
export const pct = (v) => (v === null || v === undefined || !isFinite(v) ? '—' : `${nf.format(v)} %`);
export function money(v, currency = 'USD') {
  if (v === null || v === undefined) return '—';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: v >= 100 ? 0 : 2 }).format(v);
  } catch {
    return `${nf.format(v)} ${currency}`;
  }
}
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
export const ratio = (part, whole) => (whole ? (part / whole) * 100 : null);

/** +1 415 555 0123 → (415) 555-0123 for NANP; other numbers keep E.164 with spaces. */
export function phone(e164) {
  if (!e164) return '—';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (m) return `(${m[1]}) ${m[2]}-${m[3]}`;
  return e164;
}

export const CHANNEL_NAMES = {
  paid_search: 'Paid search', organic: 'Organic search', direct: 'Direct', referral: 'Referral', social: 'Social',
  paid_social: 'Paid social', email: 'Email', display: 'Display', offline: 'Offline', none: 'Unattributed'
};
export const channelName = (c) => (c ? CHANNEL_NAMES[c] || c.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()) : 'Unattributed');
export const STATUS_NAMES = {
  answered: 'Answered', no_answer: 'No answer', busy: 'Busy', failed: 'Failed', abandoned: 'Abandoned', voicemail: 'Voicemail'
};

// ---- days in the project's timezone ----

/** YYYY-MM-DD of `date` in `tz`. */
export function dayIn(date, tz) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Offset (ms) of `tz` from UTC at instant `date`. */
function offsetAt(date, tz) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** The instant a day (YYYY-MM-DD) starts in `tz`. */
export function dayStart(day, tz) {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetAt(new Date(guess), tz);
  t = guess - offsetAt(new Date(t), tz);  // a second pass settles days that change offset
  return new Date(t);
}

export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export const daysBetween = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000) + 1;

export const PERIODS = [
  ['today', 'Today'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days'], ['month', 'This month'],
  ['last_month', 'Last month'], ['90d', 'Last 90 days']
];

/** {from, to} (inclusive days in tz) for the URL's period or from/to. */
export function rangeOf(params, tz) {
  if (params.from && params.to && /^\d{4}-\d{2}-\d{2}$/.test(params.from) && /^\d{4}-\d{2}-\d{2}$/.test(params.to)) {
    return { from: params.from, to: params.to, period: 'custom' };
  }
  const today = dayIn(new Date(), tz);
  const period = params.period || '30d';
  switch (period) {
    case 'today': return { from: today, to: today, period };
    case '7d': return { from: addDays(today, -6), to: today, period };
    case '90d': return { from: addDays(today, -89), to: today, period };
    case 'month': return { from: today.slice(0, 8) + '01', to: today, period };
    case 'last_month': {
      const first = addDays(today.slice(0, 8) + '01', -1).slice(0, 8) + '01';
      return { from: first, to: addDays(today.slice(0, 8) + '01', -1), period };
    }
    default: return { from: addDays(today, -29), to: today, period: '30d' };
  }
}

/** The period of the same length just before. */
export function previousRange({ from, to }) {
  const n = daysBetween(from, to);
  return { from: addDays(from, -n), to: addDays(from, -1) };
}

export function dateTime(iso, tz) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}
export function shortDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}
