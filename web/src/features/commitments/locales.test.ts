import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The commitments namespace: same keys and placeholders in every language, really translated.
type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
};
const load = (lng: string) => flatten(JSON.parse(readFileSync(new URL(`../../../../locales/${lng}/commitments.json`, import.meta.url), 'utf8')) as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales/*/commitments.json', () => {
  const en = load('en');
  for (const lng of ['es', 'fr', 'pt']) {
    it(`${lng} has the English keys and placeholders, translated`, () => {
      const other = load(lng);
      expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
      let same = 0;
      for (const [key, text] of en) {
        const t = other.get(key) ?? '';
        expect(placeholders(t), `${lng}:${key}`).toEqual(placeholders(text));
        expect(t.trim(), `${lng}:${key}`).not.toBe('');
        if (t === text) same++;
      }
      expect(same / en.size).toBeLessThan(0.05);
    });
  }
});
