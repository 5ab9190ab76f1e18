import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

// The web's namespaces: same keys and placeholders in every language, and really translated.
const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
const NAMESPACES = ['common', 'auth', 'processes', 'admin', 'proposals', 'comments', 'moderation', 'rounds', 'workshops'] as const;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const load = (lng: string, ns: string) =>
  flatten(JSON.parse(readFileSync(new URL(`../../locales/${lng}/${ns}.json`, import.meta.url), 'utf8')) as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

for (const ns of NAMESPACES) {
  test(`locales/*/${ns}.json agree with English`, () => {
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
