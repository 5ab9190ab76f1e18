/**
 * Every namespace under locales/ (read from the folder, so a new one cannot be forgotten): the
 * same keys and placeholders in every language, no empty strings, and really translated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
const ROOT = new URL('../../locales/', import.meta.url);
const NAMESPACES = readdirSync(new URL('en/', ROOT)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const load = (lng: string, ns: string) => flatten(JSON.parse(readFileSync(new URL(`${lng}/${ns}.json`, ROOT), 'utf8')) as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('every language has the same namespaces', () => {
    expect(NAMESPACES.length).toBeGreaterThan(10);
    for (const lng of LANGUAGES) {
      expect(readdirSync(new URL(`${lng}/`, ROOT)).filter((f) => f.endsWith('.json')).sort(), lng).toEqual(NAMESPACES.map((n) => `${n}.json`));
    }
  });

  for (const ns of NAMESPACES) {
    it(`locales/*/${ns}.json agree with English and are translated`, () => {
      const en = load('en', ns);
      for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
        const other = load(lng, ns);
        expect([...other.keys()].sort(), `${lng}/${ns} keys`).toEqual([...en.keys()].sort());
        let same = 0;
        for (const [key, text] of en) {
          const translated = other.get(key) ?? '';
          expect(placeholders(translated), `${lng}/${ns}:${key} placeholders`).toEqual(placeholders(text));
          expect(translated.trim(), `${lng}/${ns}:${key} is empty`).not.toBe('');
          if (translated === text) same += 1;
        }
        // Names such as "Mesa" or "Justice" may be equal; whole copies of English may not.
        expect(same / en.size, `${lng}/${ns}: share of strings left in English`).toBeLessThan(0.15);
      }
    });
  }
});
