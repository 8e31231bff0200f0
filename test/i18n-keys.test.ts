// Persian is complete: every text of the spectator pages, the console, the stadium screen and the
// announcer has the same keys in English and Persian, and no Persian text is English left as it was.
import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { en } from '../client/src/i18n/en';
import { fa } from '../client/src/i18n/fa';

// The screen's words are added to the i18next instance when its module loads, as in the browser.
await i18n.init({ resources: {} });
const { SCREEN_NS } = await import('../client/src/screen/screen-i18n');

type Texts = { [key: string]: string | Texts };

function flatten(texts: Texts, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(texts)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Latin words a Persian text may keep: codes the sport uses as they are, units and file formats. */
const KEPT_LATIN = new Set(['DNS', 'DNF', 'DQ', 'CSV', 'GPX', 'ISO', 'km', 'Web', 'Push', 'ChronoTrack', 'RACE', 'RESULT', 'OsmAnd', 'MBTiles', 'Splitcast', 'VAPID', 'URL', 'ID', 'T', 'm', 's', 'UTC', 'GeoJSON', 'N', 'Enter']);

/** Latin words of a text, leaving out {{placeholders}}, examples of what to type (digits and signs) and kept codes. */
function latinWords(text: string): string[] {
  const bare = text.replace(/\{\{[^}]+\}\}/g, ' ').replace(/\$t\([^)]*\)/g, ' ');
  return (bare.match(/[A-Za-z]+/g) ?? []).filter((w) => !KEPT_LATIN.has(w));
}

const SETS: [string, () => [Texts, Texts]][] = [
  ['spectator pages and console', () => [en as unknown as Texts, fa as unknown as Texts]],
  ['stadium screen and announcer', () => [i18n.getResourceBundle('en', SCREEN_NS) as Texts, i18n.getResourceBundle('fa', SCREEN_NS) as Texts]],
];

describe('Persian texts', () => {
  for (const [name, load] of SETS) {
    describe(name, () => {
      const [english, persian] = load().map((t) => flatten(t));

      it('has the same keys in English and Persian', () => {
        expect(english.size).toBeGreaterThan(20);
        const missing = [...english.keys()].filter((k) => !persian.has(k));
        const extra = [...persian.keys()].filter((k) => !english.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('has Persian words for every text, no English left in them', () => {
        const english_left = [...persian].filter(([key, text]) => text.trim() === '' || latinWords(text).length > 0 || (text === english.get(key) && /[A-Za-z]{2}/.test(text)));
        expect(english_left.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
      });

      it('keeps every placeholder of the English text', () => {
        const placeholders = (text: string) => (text.match(/\{\{[^}]+\}\}/g) ?? []).sort();
        const differing = [...english].filter(([key, text]) => persian.has(key) && placeholders(text).join() !== placeholders(persian.get(key)!).join());
        expect(differing.map(([key]) => key)).toEqual([]);
      });
    });
  }

  it('isolates every value put into a Persian text, so a Latin name, a time or an age group keeps its place', () => {
    const persian = new Map([...flatten(fa as unknown as Texts), ...flatten(i18n.getResourceBundle('fa', SCREEN_NS) as Texts)]);
    const bare = [...persian].filter(([, text]) => /(?<!\u2068)\{\{(?!count\}\})[^}]+\}\}|\{\{(?!count\}\})[^}]+\}\}(?!\u2069)/.test(text));
    expect(bare.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('finds a key missing from Persian and an English text left in it (the check can fail)', () => {
    const english = flatten({ a: { b: 'Start gun', c: 'Runner' } });
    const persian = flatten({ a: { b: 'Start gun' } });
    expect([...english.keys()].filter((k) => !persian.has(k))).toEqual(['a.c']);
    expect(latinWords(persian.get('a.b')!)).toEqual(['Start', 'gun']);
    expect(latinWords('ساعت {{time}} · DNF')).toEqual([]);
  });
});
