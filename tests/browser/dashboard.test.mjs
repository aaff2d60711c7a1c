// The dashboard in headless chromium against the real server with a seeded project (dashboard-seed.mjs): sign-in,
// every page renders the API's figures, filters change them, CSV uploads show their line errors, settings survive
// a reload, the admin's project switcher, sign-out; no console errors anywhere. Screenshots of every page at
// 1280×800 and 390×844 go to build/dashboard-screenshots/ (or $DASHBOARD_SCREENSHOTS) for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCallsign, launchBrowser, DESKTOP_UA, until } from './harness.mjs';
import { seedProject } from './dashboard-seed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = process.env.DASHBOARD_SCREENSHOTS || path.join(root, 'build/dashboard-screenshots');
const TZ = 'America/New_York';
const PAGES = ['overview', 'calls', 'reports', 'numbers', 'routing', 'costs', 'settings'];

let server, browser, seed, other;
const consoleErrors = [];

function today(tz) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const range = () => ({ from: addDays(today(TZ), -29), to: today(TZ) });
const fmt = (v) => new Intl.NumberFormat('en-US', { maximumFractionDigits: Number.isInteger(v) ? 0 : 1 }).format(v);

async function report(params, token = seed.apiKey) {
  const q = new URLSearchParams({ ...range(), ...params });
  const r = await server.api('GET', `/v1/projects/${seed.project.id}/reports/calls?${q}`, undefined, token);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/**
 * A page at the given size whose console errors and uncaught errors are collected in consoleErrors. `expected`:
 * HTTP statuses a test provokes on purpose (a wrong key's 401, a bad form's 422), whose "Failed to load resource"
 * lines the browser logs are not the page's errors.
 */
async function newPage({ width = 1280, height = 800, expected = [] } = {}) {
  const context = await browser.newContext({ userAgent: DESKTOP_UA, viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const provoked = (text) => expected.some((s) => text.includes(`Failed to load resource: the server responded with a status of ${s} `));
  page.on('console', (m) => { if (m.type() === 'error' && !provoked(m.text())) consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function signIn(page, token) {
  await page.goto(server.base + '/');
  await page.fill('input[name=token]', token);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('.sidebar nav');
}

/** Waits until no spinner is shown and the figures are not stale. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('.stale'), null, { timeout: 15000 });
}

const tile = (page, key) => page.textContent(`[data-kpi="${key}"] .tile-value`);

// A tile after the page was told to change (a filter, a reload): the hash moves before the figures are fetched
// again, so wait up to 15 s for `expected` to show, then return what is shown for the caller to assert.
async function tileOnceChanged(page, key, expected) {
  await page
    .waitForFunction(([k, want]) => document.querySelector(`[data-kpi="${k}"] .tile-value`)?.textContent === want,
      [key, expected], { timeout: 15000 })
    .catch(() => {});
  return tile(page, key);
}

before(async () => {
  server = await startCallsign();
  seed = await seedProject(server);
  other = await seedProject(server, { name: 'Birch Dental', days: 3, area: '646' });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the dashboard is served from the binary: HTML, hashed assets with long caching, gzip', async () => {
  const res = await fetch(server.base + '/', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const html = await res.text();
  const js = /src="(\/assets\/app-[\w]+\.js)"/.exec(html)[1];
  const asset = await fetch(server.base + js, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type'), /text\/javascript/);
  assert.equal(asset.headers.get('content-encoding'), 'gzip');
  assert.match(asset.headers.get('cache-control'), /immutable/);
  assert.equal((await fetch(server.base + '/assets/nope.js')).status, 404);
  // The JavaScript budget: under 600 KB gzipped in total (the build also refuses to produce more).
  const size = JSON.parse(readFileSync(path.join(root, 'build/dashboard/size.json'), 'utf8'));
  assert.ok(size.js_gzip_bytes < 600 * 1024, `${size.js_gzip_bytes} bytes gzipped`);
});

test('a wrong key is refused in plain words; the api key signs in to the overview', async () => {
  const { context, page } = await newPage({ expected: [401] });
  await page.goto(server.base + '/');
  await page.fill('input[name=token]', 'key_wrong');
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), /not accepted/);
  await page.fill('input[name=token]', seed.apiKey);
  const t0 = Date.now();
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('[data-kpi="calls"]');
  console.log(`overview first render after sign-in: ${Date.now() - t0} ms`);
  await context.close();
});

test('overview: KPI tiles, top channels and campaigns equal the API; a click on a channel filters the page', async () => {
  const { context, page } = await newPage();
  await signIn(page, seed.apiKey);
  await settled(page);
  const totals = (await report({})).totals;
  assert.ok(totals.calls > 100, `seeded ${totals.calls} calls in 30 days`);
  assert.equal(await tile(page, 'calls'), fmt(totals.calls));
  assert.equal(await tile(page, 'unique'), fmt(totals.unique));
  assert.equal(await tile(page, 'first_time'), fmt(totals.first_time));
  assert.equal(await tile(page, 'target_pct'), `${fmt((totals.target / totals.calls) * 100)} %`);
  assert.equal(await tile(page, 'missed_pct'), `${fmt((totals.missed / totals.calls) * 100)} %`);
  assert.notEqual(await tile(page, 'romi'), '—', 'costs and deals were seeded: ROMI is a figure');
  const byChannel = (await report({ group_by: 'channel' })).rows;
  const shown = await page.$$eval('[aria-label="Channel"] .toplist-row [data-col="calls"]', (els) => els.map((e) => e.textContent));
  // Channels with visits but no calls are left out of the list.
  assert.deepEqual(shown, byChannel.filter((r) => r.calls > 0).slice(0, 8).map((r) => fmt(r.calls)));
  assert.equal(await page.locator('.bars .bars-col').count(), 30, 'calls per day: a column per day of the 30');
  assert.equal(await page.locator('.bars-legend span').count(), byChannel.filter((r) => r.calls > 0).length, 'a legend entry per channel with calls');
  assert.equal(await page.locator('.heat-cell').count(), 7 * 24, 'the heat map has a cell per weekday and hour');
  const heat = await server.api('GET', `/v1/projects/${seed.project.id}/reports/heatmap?${new URLSearchParams(range())}`, undefined, seed.apiKey);
  assert.match(await page.getAttribute('.heat-cell >> nth=0', 'title'), new RegExp(`^\\w{3} 00:00 — ${heat.json.matrix[0][0]} calls$`));

  await page.click('[aria-label="Channel"] .toplist-row >> nth=1');
  await page.waitForFunction(() => location.hash.includes('channel='));
  await settled(page);
  const filtered = (await report({ channel: byChannel[1].channel })).totals;
  assert.equal(await tileOnceChanged(page, 'calls', fmt(filtered.calls)), fmt(filtered.calls));
  assert.notEqual(filtered.calls, totals.calls);
  // The URL is shareable: opening it again shows the same filtered figures.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await settled(page);
  assert.equal(await tileOnceChanged(page, 'calls', fmt(filtered.calls)), fmt(filtered.calls));
  await page.click('.chip button');
  await page.waitForFunction(() => !location.hash.includes('channel='));
  await settled(page);
  assert.equal(await tileOnceChanged(page, 'calls', fmt(totals.calls)), fmt(totals.calls));
  await context.close();
});

test('calls: the log equals the API, filters narrow it, a call opens with its caller history, CSV export', async () => {
  const { context, page } = await newPage();
  await signIn(page, seed.apiKey);
  await page.click('nav a:has-text("Calls")');
  await page.waitForSelector('table.call-log tbody tr');
  // The newest 50 calls (about six days of them) are all inside the default 30 days.
  const api = await server.api('GET', `/v1/projects/${seed.project.id}/calls?limit=50`, undefined, seed.apiKey);
  await page.waitForFunction(() => document.querySelectorAll('table.call-log tbody tr').length >= 50);
  const ids = await page.$$eval('table.call-log tbody tr', (rows) => rows.map((e) => e.dataset.call));
  assert.deepEqual(ids.slice(0, 50), api.json.calls.map((c) => c.id));

  await page.selectOption('select[aria-label="Status"]', 'missed');
  await page.waitForFunction(() => location.hash.includes('status=missed'));
  await settled(page);
  const missed = (await report({ status: 'missed' })).totals.missed;
  // Scroll to the end: infinite scroll loads every page.
  await until(async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    return page.$('text=that is all of them');
  }, 'every missed call to load', 15000, 200);
  const rows = await page.$$eval('table.call-log tbody tr', (els) => els.map((e) => e.querySelector('td:nth-child(6)').textContent));
  assert.equal(rows.length, missed);
  assert.ok(rows.every((s) => /No answer|Abandoned/.test(s)), rows.join());

  await page.selectOption('select[aria-label="Status"]', '');
  await page.selectOption('select[aria-label="First-time"]', 'true');
  await page.waitForFunction(() => location.hash.includes('first_time=true'));
  await settled(page);
  await page.click('table.call-log tbody tr >> nth=0');
  await page.waitForSelector('.drawer .history li');
  assert.match(await page.textContent('.drawer'), /Attribution/);
  assert.ok(await page.locator('.drawer .badge:has-text("First-time")').count() >= 1);
  await page.click('.drawer button[aria-label="Close"]');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.match(csv[0], /^id,external_id,started_at/);
  const firstTimeInRange = (await report({})).totals.first_time;
  assert.equal(csv.length - 1, firstTimeInRange);
  await context.close();
});

test('reports: rows equal the API, the model picker and a second dimension change the query, sorting', async () => {
  const { context, page } = await newPage();
  await signIn(page, seed.apiKey);
  await page.click('nav a:has-text("Reports")');
  await page.waitForSelector('.reports table tbody tr');
  await settled(page);
  const rows = (await report({ group_by: 'channel' })).rows;
  const calls = await page.$$eval('.reports table tbody td[data-col="calls"]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(calls, rows.map((r) => fmt(r.calls)));
  await page.click('.reports th:has-text("Calls")');  // most calls first, again: ↓
  await page.click('.reports th:has-text("Calls")');  // fewest first
  const asc = await page.$$eval('.reports table tbody td[data-col="calls"]', (els) => els.map((e) => Number(e.textContent.replace(/,/g, ''))));
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));

  const asked = page.waitForRequest((req) => req.url().includes('model=first_click'));
  await page.selectOption('select[aria-label="Attribution model"]', 'first_click');
  await asked;
  await settled(page);
  await page.click('.dims button:has-text("Campaign")');
  await page.waitForFunction(() => location.hash.includes('group_by=channel%2Ccampaign') || location.hash.includes('group_by=channel,campaign'));
  await settled(page);
  const two = (await report({ group_by: 'channel,campaign', model: 'first_click' })).rows;
  assert.equal(await page.locator('.reports table tbody tr').count(), two.length);
  assert.ok(await page.locator('.paths li').count() >= 0);
  await context.close();
});

test('numbers & pools, routing: the seeded numbers, the pool with its live use, operators and plan', async () => {
  const { context, page } = await newPage({ expected: [422] });
  await signIn(page, seed.apiKey);
  await page.click('nav a:has-text("Numbers")');
  await page.waitForSelector('.pool [data-stat="in_use"]');
  const stats = await server.api('GET', `/v1/projects/${seed.project.id}/pools/${seed.pool.id}/stats`, undefined, seed.apiKey);
  assert.equal((await page.textContent('.pool [data-stat="in_use"]')).trim(), `${stats.json.in_use} / ${stats.json.size}`);
  assert.equal((await page.textContent('.pool [data-stat="exhausted"]')).trim(), fmt(stats.json.exhausted_total));
  assert.ok(stats.json.exhausted_total >= 1, 'the 4th visit found the pool exhausted');
  assert.match(await page.textContent('.pool .warning'), /too small/);
  // The sizing advisor: the seed's few visits are too little traffic to advise on, and the card says so in the
  // API's figures; another target asks the API again.
  await page.waitForSelector('.pool [data-advice]');
  const advice = await server.api('GET', `/v1/projects/${seed.project.id}/pools/${seed.pool.id}/advice?target=0.95`, undefined, seed.apiKey);
  assert.equal(await page.getAttribute('.pool [data-advice]', 'data-advice'), advice.json.status);
  assert.equal(advice.json.status, 'insufficient_traffic');
  assert.match(await page.textContent('.pool [data-advice]'), new RegExp(`${fmt(advice.json.sessions)} of ${fmt(advice.json.min_sessions)} visits`));
  const asked = page.waitForRequest((r) => r.url().includes('/advice?target=0.9'));
  await page.selectOption('.pool select[aria-label="Target accuracy"]', '0.9');
  await asked;
  await page.waitForSelector('.pool [data-advice]');
  assert.equal(await page.locator('.numbers table tbody tr').count(), 5);
  await page.click('button:has-text("Add number")');
  await page.fill('input[name=number]', '12');
  await page.click('.drawer button:has-text("Add number")');
  await page.waitForSelector('.drawer .error');
  assert.match(await page.textContent('.drawer .error'), /number/);
  await page.fill('input[name=number]', '(212) 555-0106');
  await page.fill('input[name=label]', 'Radio spot');
  await page.click('.drawer button:has-text("Add number")');
  await page.waitForSelector('text=Radio spot');
  assert.equal(await page.locator('.numbers table tbody tr').count(), 6);

  await page.click('nav a:has-text("Routing")');
  await page.waitForSelector('text=Sales line');
  assert.match(await page.textContent('.routing'), /Dana/);
  assert.match(await page.textContent('.routing'), /Round robin/);
  await context.close();
});

test('costs & deals: a CSV upload shows its refused lines; the good ones land', async () => {
  const { context, page } = await newPage({ expected: [422] });
  await signIn(page, seed.apiKey);
  await page.click('nav a:has-text("Costs")');
  const day = today(TZ);
  await page.fill('.upload-ad textarea', `date,source,medium,campaign,term,amount\n${day},bing,cpc,brand,,10\n2026-02-30,bing,cpc,brand,,5\n${day},bing,cpc,generic,,abc`);
  assert.equal(await page.locator('.upload-ad .preview tbody tr').count(), 3);
  await page.click('.upload-ad button:has-text("Upload 3 lines")');
  await page.waitForSelector('.upload-ad .result');
  assert.match(await page.textContent('.upload-ad .result'), /1 new, 0 updated, 2 lines refused/);
  assert.equal(await page.locator('.upload-ad tr.bad-row').count(), 2);
  assert.ok(await page.locator('.upload-ad tr[data-line="3"] .line-error').count() === 1);
  const bing = await report({ group_by: 'source', source: 'bing', from: day, to: day });
  assert.equal(bing.totals.cost, 10);

  await page.fill('.upload-deals textarea', `external_id,call_id,caller,created_at,amount,profit,status\nweb-1,,+19175551001,${new Date().toISOString()},300,,won\nweb-2,,+19175551002,${new Date().toISOString()},300,,maybe`);
  await page.click('.upload-deals button:has-text("Upload 2 lines")');
  await page.waitForSelector('.upload-deals .result');
  assert.match(await page.textContent('.upload-deals .result'), /1 new, 0 updated, 1 line refused/);
  assert.match(await page.textContent('.upload-deals tr[data-line="3"] .line-error'), /status/);
  await context.close();
});

test('settings save and survive a reload; the install code names the public key', async () => {
  const { context, page } = await newPage();
  await signIn(page, seed.apiKey);
  await page.click('nav a:has-text("Settings")');
  await page.waitForSelector('input[name=target_call_seconds]');
  assert.match(await page.textContent('.copy code'), new RegExp(seed.project.public_key));
  await page.fill('input[name=target_call_seconds]', '45');
  await page.fill('textarea[name=holidays]', '2026-12-25\n2026-12-31');
  await page.fill('input[name=wh_sat]', '10:00-14:00');
  await page.click('button:has-text("Save settings")');
  await page.waitForSelector('.saved');
  await page.reload();
  await page.waitForSelector('input[name=target_call_seconds]');
  assert.equal(await page.inputValue('input[name=target_call_seconds]'), '45');
  assert.equal(await page.inputValue('input[name=wh_sat]'), '10:00-14:00');
  const p = (await server.api('GET', `/v1/projects/${seed.project.id}`, undefined, seed.apiKey)).json;
  assert.equal(p.target_call_seconds, 45);
  assert.deepEqual(p.holidays, ['2026-12-25', '2026-12-31']);
  assert.deepEqual(p.working_hours.sat, [['10:00', '14:00']]);
  await page.fill('input[name=wh_sun]', 'noon');
  await page.click('button:has-text("Save settings")');
  await page.waitForSelector('.savebar .error');
  assert.match(await page.textContent('.savebar .error'), /Sunday/);
  await page.fill('input[name=wh_sun]', '');
  await page.fill('input[name=target_call_seconds]', '30');
  await page.click('button:has-text("Save settings")');
  await page.waitForSelector('.saved');
  await context.close();
});

test('the admin token sees a project switcher; sign-out returns to the sign-in form', async () => {
  const { context, page } = await newPage();
  await signIn(page, server.adminToken);
  await page.waitForSelector('select[aria-label="Project"]');
  await page.selectOption('select[aria-label="Project"]', other.project.id);
  await page.waitForFunction((id) => location.hash.includes(id), other.project.id);
  await settled(page);
  const otherTotals = (await server.api('GET', `/v1/projects/${other.project.id}/reports/calls?${new URLSearchParams(range())}`)).json.totals;
  assert.equal(await tile(page, 'calls'), fmt(otherTotals.calls));
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('input[name=token]');
  await page.reload();
  await page.waitForSelector('input[name=token]');
  await context.close();
});

test('screenshots of every page at 1280×800 and 390×844, with no console errors anywhere', async () => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { context, page } = await newPage({ width: w, height: h });
    await page.goto(server.base + '/');
    await page.screenshot({ path: path.join(SHOTS, `signin-${w}.png`) });
    await signIn(page, seed.apiKey);
    for (const name of PAGES) {
      await page.goto(`${server.base}/#/${name}`);
      await page.waitForSelector('.page');
      await settled(page);
      await page.waitForTimeout(400);  // chart animations
      await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: w > 400 });
    }
    await page.goto(`${server.base}/#/calls`);
    await page.waitForSelector('table.call-log tbody tr');
    await page.click('table.call-log tbody tr >> nth=0');
    await page.waitForSelector('.drawer .history li');
    await page.screenshot({ path: path.join(SHOTS, `call-${w}.png`) });
    await context.close();
  }
  assert.deepEqual(consoleErrors, []);
});
