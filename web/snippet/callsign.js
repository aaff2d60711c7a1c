/*! Callsign DNI snippet (callsign.js) */
/*
 * Swaps the site's phone numbers for the visit's tracking numbers.
 * <script src="https://CALLSIGN_HOST/callsign.js" data-key="PUBLIC_KEY" async></script>
 * Docs: docs/snippet.md. Contract: POST /v1/sessions, /v1/sessions/{id}/ping, /v1/sessions/{id}/events.
 *
 * Rules this file keeps: ES2017, no dependencies, one IIFE, the only global is window.Callsign, and nothing it
 * does may break the host page — every entry point (init, timers, listeners, wrapped history methods, public
 * API) swallows its own errors, every promise is caught, and a slow or dead server only means the page keeps
 * its own numbers.
 */
(function (window) {
  'use strict';

  if (!window || (window.Callsign && window.Callsign.swap)) return; // included twice: the first one runs

  var COOKIE = '_callsign';
  var TIMEOUT_MS = 3000; // the session request is abandoned after this: the page keeps its own numbers
  // Separators allowed between the digits of a written number: spaces (incl. nbsp, thin), dots, dashes,
  // parentheses; at most 3 in a row so that "415 — 555" style prose is not glued into one number.
  var SEP = '[\\s.()\\-\\u2010-\\u2015]{0,3}';
  var BOT = /bot\b|bot\/|crawl|spider|slurp|headless|lighthouse|prerender|pingdom|gtmetrix|facebookexternalhit|preview/i;
  var SKIP_TAGS = /^(SCRIPT|STYLE|TEXTAREA|INPUT|SELECT|OPTION|NOSCRIPT|TEMPLATE|IFRAME)$/;

  function noop() {}

  // ---------------------------------------------------------------------------------------------------------
  // Pure part: number matching and format-preserving replacement (no DOM; unit-tested in Node via _test).

  function digitsOf(s) {
    return String(s || '').replace(/\D/g, '');
  }

  // E.164 → {cc, nsn, trunk}. Country codes are 1–3 digits; the 1- and 2-digit ones are listed, the rest are 3.
  // trunk = the national prefix written before the national number: 1 in NANP, 8 in Russia/Kazakhstan, else 0.
  function parts(e164) {
    var d = digitsOf(e164);
    var m = /^(1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/.exec(d);
    var n = m ? m[1].length : 3;
    var cc = d.slice(0, n);
    return { e164: '+' + d, cc: cc, nsn: d.slice(n), trunk: cc == '1' ? '1' : cc == '7' ? '8' : '0' };
  }

  function spread(digits) {
    return digits.split('').join(SEP);
  }

  // One replacement rule: every written form of `from` on the page becomes `to` in the page's own format.
  // Group 1 = the written prefix (+CC, 00CC, CC or trunk, with its separator); the rest is the national number.
  function rule(from, to, display) {
    var f = parts(from);
    var cc = spread(f.cc);
    return {
      from: f,
      to: parts(to),
      display: display || '',
      re: new RegExp('((?:(?:\\+|00)[\\s(]?' + cc + '|' + cc + '|' + f.trunk + ')' + SEP + ')?\\(?' + spread(f.nsn), 'g')
    };
  }

  // All acceptable matches of rule r in s: [{at, len, prefix}]. A match must not sit inside a longer number:
  // no digit (or "+", or a digit and a dot/dash, or an international "+NN " head) right before it, and no digit
  // (or a dot/dash and a digit) right after it.
  function matches(s, r) {
    var out = [], re = r.re, m, a, b;
    re.lastIndex = 0;
    while ((m = re.exec(s))) {
      a = m.index;
      b = a + m[0].length;
      if (/(\d|\+|\d[.\-\u2010-\u2015]|\+\d[\d\s().\-\u2010-\u2015]*)$/.test(s.slice(Math.max(0, a - 24), a)) ||
          /^[.\-\u2010-\u2015]?\d/.test(s.slice(b, b + 2))) {
        re.lastIndex = a + 1;
      } else {
        out.push({ at: a, len: m[0].length, prefix: (m[1] || '').length });
      }
    }
    return out;
  }

  // The tracking number written like `written` (a match of r.from): same prefix, same separators, digit for
  // digit. When the two numbers cannot share a pattern (other country or length) the server's display form.
  function format(written, prefixLen, r) {
    var i = 0, to = r.to;
    if (to.cc != r.from.cc || to.nsn.length != r.from.nsn.length) return r.display || to.e164;
    return written.slice(0, prefixLen) + written.slice(prefixLen).replace(/\d/g, function () {
      return to.nsn.charAt(i++);
    });
  }

  // s with every rule applied; the same string when nothing matched.
  function swapText(s, rules) {
    for (var k = 0; k < rules.length; k++) {
      var r = rules[k], ms = matches(s, r), out = '', last = 0;
      if (!ms.length) continue;
      for (var j = 0; j < ms.length; j++) {
        var x = ms[j];
        out += s.slice(last, x.at) + format(s.substr(x.at, x.len), x.prefix, r);
        last = x.at + x.len;
      }
      s = out + s.slice(last);
    }
    return s;
  }

  // New href for a tel: link that dials one of the rules' numbers ("tel:+E164" of the tracking number), or null.
  function telHref(href, rules) {
    if (!/^tel:/i.test(href || '')) return null;
    var v = href.slice(4);
    try { v = decodeURIComponent(v); } catch (e) { /* keep it raw */ }
    for (var k = 0; k < rules.length; k++) {
      if (matches(v, rules[k]).length) return 'tel:' + rules[k].to.e164;
    }
    return null;
  }

  // GA client id from the _ga cookie: "GA1.1.123456789.1700000000" → "123456789.1700000000".
  function gaClientId(cookie) {
    var m = /(?:^|;\s*)_ga=GA\d+\.\d+\.(\d+\.\d+)/.exec(cookie || '');
    return m ? m[1] : null;
  }

  // GA4 session id from the first _ga_<stream> cookie: "GS1.1.1700000000.3.…" (older) or "GS2.1.s1700000000$o3$…".
  function gaSessionId(cookie) {
    var m = /(?:^|;\s*)_ga_[A-Za-z0-9]+=GS\d\.\d\.(?:s(\d+)|(\d+)\.)/.exec(cookie || '');
    return m ? (m[1] || m[2]) : null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Page state.

  var document = window.document;
  var key = null, base = null, cookieDomain = null;
  var sess = null;          // the last POST /v1/sessions response
  var rules = [];           // what is swapped now
  var shown = {};           // site number (E.164) → the number the page shows for it now
  var observer = null, debounce = 0, pingTimer = 0, lastExit = 0, lastHref = '';
  var resolveReady = noop;
  var ready = window.Promise ? new Promise(function (r) { resolveReady = r; }) : null;

  function now() {
    return Date.now();
  }

  function session() {
    var s = sess || {};
    return {
      visitor_id: s.visitor_id || null,
      session_id: s.session_id || null,
      channel: s.channel || null,
      source: s.source || null,
      medium: s.medium || null,
      campaign: s.campaign || null,
      numbers: (s.numbers || []).slice()
    };
  }

  function guard(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) { /* never break the page */ }
    };
  }

  // ---- storage: first-party cookie "_callsign=VISITOR.SESSION.EXPIRES" (EXPIRES = unix seconds after which
  // the session can no longer be live: last ping + hold_seconds); localStorage when cookies are unavailable.

  function cookies() {
    try {
      return document.cookie || '';
    } catch (e) {
      return ''; // sandboxed document
    }
  }

  function readCookie(name) {
    var m = new RegExp('(?:^|;\\s*)' + name + '=([^;]*)').exec(cookies());
    try {
      return m ? decodeURIComponent(m[1]) : null;
    } catch (e) {
      return null;
    }
  }

  function load() {
    var v = readCookie(COOKIE);
    if (!v) try { v = window.localStorage.getItem(COOKIE); } catch (e) { /* none */ }
    var p = (v || '').split('.');
    return { visitor: p[0] || null, session: p[1] && +p[2] * 1000 > now() ? p[1] : null };
  }

  function save() {
    if (!sess || !sess.visitor_id) return;
    var v = sess.visitor_id + '.' + (sess.session_id || '') + '.' +
      Math.floor(now() / 1000 + (+sess.hold_seconds || 900));
    try {
      document.cookie = COOKIE + '=' + encodeURIComponent(v) + ';path=/;max-age=31536000;SameSite=Lax' +
        (cookieDomain ? ';domain=' + cookieDomain : '') + (window.location.protocol == 'https:' ? ';Secure' : '');
    } catch (e) { /* sandboxed */ }
    if (readCookie(COOKIE) != v) try { window.localStorage.setItem(COOKIE, v); } catch (e) { /* none */ }
  }

  // ---- network

  function post(path, body) {
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, TIMEOUT_MS);
    return window.fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: ctl ? ctl.signal : undefined
    }).then(function (r) {
      clearTimeout(timer);
      return r;
    }, function (e) {
      clearTimeout(timer);
      throw e;
    });
  }

  // Fire and forget, survives page exit. text/plain JSON needs no CORS preflight.
  function beacon(path, body) {
    var url = base + path, json = JSON.stringify(body);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([json], { type: 'text/plain' }))) return;
    } catch (e) { /* fall through */ }
    try {
      window.fetch(url, { method: 'POST', body: json, keepalive: true }).catch(noop);
    } catch (e) { /* give up */ }
  }

  function sessionPath(what) {
    return '/v1/sessions/' + encodeURIComponent(sess.session_id) + '/' + what;
  }

  function event(type) {
    if (sess) beacon(sessionPath('events'), { public_key: key, type: type, page_url: window.location.href });
  }

  // ---- sessions

  function start(keepSession) {
    var stored = load();
    var body = { public_key: key, page_url: window.location.href };
    var ga = gaClientId(cookies()), gaSession = gaSessionId(cookies());
    if (document.referrer) body.referrer = document.referrer;
    if (sess && sess.visitor_id) stored.visitor = sess.visitor_id;
    if (stored.visitor) body.visitor_id = stored.visitor;
    if (keepSession && stored.session) body.session_id = stored.session;
    if (ga) body.ga_client_id = ga;
    if (ga && gaSession) body.ga_session_id = gaSession;
    return post('/v1/sessions', body).then(function (r) {
      // A stored session the server no longer accepts: start a new one (the visitor is kept).
      if (!r.ok && body.session_id && r.status >= 400 && r.status < 500 && r.status != 429) return start(false);
      if (!r.ok) throw new Error('callsign: ' + r.status);
      return r.json().then(guard(apply));
    });
  }

  function apply(data) {
    if (!data || !data.session_id) return;
    sess = data;
    save();
    setNumbers(data.numbers || []);
    swap();
    if (rules.length) observe();
    schedule();
  }

  // New rules from the session's numbers; a number the page already shows (an earlier session's) is swapped
  // again, and a site number with no tracking number any more goes back to the site's own number.
  function setNumbers(list) {
    var next = {}, out = [], done = {};
    list.forEach(function (n) {
      if (n && n.replace && n.number) next[parts(n.replace).e164] = n;
    });
    Object.keys(shown).concat(Object.keys(next)).forEach(function (site) {
      if (done[site]) return;
      done[site] = 1;
      var n = next[site], to = n ? parts(n.number).e164 : site;
      [site, shown[site]].forEach(function (from) {
        if (from && from != to && !out.some(function (r) { return r.from.e164 == from; })) {
          out.push(rule(from, to, n && n.display));
        }
      });
      shown[site] = to;
    });
    rules = out;
  }

  // ---- pings: every ping_seconds while the page is visible; a beacon when it is left; 404 → a new session.

  function ping() {
    if (!sess) return;
    var sid = sess.session_id;
    post(sessionPath('ping'), { public_key: key }).then(function (r) {
      if (!sess || sess.session_id != sid) return;
      if (r.status == 404) return start(false);
      if (r.ok) save();
    }).catch(noop);
  }

  function schedule() {
    clearTimeout(pingTimer);
    if (!sess || document.visibilityState == 'hidden') return;
    var s = +sess.ping_seconds || Math.max(5, Math.floor((+sess.hold_seconds || 900) / 3));
    pingTimer = setTimeout(guard(function () {
      ping();
      schedule();
    }), s * 1000);
  }

  function leave() {
    clearTimeout(pingTimer);
    if (!sess || now() - lastExit < 1000) return;
    lastExit = now();
    beacon(sessionPath('ping'), { public_key: key });
    save();
  }

  function visibility() {
    if (document.visibilityState == 'hidden') return leave();
    ping();
    schedule();
  }

  // ---- swapping

  function skip(el) {
    return SKIP_TAGS.test(el.tagName) || el.hasAttribute('data-callsign-noswap') || el.isContentEditable;
  }

  function swapAttr(el, name) {
    var v = el.getAttribute(name), u;
    if (v && (u = swapText(v, rules)) != v) el.setAttribute(name, u);
  }

  function swap() {
    var root = document.body;
    if (!rules.length || !root || skip(root)) return;
    var walker = document.createTreeWalker(root, 5 /* SHOW_ELEMENT | SHOW_TEXT */, {
      acceptNode: function (n) {
        return n.nodeType == 1 && skip(n) ? 2 /* FILTER_REJECT: not its subtree either */ : 1;
      }
    });
    var n, t, u;
    while ((n = walker.nextNode())) {
      if (n.nodeType == 3) {
        t = n.data;
        if (/\d/.test(t) && (u = swapText(t, rules)) != t) n.data = u;
      } else {
        swapAttr(n, 'title');
        swapAttr(n, 'aria-label');
        if (n.tagName == 'A' && (u = telHref(n.getAttribute('href'), rules))) n.setAttribute('href', u);
      }
    }
    if (observer) observer.takeRecords(); // our own writes must not trigger another scan
  }

  // Content added or changed later (single-page apps, late widgets): rescan shortly after it settles.
  function observe() {
    if (observer || !window.MutationObserver) return;
    observer = new MutationObserver(function () {
      clearTimeout(debounce);
      debounce = setTimeout(guard(swap), 40);
    });
    observer.observe(document.documentElement, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ['href', 'title', 'aria-label']
    });
  }

  // A route change in a single-page app: rescan, and count a page view when the path or query changed, or
  // a hash route ("#/…", "#!/…"); a jump to an anchor on the same page is not a page view.
  function route() {
    var href = window.location.href, hash = window.location.hash;
    if (href == lastHref) return;
    var view = href.split('#')[0] != lastHref.split('#')[0] || /^#!?\//.test(hash);
    lastHref = href;
    clearTimeout(debounce);
    debounce = setTimeout(guard(swap), 40);
    if (view) event('page_view');
  }

  function wrapHistory(name) {
    var orig = window.history[name];
    if (typeof orig != 'function') return;
    window.history[name] = function () {
      var r = orig.apply(this, arguments);
      guard(route)();
      return r;
    };
  }

  function telClick(e) {
    var el = e.target;
    var a = el && el.closest ? el.closest('a[href]') : null;
    if (a && /^tel:/i.test(a.getAttribute('href'))) event('tel_click');
  }

  // ---- start

  function scriptTag() {
    var s = document.currentScript;
    if (s && s.getAttribute('data-key')) return s;
    return document.querySelector('script[src*="callsign.js"][data-key]');
  }

  function init() {
    var tag = scriptTag();
    if (!tag || !window.fetch || BOT.test(navigator.userAgent || '')) return resolveReady(null);
    key = tag.getAttribute('data-key');
    base = tag.getAttribute('data-api') || new URL(tag.src, window.location.href).origin;
    cookieDomain = tag.getAttribute('data-cookie-domain');
    lastHref = window.location.href;

    wrapHistory('pushState');
    wrapHistory('replaceState');
    window.addEventListener('popstate', guard(route));
    window.addEventListener('hashchange', guard(route));
    document.addEventListener('click', guard(telClick), true);
    document.addEventListener('visibilitychange', guard(visibility));
    window.addEventListener('pagehide', guard(leave));
    window.addEventListener('pageshow', guard(function (e) {
      if (e.persisted) visibility(); // back from the back/forward cache
    }));
    document.addEventListener('DOMContentLoaded', guard(swap));

    start(true).then(function () {
      resolveReady(session());
    }, function () {
      resolveReady(null); // server down, slow or refusing: the page keeps its numbers
    });
  }

  window.Callsign = {
    version: '1',
    ready: ready,
    // Rescans the page now (e.g. after rendering numbers outside the DOM the snippet watches).
    swap: guard(swap),
    // {visitor_id, session_id, channel, source, medium, campaign, numbers}; nulls before a session exists.
    session: guard(session),
    // Pure helpers for unit tests; not a public API.
    _test: { parts: parts, rule: rule, matches: matches, swapText: swapText, telHref: telHref, gaClientId: gaClientId,
              gaSessionId: gaSessionId }
  };

  try {
    init();
  } catch (e) {
    resolveReady(null);
  }
})(typeof window != 'undefined' ? window : null);
