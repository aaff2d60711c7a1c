// Test harness for the snippet's browser tests: starts the REAL Callsign server (env CALLSIGN_BIN), creates
// projects, pools and pool numbers through its HTTP API, serves the customer's site pages from a second
// loopback origin (so the snippet runs cross-origin, as on a real site), and drives Debian's chromium through
// playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const PAGES = path.join(here, 'pages');

// Debian's headless chromium says "HeadlessChrome" in its user agent, which the snippet (rightly) takes for a
// bot: every normal test browses as a desktop Chrome.
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The server binary from CALLSIGN_BIN; throws a clear message when it is not set or not there. */
export function callsignBinary() {
  const bin = process.env.CALLSIGN_BIN;
  if (!bin) {
    throw new Error('CALLSIGN_BIN is not set: point it at the built server, e.g. ' +
      'CALLSIGN_BIN=/work/main/build/src/app/callsign node --test tests/browser/');
  }
  if (!existsSync(bin) || !statSync(bin).isFile()) throw new Error(`CALLSIGN_BIN=${bin} is not a file`);
  return bin;
}

async function loadPlaywright() {
  try {
    return await import(path.join(root, 'web/node_modules/playwright-core/index.mjs'));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run \`npm ci\` in ${path.join(root, 'web')} (${e.message})`);
  }
}

/** Launches Debian's chromium headless (we run as root: no sandbox). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const { chromium } = await loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * A new browser context and page with a desktop user agent (unless given), collecting uncaught page errors
 * and every request made (page and context level, so beacons sent while a page closes count too).
 */
export async function openPage(browser, { userAgent = DESKTOP_UA } = {}) {
  const context = await browser.newContext({ userAgent });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(e));
  context.on('request', (r) => requests.push(r));
  return { context, page, errors, requests };
}

/** Requests to the Callsign server whose path ends with `suffix` (e.g. "/ping"), method POST. */
export function posts(requests, suffix) {
  return requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix));
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function until(fn, what, timeoutMs = 5000, stepMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `written` (a number as the page wrote it) with its national number replaced by the tracking number's, digit
 * for digit — what the snippet must show. Tests use 10-digit national numbers (NANP, Russia).
 */
export function like(written, trackingE164) {
  const nsn = trackingE164.replace(/\D/g, '').slice(-10).split('');
  const digits = written.replace(/\D/g, '').length;
  let i = 0;
  return written.replace(/\d/g, (d) => (i++ < digits - 10 ? d : nsn.shift()));
}

/** A loopback port that nothing listens on (bound, then closed). */
export async function deadPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * Starts `$CALLSIGN_BIN serve --listen 127.0.0.1:0 --data-dir <tmp> --admin-token <token>` and waits for its
 * "callsign: listening on http://HOST:PORT" line (stdout or stderr). Returns {base, adminToken, api, stop}.
 */
export async function startCallsign() {
  const bin = callsignBinary();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'callsign-browser-'));
  const adminToken = 'adm_' + crypto.randomBytes(16).toString('hex');
  const proc = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--admin-token', adminToken],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} did not print its listening line in 30 s:\n${output}`)), 30000);
    const onData = (chunk) => {
      output += chunk;
      const m = /callsign: listening on (http:\/\/[^\s/]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  // Keep draining its output so that a chatty server never blocks on a full pipe.
  proc.stdout.on('data', () => {});
  proc.stderr.on('data', () => {});

  // `body` is sent as JSON, or as is with `contentType` (e.g. 'text/csv').
  async function api(method, urlPath, body, token = adminToken, contentType = undefined) {
    const res = await fetch(base + urlPath, {
      method,
      headers: { 'Content-Type': contentType || 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : contentType ? body : JSON.stringify(body)
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  return { base, adminToken, dataDir, api, stop, output: () => output };
}

/**
 * A recording pass-through proxy in front of the Callsign server (the way nginx would stand in front of it):
 * pages load the snippet from recorder.base, so every request the snippet makes — including sendBeacon
 * bodies, which the browser's devtools protocol does not expose — is logged as
 * {at, method, path, headers, body, json, status, responseHeaders, response (parsed JSON or null)} once the
 * server has answered. Nothing is changed on the way.
 */
export async function startRecorder(targetBase) {
  const parse = (text) => { try { return text ? JSON.parse(text) : null; } catch { return null; } };
  const target = new URL(targetBase);
  const log = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        const answer = [];
        r.on('data', (c) => { answer.push(c); res.write(c); });
        r.on('end', () => {
          res.end();
          const text = body.toString('utf8');
          const response = Buffer.concat(answer).toString('utf8');
          log.push({
            at: Date.now(), method: req.method, path: req.url, headers: req.headers, body: text, json: parse(text),
            status: r.statusCode, responseHeaders: r.headers, response: parse(response)
          });
        });
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    log,
    /** Logged POSTs whose path matches `re`, optionally only those with an index >= `from`. */
    posts: (re, from = 0) => log.slice(from).filter((e) => e.method === 'POST' && re.test(e.path)),
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); })
  };
}

async function expectCreated(what, res) {
  if (res.status !== 201 || !res.json || !res.json.id) {
    throw new Error(`${what}: expected 201 with an id, got ${res.status} ${res.text}`);
  }
  return res.json;
}

/**
 * A project with one DNI pool: `replace` = the site's own numbers, `numbers` = the pool's tracking numbers.
 * Returns {project (with public_key), pool, numbers}.
 */
export async function createDniProject(server, { name, country = 'US', replace, numbers, holdSeconds = 900 }) {
  const project = await expectCreated('POST /v1/projects', await server.api('POST', '/v1/projects', { name, country }));
  if (!project.public_key) throw new Error(`POST /v1/projects returned no public_key: ${JSON.stringify(project)}`);
  const pool = await expectCreated(`POST /v1/projects/${project.id}/pools`,
    await server.api('POST', `/v1/projects/${project.id}/pools`,
      { name: `${name} pool`, hold_seconds: holdSeconds, when_exhausted: 'default_number', replace }));
  const created = [];
  for (const number of numbers) {
    created.push(await expectCreated(`POST /v1/projects/${project.id}/numbers ${number}`,
      await server.api('POST', `/v1/projects/${project.id}/numbers`, { number, kind: 'pool', pool_id: pool.id })));
  }
  return { project, pool, numbers: created };
}

/**
 * The customer's site: a static HTTP server on its own loopback port serving tests/browser/pages/* with
 * {{NAME}} placeholders filled from `vars` (e.g. {{CALLSIGN}} = the Callsign server's origin, {{KEY}} = a
 * public key), plus pages registered at run time with add(). Every unknown path under /app/ serves app.html
 * (a single-page app's history fallback).
 */
export async function startSite(vars = {}) {
  const extra = new Map();
  const fill = (html, v) => html.replace(/\{\{(\w+)\}\}/g, (m, k) => (k in v ? String(v[k]) : m));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://site');
    let html = extra.get(url.pathname);
    if (html === undefined) {
      let file = url.pathname.startsWith('/app/') ? 'app.html' : url.pathname.slice(1);
      if (!/^[\w.-]+\.html$/.test(file) || !existsSync(path.join(PAGES, file))) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      html = fill(readFileSync(path.join(PAGES, file), 'utf8'), vars);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  let n = 0;
  return {
    base,
    vars,
    /** Registers a page rendered from pages/FILE with `overrides` on top of vars; returns its URL. */
    render(file, overrides = {}) {
      const p = `/generated-${++n}-${file}`;
      extra.set(p, fill(readFileSync(path.join(PAGES, file), 'utf8'), { ...vars, ...overrides }));
      return base + p;
    },
    /** Registers a page with the given HTML (placeholders filled); returns its URL. */
    add(name, html) {
      const p = `/generated-${++n}-${name}`;
      extra.set(p, fill(html, vars));
      return base + p;
    },
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); })
  };
}

/** Waits for the snippet to have run its first swap; returns Callsign.session() (null: it gave up). */
export async function ready(page, timeout = 10000) {
  await page.waitForFunction(() => window.Callsign && window.Callsign.ready, null, { timeout });
  return page.evaluate(async () => (await window.Callsign.ready) && window.Callsign.session());
}

/** textContent of every element matching `selector`, keyed by its id. */
export function texts(page, selector = '[id]') {
  return page.$$eval(selector, (els) => Object.fromEntries(els.map((e) => [e.id, e.textContent])));
}
