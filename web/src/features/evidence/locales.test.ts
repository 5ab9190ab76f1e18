import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';

// The evidence and tracking namespaces: same keys and placeholders in every language, really translated.
type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
};
const load = (lng: string, ns: string) => flatten(JSON.parse(readFileSync(new URL(`../../../../locales/${lng}/${ns}.json`, import.meta.url), 'utf8')) as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

for (const ns of ['evidence', 'tracking']) {
  describe(`locales/*/${ns}.json`, () => {
    const en = load('en', ns);
    for (const lng of ['es', 'fr', 'pt']) {
      it(`${lng} has the English keys and placeholders, translated`, () => {
        const other = load(lng, ns);
        expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
        let same = 0;
        for (const [key, text] of en) {
          const t = other.get(key) ?? '';
          expect(placeholders(t), `${lng}:${key}`).toEqual(placeholders(text));
          expect(t.trim(), `${lng}:${key}`).not.toBe('');
          if (t === text) same++;
        }
        // A few words are the same in both languages (Date, Total, Consultation, No...).
        expect(same / en.size).toBeLessThan(0.1);
      });
    }
  });
}

describe('routes', () => {
  it('maps the evidence and tracking pages', () => {
    expect(matchRoute('/processes/buenos-aires-2025/evidence')).toEqual({ name: 'evidence', slug: 'buenos-aires-2025' });
    expect(matchRoute('/processes/buenos-aires-2025/tracking/')).toEqual({ name: 'tracking', slug: 'buenos-aires-2025' });
    expect(matchRoute('/processes/%E0%A4%A/tracking')).toEqual({ name: 'not-found' });
    expect(matchRoute('/processes/x/evidence/more').name).toBe('not-found');
  });
});
