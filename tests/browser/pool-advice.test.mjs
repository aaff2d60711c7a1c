// The pool sizing advisor on the dashboard's Numbers page (docs/pool-advisor.md), in headless chromium against the
// real server: a pool with enough recorded visits and calls shows the API's recommendation against its current
// size and the accuracy / cost curve as a chart; another target asks the API again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCallsign, launchBrowser, createDniProject, DESKTOP_UA, sleep } from './harness.mjs';

const SESSIONS = 210;  // the advisor needs 200 visits …
const CALLS = 35;      // … and 30 calls in its 14 days

let server, browser, dni;

before(async () => {
  server = await startCallsign();
  const numbers = Array.from({ length: SESSIONS }, (_, i) => `+1628555${String(1000 + i).padStart(4, '0')}`);
  dni = await createDniProject(server, { name: 'Advice Tyres', replace: ['+14155550123'], numbers });
  const shown = [];
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(server.base + '/v1/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': DESKTOP_UA },
      body: JSON.stringify({ public_key: dni.project.public_key, page_url: `https://tyres.example/?utm_source=google&utm_medium=${i % 2 ? 'cpc' : 'email'}` }),
    });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    shown.push(body.numbers[0].number);
  }
  const started = new Date(Date.now() + 1000).toISOString();
  for (let i = 0; i < CALLS; i++) {
    const r = await server.api('POST', `/v1/projects/${dni.project.id}/calls`,
      { external_id: `advice-${i}`, tracking_number: shown[i * 6], caller: `+1212555${2000 + i}`, started_at: started },
      dni.project.api_key);
    assert.equal(r.status, 201, r.text);
  }
  await sleep(2500);  // every call started before the advice's "now"
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('numbers & pools: the advisor shows the recommended size against the current one, and the curve', async () => {
  const context = await browser.newContext({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.base + '/');
  await page.fill('input[name=token]', dni.project.api_key);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('.sidebar nav');
  await page.click('nav a:has-text("Numbers")');

  const advice = await server.api('GET', `/v1/projects/${dni.project.id}/pools/${dni.pool.id}/advice?target=0.95`, undefined, dni.project.api_key);
  assert.equal(advice.status, 200, advice.text);
  assert.equal(advice.json.calls, CALLS);
  await page.waitForSelector('.pool [data-advice]', { timeout: 30000 });
  assert.equal(await page.getAttribute('.pool [data-advice]', 'data-advice'), advice.json.status);
  if (advice.json.status === 'ok') {
    assert.equal((await page.textContent('.pool [data-stat="recommended"]')).trim(), String(advice.json.recommended_size));
    assert.equal((await page.textContent('.pool [data-stat="current"]')).trim(), String(SESSIONS));
  }
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
