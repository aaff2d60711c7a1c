// Browser tests of the snippet's session life against the real server (CALLSIGN_BIN): pings while visible,
// none while hidden, beacons on exit, a new session after a 404 ping, tel: click events, and the visitor and
// session ids kept in the first-party cookie (or localStorage) across reloads.
// The pool's hold is short (15 s) so that the server's ping_seconds is small.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  callsignBinary, startCallsign, startRecorder, createDniProject, startSite, launchBrowser, openPage, ready, like, posts, until,
  sleep
} from './harness.mjs';

const US_SITE = '+14155550123';
const US_POOL = Array.from({ length: 20 }, (_, i) => `+1 415 555 01${40 + i}`);
const HOLD_SECONDS = 15;

// Fails with a clear message when CALLSIGN_BIN is not set (every other test here is then cancelled).
test('CALLSIGN_BIN names the server binary', () => {
  assert.ok(callsignBinary());
});

let server, recorder, site, browser, us;

before(async () => {
  server = await startCallsign();
  us = await createDniProject(server, { name: 'Sessions', replace: [US_SITE], numbers: US_POOL, holdSeconds: HOLD_SECONDS });
  recorder = await startRecorder(server.base);
  site = await startSite({ CALLSIGN: recorder.base, KEY: us.project.public_key });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await recorder?.stop();
  await server?.stop();
});

const sessionPath = (sid, what) => `/v1/sessions/${encodeURIComponent(sid)}/${what}`;

/** The POST /v1/sessions exchange that produced session `sid` (its request and the server's response). */
function sessionStart(sid) {
  const e = recorder.posts(/^\/v1\/sessions$/).filter((x) => x.response && x.response.session_id === sid).pop();
  assert.ok(e, `a POST /v1/sessions answered with session ${sid}`);
  return e;
}

function setVisibility(page, state) {
  return page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

function pingsOf(sid, from = 0) {
  return recorder.posts(/\/ping$/, from).filter((e) => e.path === sessionPath(sid, 'ping'));
}

describe('session life', () => {
  test('the server answers with the contract fields', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const s = await ready(page);
      const start = sessionStart(s.session_id);
      const r = start.response;
      for (const f of ['visitor_id', 'session_id', 'channel', 'numbers', 'hold_seconds', 'ping_seconds']) {
        assert.ok(f in r, `response has ${f}: ${JSON.stringify(r)}`);
      }
      assert.ok(start.status === 200 || start.status === 201, `POST /v1/sessions status ${start.status}`);
      assert.equal(start.responseHeaders['access-control-allow-origin'], '*');
      assert.equal(r.hold_seconds, HOLD_SECONDS);
      assert.ok(r.ping_seconds > 0 && r.ping_seconds < HOLD_SECONDS, `ping_seconds ${r.ping_seconds}`);
      for (const f of ['replace', 'number', 'display']) assert.ok(f in r.numbers[0], `numbers[0] has ${f}`);
      assert.equal(r.numbers[0].replace, US_SITE);
      // The preflight of the JSON POST was answered by the server itself.
      const preflight = recorder.log.find((e) => e.method === 'OPTIONS' && e.path === '/v1/sessions');
      assert.ok(preflight, 'a CORS preflight for POST /v1/sessions');
      assert.ok(preflight.status === 204 || preflight.status === 200, `preflight status ${preflight.status}`);
      assert.equal(preflight.responseHeaders['access-control-allow-origin'], '*');
      assert.match(preflight.responseHeaders['access-control-allow-headers'] || '', /content-type/i);
    } finally {
      await context.close();
    }
  });

  test('pings every ping_seconds while visible, none while hidden (a beacon on hiding), one at once when visible again',
    { timeout: 90000 }, async () => {
      const { context, page, errors } = await openPage(browser);
      try {
        await page.goto(site.base + '/formats.html');
        const sid = (await ready(page)).session_id;
        const every = sessionStart(sid).response.ping_seconds * 1000;
        const t0 = Date.now();

        const two = await until(() => pingsOf(sid).length >= 2 && pingsOf(sid), 'two pings', 2 * every + 4000, 100);
        for (const p of two) {
          assert.deepEqual(p.json, { public_key: us.project.public_key });
          assert.equal(p.status, 204);
          assert.match(p.headers['content-type'], /^application\/json/);
        }
        assert.ok(two[0].at - t0 > every - 2500, `first ping after ~${every} ms, not ${two[0].at - t0}`);
        const gap = two[1].at - two[0].at;
        assert.ok(Math.abs(gap - every) < 2500, `pings ${gap} ms apart, ping_seconds says ${every}`);

        // Hidden: one beacon ping (text/plain, accepted), then silence.
        const mark = recorder.log.length;
        await setVisibility(page, 'hidden');
        const beacon = (await until(() => pingsOf(sid, mark).length && pingsOf(sid, mark), 'the beacon ping', 3000))[0];
        assert.match(beacon.headers['content-type'], /^text\/plain/);
        assert.deepEqual(beacon.json, { public_key: us.project.public_key });
        assert.equal(beacon.status, 204, 'the server accepts a text/plain JSON ping');
        await sleep(every + 1500);
        assert.equal(pingsOf(sid, mark).length, 1, 'no pings while hidden');

        // Visible again: an immediate ping, then the rhythm goes on.
        const mark2 = recorder.log.length;
        const shown = Date.now();
        await setVisibility(page, 'visible');
        const again = (await until(() => pingsOf(sid, mark2).length && pingsOf(sid, mark2), 'a ping on showing', 3000))[0];
        assert.ok(again.at - shown < 3000, 'the ping on showing is immediate');
        assert.match(again.headers['content-type'], /^application\/json/);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

  test('leaving the page sends a beacon ping', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const sid = (await ready(page)).session_id;
      const mark = recorder.log.length;
      await page.goto(site.base + '/app/');
      const p = (await until(() => pingsOf(sid, mark).length && pingsOf(sid, mark), 'the exit beacon', 3000))[0];
      assert.match(p.headers['content-type'], /^text\/plain/);
      assert.equal(p.status, 204);
      assert.equal(pingsOf(sid, mark).length, 1, 'one exit beacon (pagehide and visibilitychange are deduplicated)');
    } finally {
      await context.close();
    }
  });

  test('a ping answered 404 starts a new session for the same visitor and swaps its number', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const first = await ready(page);
      const firstTracking = first.numbers[0].number;
      assert.equal(await page.textContent('#paren'), like('(415) 555-0123', firstTracking));

      // The server forgets the session (as after an expiry): its next ping is a 404.
      let answered404 = 0;
      await page.route(`${recorder.base}/v1/sessions/*/ping`, (route) => {
        if (route.request().method() !== 'POST' || answered404) return route.continue();
        answered404++;
        return route.fulfill({
          status: 404,
          headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
          body: JSON.stringify({ error: { code: 'not_found', message: 'unknown or expired session' } })
        });
      });
      const mark = recorder.log.length;
      await setVisibility(page, 'visible'); // an immediate ping
      const second = await until(async () => {
        const s = await page.evaluate(() => window.Callsign.session());
        return s.session_id && s.session_id !== first.session_id && s;
      }, 'a new session', 5000);
      assert.equal(answered404, 1);
      assert.equal(second.visitor_id, first.visitor_id);
      const restart = recorder.posts(/^\/v1\/sessions$/, mark);
      assert.equal(restart.length, 1);
      assert.equal(restart[0].json.visitor_id, first.visitor_id);
      assert.equal(restart[0].json.session_id, undefined, 'a new session is asked for without the old session_id');

      const secondTracking = second.numbers[0].number;
      await until(async () => (await page.textContent('#paren')) === like('(415) 555-0123', secondTracking),
        'the new number on the page', 2000);
      assert.equal(await page.getAttribute('#tel-e164', 'href'), `tel:${secondTracking}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a click on a tel: link sends a tel_click event', async () => {
    const { context, page, errors, requests } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const sid = (await ready(page)).session_id;
      const mark = recorder.log.length;
      await page.click('#tel-e164', { noWaitAfter: true });
      const ev = (await until(() => {
        const e = recorder.posts(/\/events$/, mark).filter((x) => x.path === sessionPath(sid, 'events'));
        return e.length && e;
      }, 'the tel_click event', 3000))[0];
      assert.deepEqual(ev.json, { public_key: us.project.public_key, type: 'tel_click', page_url: site.base + '/formats.html' });
      assert.match(ev.headers['content-type'], /^text\/plain/);
      assert.equal(ev.status, 204);
      // The browser reports a beacon's request on its own schedule, possibly after the server has answered it.
      const sent = await until(() => posts(requests, '/events').pop(), "the browser's record of the event", 3000);
      assert.equal(sent.resourceType(), 'ping', 'sent with navigator.sendBeacon');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('visitor and session ids', () => {
  test('persist across a reload in the first-party _callsign cookie', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const first = await ready(page);
      assert.ok(first.visitor_id && first.session_id);
      const cookie = (await context.cookies(site.base)).find((c) => c.name === '_callsign');
      assert.ok(cookie, 'the _callsign cookie is set on the site');
      const [vid, sid, exp] = decodeURIComponent(cookie.value).split('.');
      assert.equal(vid, first.visitor_id);
      assert.equal(sid, first.session_id);
      const now = Date.now() / 1000;
      assert.ok(+exp > now && +exp <= now + HOLD_SECONDS + 2, `session kept until last ping + hold: ${exp}`);
      assert.equal(cookie.path, '/');
      assert.equal(cookie.sameSite, 'Lax');
      assert.ok(cookie.expires > now + 300 * 86400, 'the visitor is remembered for a year');
      assert.equal(cookie.domain, '127.0.0.1');

      const mark = recorder.log.length;
      await page.reload();
      const second = await ready(page);
      assert.equal(second.visitor_id, first.visitor_id);
      assert.equal(second.session_id, first.session_id);
      assert.deepEqual(second.numbers, first.numbers, 'the same live session keeps its number');
      const req = recorder.posts(/^\/v1\/sessions$/, mark)[0].json;
      assert.equal(req.visitor_id, first.visitor_id);
      assert.equal(req.session_id, first.session_id);
    } finally {
      await context.close();
    }
  });

  test('after the hold has passed, a returning visitor gets a new session (same visitor_id)', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const first = await ready(page);
      // Leave (the exit beacon refreshes the cookie), then pretend the last ping was longer ago than the
      // hold: the stored session is no longer offered.
      await page.goto('about:blank');
      const cookie = (await context.cookies(site.base)).find((c) => c.name === '_callsign');
      const v = decodeURIComponent(cookie.value).split('.');
      assert.equal(v[1], first.session_id);
      v[2] = String(Math.floor(Date.now() / 1000) - 1);
      await context.addCookies([{ ...cookie, value: encodeURIComponent(v.join('.')) }]);
      const mark = recorder.log.length;
      await page.goto(site.base + '/formats.html');
      const second = await ready(page);
      assert.equal(second.visitor_id, first.visitor_id);
      assert.notEqual(second.session_id, first.session_id);
      const req = recorder.posts(/^\/v1\/sessions$/, mark)[0].json;
      assert.equal(req.visitor_id, first.visitor_id);
      assert.equal(req.session_id, undefined);
    } finally {
      await context.close();
    }
  });

  test('fall back to localStorage when cookies are unavailable', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await context.addInitScript(() => {
        Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => {} });
      });
      await page.goto(site.base + '/formats.html');
      const first = await ready(page);
      const stored = await page.evaluate(() => localStorage.getItem('_callsign'));
      assert.ok(stored && stored.startsWith(`${first.visitor_id}.${first.session_id}.`), `localStorage: ${stored}`);
      await page.reload();
      const second = await ready(page);
      assert.equal(second.visitor_id, first.visitor_id);
      assert.equal(second.session_id, first.session_id);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the GA client and session ids from the _ga cookies are sent with the session', async () => {
    const { context, page } = await openPage(browser);
    try {
      await context.addCookies([{ name: '_ga', value: 'GA1.1.123456789.1700000000', url: site.base },
                                { name: '_ga_TEST123', value: 'GS2.1.s1700000456$o2$g1$t1700000500$j0$l0$h0',
                                  url: site.base }]);
      await page.goto(site.base + '/formats.html?gclid=abc123');
      const s = await ready(page);
      const start = sessionStart(s.session_id);
      assert.equal(start.json.ga_client_id, '123456789.1700000000');
      assert.equal(start.json.ga_session_id, '1700000456');
      assert.equal(s.channel, 'paid_search');
    } finally {
      await context.close();
    }
  });
});
