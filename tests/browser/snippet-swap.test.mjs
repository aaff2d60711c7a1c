// Browser tests of the snippet's number swapping against the real server (CALLSIGN_BIN): every written form,
// tel: links, attributes, what must be left alone, UTM attribution, single-page apps, bots, and a server that
// is down or slow. The site is served from its own loopback origin, so the snippet runs cross-origin.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  callsignBinary, startCallsign, startRecorder, createDniProject, startSite, launchBrowser, openPage, ready, texts, like, posts,
  until, deadPort, sleep, BOT_UA
} from './harness.mjs';

const US_SITE = '+14155550123';
const RU_SITE = '+74951234567';
// Pool numbers: 40 US numbers +1 415 555 0140..0179 and 10 Moscow numbers +7 495 111-22-30..39.
const US_POOL = Array.from({ length: 40 }, (_, i) => `+1 415 555 01${40 + i}`);
const RU_POOL = Array.from({ length: 10 }, (_, i) => `+7 495 111-22-3${i}`);

// Fails with a clear message when CALLSIGN_BIN is not set (every other test here is then cancelled).
test('CALLSIGN_BIN names the server binary', () => {
  assert.ok(callsignBinary());
});

let server, recorder, site, browser, us, ru;

before(async () => {
  server = await startCallsign();
  us = await createDniProject(server, { name: 'US site', country: 'US', replace: [US_SITE], numbers: US_POOL, holdSeconds: 60 });
  ru = await createDniProject(server, { name: 'RU site', country: 'RU', replace: [RU_SITE], numbers: RU_POOL, holdSeconds: 60 });
  recorder = await startRecorder(server.base);
  site = await startSite({ CALLSIGN: recorder.base, KEY: us.project.public_key, KEY_RU: ru.project.public_key });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await recorder?.stop();
  await server?.stop();
});

/** The tracking number the session got for `siteNumber`. */
function trackingFor(session, siteNumber) {
  assert.ok(session, 'the snippet got a session');
  const n = session.numbers.find((x) => x.replace === siteNumber);
  assert.ok(n, `the session has a number for ${siteNumber}: ${JSON.stringify(session.numbers)}`);
  assert.match(n.number, /^\+\d{8,15}$/);
  assert.notEqual(n.number, siteNumber);
  return n.number;
}

/** Records the original text of every [data-swap] element, and the untouched ones, before the snippet runs. */
async function originalTexts(page) {
  // Page HTML is static: read the originals from a fresh fetch of the same URL, parsed without scripts.
  const html = await (await fetch(page.url())).text();
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const p = await ctx.newPage();
  await p.setContent(html);
  const out = await texts(p);
  await ctx.close();
  return out;
}

describe('number swapping', () => {
  test('every written form of the site number, tel: hrefs, title and aria-label', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const session = await ready(page);
      const tracking = trackingFor(session, US_SITE);
      const before = await originalTexts(page);
      const after = await texts(page);
      const swapped = await page.$$eval('[data-swap]', (els) => els.map((e) => e.id));
      assert.ok(swapped.length >= 10);
      for (const id of swapped) {
        assert.equal(after[id], like(before[id], tracking), `#${id}: "${before[id]}"`);
      }
      const national = like('(415) 555-0123', tracking);
      assert.equal(after.sentence, `Call ${national} today, or (415) 555-0124 for billing.`);
      const attr = (sel, name) => page.getAttribute(sel, name);
      assert.equal(await attr('#tel-e164', 'href'), `tel:${tracking}`);
      assert.equal(await attr('#tel-national', 'href'), `tel:${tracking}`);
      assert.equal(await attr('#tel-dashed', 'href'), `tel:${tracking}`);
      assert.equal(await attr('#tel-other', 'href'), 'tel:+14155550124');
      assert.equal(await attr('#tel-national', 'title'), `Call ${like('415.555.0123', tracking)}`);
      assert.equal(await attr('#tel-national', 'aria-label'), `Call ${national}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('other numbers, noswap, form fields and editable content are left alone', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      trackingFor(await ready(page), US_SITE);
      const t = await texts(page);
      assert.equal(t.other, 'Billing: (415) 555-0124. Order 14155550123456. Since 2026-11-23. Ref 94155550123.');
      assert.equal(t.noswap, '(415) 555-0123');
      assert.equal(t['noswap-deep'], '415.555.0123');
      assert.equal(await page.getAttribute('#noswap-tel', 'href'), 'tel:+14155550123');
      assert.equal(await page.inputValue('#textarea'), '(415) 555-0123');
      assert.equal(await page.inputValue('#input'), '(415) 555-0123');
      assert.equal(t.editable, '(415) 555-0123');
      // Content added later inside a noswap element stays too.
      await page.evaluate(() => {
        const p = document.createElement('p');
        p.id = 'noswap-late';
        p.textContent = '(415) 555-0123';
        document.querySelector('[data-callsign-noswap]').appendChild(p);
      });
      await sleep(300);
      assert.equal(await page.textContent('#noswap-late'), '(415) 555-0123');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('Russian forms: +7, trunk 8, national', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats-ru.html');
      const tracking = trackingFor(await ready(page), RU_SITE);
      const before = await originalTexts(page);
      const after = await texts(page);
      for (const id of await page.$$eval('[data-swap]', (els) => els.map((e) => e.id))) {
        assert.equal(after[id], like(before[id], tracking), `#${id}: "${before[id]}"`);
      }
      assert.equal(after.plus7, `+7 (495) ${tracking.slice(5, 8)}-${tracking.slice(8, 10)}-${tracking.slice(10)}`);
      assert.equal(after.other, before.other);
      assert.equal(await page.getAttribute('#tel', 'href'), `tel:${tracking}`);
      assert.equal(await page.getAttribute('#tel-8', 'href'), `tel:${tracking}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('window.Callsign is the only global the snippet adds', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      await ready(page);
      const added = await page.evaluate(() =>
        Object.getOwnPropertyNames(window).filter((k) => k !== '__globalsBefore' && !window.__globalsBefore.includes(k)));
      assert.deepEqual(added, ['Callsign']);
      assert.equal(await page.evaluate(() => typeof window.Callsign.swap), 'function');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('UTM parameters reach the session: utm_medium=email is the email channel', async () => {
    const { context, page, requests } = await openPage(browser);
    try {
      const url = site.base + '/formats.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring';
      await page.goto(url);
      const session = await ready(page);
      assert.equal(session.channel, 'email');
      assert.equal(session.source, 'newsletter');
      assert.equal(session.medium, 'email');
      assert.equal(session.campaign, 'spring');
      const start = posts(requests, '/v1/sessions')[0];
      const body = JSON.parse(start.postData());
      assert.equal(body.page_url, url);
      assert.equal(body.public_key, us.project.public_key);
      assert.equal(start.headers()['content-type'], 'application/json');
    } finally {
      await context.close();
    }
  });

  test('Callsign.swap() rescans the page at once', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(site.base + '/formats.html');
      const tracking = trackingFor(await ready(page), US_SITE);
      const text = await page.evaluate(() => {
        const p = document.createElement('p');
        p.textContent = 'New: 415 555 0123';
        document.body.appendChild(p);
        window.Callsign.swap();
        return p.textContent;
      });
      assert.equal(text, `New: ${like('415 555 0123', tracking)}`);
    } finally {
      await context.close();
    }
  });
});

describe('single-page apps', () => {
  test('numbers added after load and on a pushState route are swapped; the route is a page_view', async () => {
    const { context, page, errors, requests } = await openPage(browser);
    try {
      await page.goto(site.base + '/app/');
      const tracking = trackingFor(await ready(page), US_SITE);
      assert.equal(await page.textContent('#footer'), `Phone: ${like('(415) 555-0123', tracking)}`);

      await page.evaluate(() => window.app.addLater(200));
      await page.waitForSelector('#late');
      await until(async () => (await page.textContent('#late')) === `Emergency line: ${like('415-555-0123', tracking)}`,
        'the late element to be swapped', 3000);

      await page.click('a[href="/app/contact"]');
      await page.waitForSelector('#contact');
      await until(async () => (await page.textContent('#contact')) === `Sales: ${like('+1 (415) 555-0123', tracking)}`,
        'the route content to be swapped', 3000);
      assert.equal(await page.textContent('#contact-tel'), like('415.555.0123', tracking));
      assert.equal(await page.getAttribute('#contact-tel', 'href'), `tel:${tracking}`);
      const sid = (await page.evaluate(() => window.Callsign.session())).session_id;
      const views = await until(() => {
        const v = recorder.posts(/\/events$/).filter((e) => e.json && e.json.type === 'page_view' &&
          e.path === `/v1/sessions/${encodeURIComponent(sid)}/events`);
        return v.length ? v : null;
      }, 'a page_view event', 3000);
      assert.deepEqual(views[0].json, { public_key: us.project.public_key, type: 'page_view', page_url: site.base + '/app/contact' });
      assert.match(views[0].headers['content-type'], /^text\/plain/, 'beacons are text/plain (no preflight)');
      assert.equal(views[0].status, 204, 'the server accepts a text/plain JSON event');
      // The browser reports a beacon's request on its own schedule, possibly after the server has answered it.
      const sent = await until(() => posts(requests, '/events')[0], "the browser's record of the event", 3000);
      assert.equal(sent.resourceType(), 'ping', 'sent with navigator.sendBeacon');

      // Back: popstate renders Home; the footer keeps the tracking number.
      await page.goBack();
      await page.waitForSelector('#contact', { state: 'detached' });
      assert.equal(await page.textContent('#footer'), `Phone: ${like('(415) 555-0123', tracking)}`);
      const pageViews = () => recorder.posts(/\/events$/).filter((e) => e.json && e.json.type === 'page_view' &&
        e.path === `/v1/sessions/${encodeURIComponent(sid)}/events`);
      await until(() => pageViews().length === 2, 'a page_view for the way back', 3000);
      // A jump to an anchor is not a page view; a hash route is.
      await page.evaluate(() => { location.hash = '#faq'; });
      await sleep(400);
      assert.equal(pageViews().length, 2);
      await page.evaluate(() => { location.hash = '#/pricing'; });
      await until(() => pageViews().length === 3, 'a page_view for a hash route', 3000);
      assert.equal(pageViews()[2].json.page_url, site.base + '/app/#/pricing');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('no swap', () => {
  for (const [name, userAgent] of [['Googlebot', BOT_UA], ['HeadlessChrome (default UA)', undefined]]) {
    test(`a bot user agent gets no number: ${name}`, async () => {
      const ctx = await browser.newContext(userAgent ? { userAgent } : {});
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e));
      try {
        await page.goto(site.base + '/formats.html');
        const session = await ready(page);
        assert.equal(session, null);
        assert.equal(await page.textContent('#paren'), '(415) 555-0123');
        assert.equal(await page.getAttribute('#tel-e164', 'href'), 'tel:+14155550123');
        assert.deepEqual(errors, []);
      } finally {
        await ctx.close();
      }
    });
  }

  test('the snippet cannot load (server down): the page keeps its numbers, no page error', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      const url = site.render('formats.html', { CALLSIGN: `http://127.0.0.1:${await deadPort()}` });
      await page.goto(url, { waitUntil: 'load' });
      await sleep(500);
      assert.equal(await page.evaluate(() => typeof window.Callsign), 'undefined');
      assert.equal(await page.textContent('#paren'), '(415) 555-0123');
      assert.equal(await page.getAttribute('#tel-e164', 'href'), 'tel:+14155550123');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the sessions endpoint is unreachable: the page keeps its numbers, no page error', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.route(`${recorder.base}/v1/sessions`, (route) => route.abort('connectionrefused'));
      await page.goto(site.base + '/formats.html');
      assert.equal(await ready(page), null);
      assert.equal(await page.textContent('#paren'), '(415) 555-0123');
      assert.equal(await page.getAttribute('#tel-e164', 'href'), 'tel:+14155550123');
      assert.deepEqual(await page.evaluate(() => window.Callsign.session().session_id), null);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the sessions endpoint never answers: the snippet gives up after ~3 s, the page keeps its numbers', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.route(`${recorder.base}/v1/sessions`, () => { /* never answered */ });
      await page.goto(site.base + '/formats.html');
      const t0 = Date.now();
      assert.equal(await ready(page, 10000), null);
      const waited = Date.now() - t0;
      assert.ok(waited < 6000, `gave up after ${waited} ms`);
      assert.equal(await page.textContent('#paren'), '(415) 555-0123');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
