// The pool sizing advisor on the dashboard's Numbers page (docs/pool-advisor.md), in headless chromium against the
// real server: a pool with enough recorded visits and calls shows the API's recommendation against its current
// size and the accuracy / cost curve as a chart; another target asks the API again. A second pool, whose calls
// partly came in on numbers no visit held, carries the caveat that the advice may be too low.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCallsign, launchBrowser, createDniProject, DESKTOP_UA, sleep } from './harness.mjs';
import { uncheckedCalls } from '../../web/dashboard/src/advice_caveat.js';

const SESSIONS = 210;  // the advisor needs 200 visits …
const CALLS = 35;      // … and 30 calls in its 14 days
const UNHELD = 15;     // the second pool's calls on numbers no visit was shown: the replay cannot check them

let server, browser, dni, short;

// A pool of SESSIONS + `unheld` numbers, SESSIONS visits (each shown its own number) and CALLS calls on numbers
// visits were shown, then `unheld` calls on the numbers nobody was shown.
async function recordedPool(name, prefix, unheld) {
  const numbers = Array.from({ length: SESSIONS + unheld }, (_, i) => `+1${prefix}${String(1000 + i).padStart(4, '0')}`);
  const created = await createDniProject(server, { name, replace: ['+14155550123'], numbers });
  const shown = [];
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(server.base + '/v1/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': DESKTOP_UA },
      body: JSON.stringify({ public_key: created.project.public_key, page_url: `https://tyres.example/?utm_source=google&utm_medium=${i % 2 ? 'cpc' : 'email'}` }),
    });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    shown.push(body.numbers[0].number);
  }
  const unshown = numbers.filter((n) => !shown.includes(n));
  assert.equal(unshown.length, unheld);
  const started = new Date(Date.now() + 1000).toISOString();
  const dialled = [...Array.from({ length: CALLS }, (_, i) => shown[i * 6]), ...unshown];
  for (const [i, number] of dialled.entries()) {
    const r = await server.api('POST', `/v1/projects/${created.project.id}/calls`,
      { external_id: `advice-${i}`, tracking_number: number, caller: `+1212555${2000 + i}`, started_at: started },
      created.project.api_key);
    assert.equal(r.status, 201, r.text);
  }
  return created;
}

before(async () => {
  server = await startCallsign();
  dni = await recordedPool('Advice Tyres', '628555', 0);
  short = await recordedPool('Short Tyres', '628556', UNHELD);
  await sleep(2500);  // every call started before the advice's "now"
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A signed-in page on the Numbers page of `project`, and the page errors it collects.
async function numbersPage(project) {
  const context = await browser.newContext({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.base + '/');
  await page.fill('input[name=token]', project.api_key);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('.sidebar nav');
  await page.click('nav a:has-text("Numbers")');
  return { context, page, errors };
}

test('numbers & pools: the advisor shows the recommended size against the current one, and the curve', async () => {
  const { context, page, errors } = await numbersPage(dni.project);

  const advice = await server.api('GET', `/v1/projects/${dni.project.id}/pools/${dni.pool.id}/advice?target=0.95`, undefined, dni.project.api_key);
  assert.equal(advice.status, 200, advice.text);
  assert.equal(advice.json.calls, CALLS);
  await page.waitForSelector('.pool [data-advice]', { timeout: 30000 });
  assert.equal(await page.getAttribute('.pool [data-advice]', 'data-advice'), advice.json.status);
  if (advice.json.status === 'ok') {
    assert.equal((await page.textContent('.pool [data-stat="recommended"]')).trim(), String(advice.json.recommended_size));
    assert.equal((await page.textContent('.pool [data-stat="current"]')).trim(), String(SESSIONS));
  }
  // Every call of this pool was made on a number a visit held: nothing the replay could not check, no caveat.
  assert.equal(advice.json.excluded_calls, 0);
  assert.equal(await page.locator('.pool [data-advice-caveat]').count(), 0);
  // The curve: an ECharts canvas with the API's points.
  await page.waitForSelector('.pool-advice .chart canvas');
  assert.ok(advice.json.curve.length >= 5, JSON.stringify(advice.json.curve));

  const asked = page.waitForRequest((r) => r.url().includes('/advice?target=0.8'));
  await page.selectOption('.pool select[aria-label="Target accuracy"]', '0.8');
  await asked;
  const lower = await server.api('GET', `/v1/projects/${dni.project.id}/pools/${dni.pool.id}/advice?target=0.8`, undefined, dni.project.api_key);
  await page.waitForFunction((want) => document.querySelector('.pool [data-advice]')?.getAttribute('data-advice') === want, lower.json.status);
  await page.screenshot({ path: 'build/dashboard-screenshots/pool-advice.png', fullPage: true }).catch(() => {});
  assert.deepEqual(errors, []);
  await context.close();
});

test('numbers & pools: when many calls had no visit to check them against, the advice says it may be too low', async () => {
  const { context, page, errors } = await numbersPage(short.project);
  const advice = await server.api('GET', `/v1/projects/${short.project.id}/pools/${short.pool.id}/advice?target=0.95`, undefined, short.project.api_key);
  assert.equal(advice.status, 200, advice.text);
  assert.equal(advice.json.excluded_calls, UNHELD, JSON.stringify(advice.json));
  assert.notEqual(advice.json.status, 'insufficient_traffic');
  const unchecked = uncheckedCalls(advice.json);
  assert.ok(unchecked, '15 of 50 calls unchecked is past the caveat\'s share');
  await page.waitForSelector('.pool [data-advice-caveat]', { timeout: 30000 });
  const text = await page.textContent('.pool [data-advice-caveat]');
  assert.match(text, new RegExp(`could not check ${unchecked.unchecked} of the pool's ${unchecked.calls} calls \\(${unchecked.percent} %\\)`));
  assert.match(text, /too low/);
  await page.waitForSelector('.pool-advice .chart canvas');
  await page.screenshot({ path: 'build/dashboard-screenshots/pool-advice-caveat.png', fullPage: true }).catch(() => {});
  assert.deepEqual(errors, []);
  await context.close();
});

test('the caveat\'s rule: from a fifth of the calls unchecked on, never without traffic to advise on', () => {
  const advice = (calls, excluded, status = 'ok') => ({ status, calls, excluded_calls: excluded, days: 14 });
  // The API's `calls` are the measured ones; the share is of all the window's calls, measured or not.
  assert.equal(uncheckedCalls(advice(81, 19)), null);
  assert.deepEqual(uncheckedCalls(advice(80, 20)), { unchecked: 20, calls: 100, percent: 20 });
  assert.deepEqual(uncheckedCalls(advice(104, 38, 'target_unreachable')), { unchecked: 38, calls: 142, percent: 27 });
  assert.equal(uncheckedCalls(advice(10, 9, 'insufficient_traffic')), null);
  assert.equal(uncheckedCalls(advice(0, 0)), null);
  assert.equal(uncheckedCalls(undefined), null);
});
