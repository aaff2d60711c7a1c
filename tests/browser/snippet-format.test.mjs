// Unit tests of the snippet's pure part: finding the site's number in any common written form and writing the
// tracking number back in the page's own format. No server, no browser: the snippet's source runs in a bare
// Node `vm` context (no document, so it only defines window.Callsign._test), and the same cases run again
// against the esbuild-minified build when web/node_modules is installed (minification must not change them).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourcePath = path.join(root, 'web/snippet/callsign.js');

function load(code) {
  const window = { Promise };
  vm.runInNewContext(code, { window });
  assert.ok(window.Callsign && window.Callsign._test, 'the snippet defines window.Callsign._test');
  return window.Callsign._test;
}

let minified = null;

async function variants() {
  const source = readFileSync(sourcePath, 'utf8');
  const out = [['source', load(source)]];
  const esbuildPath = path.join(root, 'web/node_modules/esbuild/lib/main.js');
  if (existsSync(esbuildPath)) {
    const esbuild = (await import(esbuildPath)).default;
    // The options of scripts/build-snippet.
    minified = esbuild.transformSync(source, { minify: true, target: 'es2017', charset: 'ascii' }).code;
    out.push(['minified', load(minified)]);
  }
  return out;
}

describe('snippet source', () => {
  test('is ES2017 (no later syntax)', async (t) => {
    const acornPath = path.join(root, 'web/node_modules/acorn/dist/acorn.mjs');
    if (!existsSync(acornPath)) return t.skip('acorn is not in web/node_modules (npm ci in web/)');
    const { parse } = await import(acornPath);
    assert.doesNotThrow(() => parse(readFileSync(sourcePath, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' }));
  });

  test('minified and gzipped it is under 5 KB', async (t) => {
    await variants();
    if (!minified) return t.skip('esbuild is not installed in web/node_modules');
    const size = gzipSync(minified, { level: 9 }).length;
    assert.ok(size < 5120, `${size} bytes gzipped`);
  });
});

const US_SITE = '+14155550123';
const US_TRACK = '+14155550199';
const RU_SITE = '+74951234567';
const RU_TRACK = '+74951112233';

// [page text, site number, tracking number, expected text]
const SWAPS = [
  ['(415) 555-0123', US_SITE, US_TRACK, '(415) 555-0199'],
  ['+1 415-555-0123', US_SITE, US_TRACK, '+1 415-555-0199'],
  ['415.555.0123', US_SITE, US_TRACK, '415.555.0199'],
  ['415 555 0123', US_SITE, US_TRACK, '415 555 0199'],
  ['4155550123', US_SITE, US_TRACK, '4155550199'],
  ['+14155550123', US_SITE, US_TRACK, '+14155550199'],
  ['1-415-555-0123', US_SITE, US_TRACK, '1-415-555-0199'],
  ['1 (415) 555-0123', US_SITE, US_TRACK, '1 (415) 555-0199'],
  ['+1 (415) 555-0123', US_SITE, US_TRACK, '+1 (415) 555-0199'],
  ['415\u00a0555\u00a00123', US_SITE, US_TRACK, '415\u00a0555\u00a00199'],
  ['415\u2013555\u20130123', US_SITE, US_TRACK, '415\u2013555\u20130199'],
  ['Call (415) 555-0123 today!', US_SITE, US_TRACK, 'Call (415) 555-0199 today!'],
  ['Tel: 415-555-0123.', US_SITE, US_TRACK, 'Tel: 415-555-0199.'],
  ['(415) 555-0123, 415.555.0123 or +1 415 555 0123', US_SITE, US_TRACK,
    '(415) 555-0199, 415.555.0199 or +1 415 555 0199'],
  ['+7 (495) 123-45-67', RU_SITE, RU_TRACK, '+7 (495) 111-22-33'],
  ['8 (495) 123-45-67', RU_SITE, RU_TRACK, '8 (495) 111-22-33'],
  ['8-495-123-45-67', RU_SITE, RU_TRACK, '8-495-111-22-33'],
  ['+74951234567', RU_SITE, RU_TRACK, '+74951112233'],
  ['84951234567', RU_SITE, RU_TRACK, '84951112233'],
  ['(495) 123-45-67', RU_SITE, RU_TRACK, '(495) 111-22-33'],
  ['+44 20 7946 0958', '+442079460958', '+442079460111', '+44 20 7946 0111'],
  ['020 7946 0958', '+442079460958', '+442079460111', '020 7946 0111'],
];

// [page text, site number] that must stay as they are
const NON_MATCHES = [
  ['14155550123456', US_SITE],          // inside a longer digit run
  ['94155550123', US_SITE],             // a longer number ending in the site's digits
  ['41555501234', US_SITE],             // a longer number starting with them
  ['415-555-0123-45', US_SITE],         // the number continued by a dash and more digits
  ['Order 12.415.555.0123', US_SITE],   // glued to a preceding number by a dot
  ['(415) 555-0124', US_SITE],          // another number
  ['(415) 555-012', US_SITE],           // too short
  ['2026-11-23', US_SITE],              // a date
  ['+44 415 555 0123', US_SITE],        // the same digits inside a foreign international number
  ['+7 (495) 123-45-68', RU_SITE],      // another Russian number
  ['8495123456712', RU_SITE],           // inside a longer digit run
  ['+1 (495) 123-45-67', RU_SITE],      // the national number under another country code
];

describe('snippet number matching', async () => {
  for (const [name, t] of await variants()) {
    describe(name, () => {
      const swap = (text, from, to, display) => t.swapText(text, [t.rule(from, to, display)]);

      test('country code and national number split', () => {
        assert.deepEqual({ ...t.parts('+14155550123') }, { e164: '+14155550123', cc: '1', nsn: '4155550123', trunk: '1' });
        assert.deepEqual({ ...t.parts('+74951234567') }, { e164: '+74951234567', cc: '7', nsn: '4951234567', trunk: '8' });
        assert.equal(t.parts('+442079460958').cc, '44');
        assert.equal(t.parts('+380441234567').cc, '380');
        assert.equal(t.parts('+4201234567').cc, '420');
        assert.equal(t.parts('+4915112345678').cc, '49');
      });

      for (const [text, from, to, want] of SWAPS) {
        test(`swaps ${JSON.stringify(text)}`, () => {
          assert.equal(swap(text, from, to), want);
        });
      }

      for (const [text, from] of NON_MATCHES) {
        test(`leaves ${JSON.stringify(text)}`, () => {
          assert.equal(swap(text, from, from == RU_SITE ? RU_TRACK : US_TRACK), text);
        });
      }

      test('a number followed by a space and a digit is still the number (lists of numbers)', () => {
        assert.equal(swap('415 555 0123 415 555 0124', US_SITE, US_TRACK), '415 555 0199 415 555 0124');
      });

      test('a date and an unrelated number next to the site number are kept', () => {
        assert.equal(swap('2026-11-23: call (415) 555-0123 or (415) 555-0124', US_SITE, US_TRACK),
          '2026-11-23: call (415) 555-0199 or (415) 555-0124');
      });

      test('numbers of another length or country use the server display form', () => {
        assert.equal(swap('(415) 555-0123', US_SITE, '+442079460111', '020 7946 0111'), '020 7946 0111');
        assert.equal(swap('(415) 555-0123', US_SITE, '+442079460111'), '+442079460111');
      });

      test('several rules apply in one text (re-swap of an earlier tracking number)', () => {
        const rules = [t.rule(US_SITE, '+14155550177'), t.rule(US_TRACK, '+14155550177')];
        assert.equal(t.swapText('(415) 555-0123 / 415.555.0199', rules), '(415) 555-0177 / 415.555.0177');
      });

      test('tel: hrefs become tel:+E164 of the tracking number', () => {
        const rules = [t.rule(US_SITE, US_TRACK)];
        for (const href of ['tel:+14155550123', 'tel:4155550123', 'tel:+1-415-555-0123', 'tel:(415)%20555-0123',
          'TEL:1-415-555-0123', 'tel:415.555.0123']) {
          assert.equal(t.telHref(href, rules), 'tel:+14155550199', href);
        }
        assert.equal(t.telHref('tel:8 (495) 123-45-67', [t.rule(RU_SITE, RU_TRACK)]), 'tel:+74951112233');
        assert.equal(t.telHref('tel:+14155550124', rules), null);
        assert.equal(t.telHref('tel:+144155550123', rules), null);
        assert.equal(t.telHref('mailto:x@example.com', rules), null);
        assert.equal(t.telHref(null, rules), null);
      });

      test('GA client id from the _ga cookie', () => {
        assert.equal(t.gaClientId('a=1; _ga=GA1.1.123456789.1700000000; b=2'), '123456789.1700000000');
        assert.equal(t.gaClientId('_ga=GA1.2.987.654'), '987.654');
        assert.equal(t.gaClientId('_gat=1; x_ga=GA1.1.1.2'), null);
        assert.equal(t.gaClientId(''), null);
      });

      test('GA session id from the _ga_<stream> cookie, in both cookie formats', () => {
        assert.equal(t.gaSessionId('_ga=GA1.1.1.2; _ga_ABC123=GS1.1.1700000456.3.1.1700000500.0.0.0'), '1700000456');
        assert.equal(t.gaSessionId('_ga_XYZ9=GS2.1.s1700000789$o4$g1$t1700000800$j0$l0$h0; b=2'), '1700000789');
        assert.equal(t.gaSessionId('_ga=GA1.1.1.2'), null);
        assert.equal(t.gaSessionId('x_ga_ABC=GS1.1.1.2.3'), null);
        assert.equal(t.gaSessionId(''), null);
      });
    });
  }
});
