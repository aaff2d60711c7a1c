// The overview's first render in headless chromium, measured with the page's own clock (bench/dashboard.sh runs
// it against `callsign demo`). Prints one JSON object on stdout: every run's figures and their p50/p90/max.
//
//   node bench/dashboard_render.mjs BASE_URL TOKEN [RUNS]
//
// Two measures, each in RUNS fresh browser contexts (no HTTP cache, no storage; one context more is run first and
// not counted, so that the browser process and the server's page cache are warm the same way for every run):
//  * cold:    the token is already in sessionStorage (as after "Sign in" in an earlier tab load); navigation to `/`
//             → the overview complete. Timed from the navigation's start (performance.now() is 0 there).
//  * sign-in: `/` is loaded with no token; the sign-in form's submit → the overview complete (GET /v1/projects,
//             then the overview's reports). What a person waits for after pressing "Sign in".
// "Complete" is the end of the first frame that paints every KPI tile with a figure, both charts (calls per day,
// heat map) and the top channels list with rows — the whole first screen; "tiles" is the start
// of the first frame with the tiles alone. A MutationObserver installed before the page's own scripts watches for
// both, so no polling from outside adds to the figures.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [base, token, runsArg] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node bench/dashboard_render.mjs BASE_URL TOKEN [RUNS]');
  process.exit(2);
}
const RUNS = Number(runsArg || 10);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
if (!existsSync(CHROMIUM)) {
  console.error(`dashboard: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
const { chromium } = await import(path.join(root, 'web/node_modules/playwright-core/index.mjs'))
  .catch((e) => { console.error(`dashboard: playwright-core is missing: (cd web && npm ci) — ${e.message}`); process.exit(2); });

// Runs in the page before its scripts: records when the sign-in form is submitted and the first frames in which
// the tiles, then the whole overview, are on screen.
function watch() {
  const marks = (window.__bench = { submit: null, tiles: null, complete: null });
  document.addEventListener('submit', () => { marks.submit = performance.now(); }, true);
  const tilesShown = () => {
    const tiles = document.querySelectorAll('[data-kpi] .tile-value');
    return tiles.length >= 8 && [...tiles].every((t) => /\d|—/.test(t.textContent)) &&
      /\d/.test(document.querySelector('[data-kpi="calls"] .tile-value').textContent);
  };
  // Two charts: calls per day (bars drawn with the page) and the heat map (a grid of cells); before they were drawn
  // so, both were ECharts canvases.
  const charts = () => document.querySelectorAll('.overview .chart canvas').length +
    (document.querySelector('.overview .heat-cell') ? 1 : 0) + (document.querySelector('.overview .bars-col') ? 1 : 0);
  const complete = () => tilesShown() && charts() >= 2 &&
    document.querySelector('[aria-label="Channel"] .toplist-row') && !document.querySelector('.overview .loading');
  // Checked in animation frames: content in the DOM at a frame's start is painted by that frame. The tiles' time is
  // that frame's start (the work that follows it may be the charts' drawing, which must not count for the tiles);
  // the whole overview's is when a task posted from that frame runs, after its resize observers, layout and paint.
  let pending = false, changed = false;
  const check = () => {
    changed = true;
    if (pending || marks.complete !== null) return;
    pending = true;
    changed = false;
    requestAnimationFrame(() => {
      const start = performance.now();
      if (marks.tiles === null && tilesShown()) marks.tiles = start;
      if (!complete()) {
        pending = false;
        if (changed) check();
        return;
      }
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { marks.complete = performance.now(); };
      channel.port2.postMessage(null);
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

// The API requests the page made (Resource Timing, the page's clock), and the app's script load.
function collect() {
  const entries = performance.getEntriesByType('resource');
  const apiCalls = entries.filter((e) => new URL(e.name).pathname.startsWith('/v1/'))
    .map((e) => ({ path: new URL(e.name).pathname.replace(/^\/v1\/projects\/[^/]+/, '…') + new URL(e.name).search,
      start: e.startTime, end: e.responseEnd }));
  const script = entries.find((e) => /\/assets\/app-.*\.js$/.test(e.name));
  const nav = performance.getEntriesByType('navigation')[0];
  return { marks: window.__bench, api: apiCalls, scriptEnd: script ? script.responseEnd : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null };
}

async function measure(browser, kind) {
  const context = await browser.newContext({ userAgent: UA, viewport: { width: 1280, height: 800 } });
  try {
    if (kind === 'cold') await context.addInitScript((t) => sessionStorage.setItem('callsign.token', t), token);
    await context.addInitScript(watch);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/');
    if (kind === 'signin') {
      await page.fill('input[name=token]', token);
      await page.click('button:has-text("Sign in")');
    }
    await page.waitForFunction(() => window.__bench.complete !== null, null, { timeout: 30000, polling: 100 });
    const r = await page.evaluate(collect);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const from = kind === 'cold' ? 0 : r.marks.submit;
    const apis = r.api.filter((a) => a.start >= from && a.start <= r.marks.complete);
    return {
      ms: r.marks.complete - from,
      tiles_ms: r.marks.tiles - from,
      script_ms: kind === 'cold' ? r.scriptEnd : null,
      dom_content_loaded_ms: kind === 'cold' ? r.domContentLoaded : null,
      api_requests: apis.length,
      api_first_start_ms: apis.length ? Math.min(...apis.map((a) => a.start)) - from : null,
      api_last_end_ms: apis.length ? Math.max(...apis.map((a) => a.end)) - from : null,
      api_total_ms: apis.reduce((s, a) => s + (a.end - a.start), 0),
      api: apis.map((a) => ({ path: a.path, start_ms: a.start - from, ms: a.end - a.start }))
    };
  } finally {
    await context.close();
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const summary = (runs, key) => {
  const xs = runs.map((r) => r[key]).filter((x) => x !== null && x !== undefined);
  return xs.length ? { p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), max: Math.max(...xs) } : null;
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const result = { runs: RUNS, cold: [], signin: [] };
try {
  await measure(browser, 'cold');  // warm-up, not counted
  for (let i = 0; i < RUNS; i++) {
    result.cold.push(await measure(browser, 'cold'));
    result.signin.push(await measure(browser, 'signin'));
    console.error(`dashboard: run ${i + 1}/${RUNS}: cold ${result.cold[i].ms.toFixed(0)} ms, ` +
      `sign-in ${result.signin[i].ms.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
}
for (const kind of ['cold', 'signin']) {
  const runs = result[kind];
  result[`${kind}_summary`] = Object.fromEntries(
    ['ms', 'tiles_ms', 'script_ms', 'dom_content_loaded_ms', 'api_requests', 'api_first_start_ms', 'api_last_end_ms', 'api_total_ms']
      .map((k) => [k, summary(runs, k)]));
  // The median run's waterfall, to see what the time went on.
  const median = quantile(runs.map((r) => r.ms), 0.5);
  result[`${kind}_median_run`] = runs.find((r) => r.ms === median);
}
console.log(JSON.stringify(result));
