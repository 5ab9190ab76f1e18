import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, csvLines, readme } from './csv.ts';

const awkward = ['', 'plain', 'a,b', 'a;b', 'say "hi"', '"', 'line\nbreak', 'cr\rhere', 'crlf\r\n', ' spaced ', '=SUM(A1)', 'ñandú «ü»', '—'];

describe('CSV lines', () => {
  it('are what csv-stringify writes with its defaults, for awkward values and either delimiter', () => {
    for (const delimiter of [',', ';']) {
      const records = [awkward, awkward.map((_, i) => i), awkward.slice().reverse()];
      expect(csvLines(records, delimiter)).toBe(stringify(records, { delimiter }));
    }
  });

  it('round-trip through csv-parse for any text', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(',', ';'), (records, delimiter) => {
      const width = records[0]!.length;
      const rows = records.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      expect(csvLines(rows, delimiter)).toBe(stringify(rows, { delimiter }));
      expect(parse(csvLines(rows, delimiter), { delimiter })).toEqual(rows);
    }));
  });

  it('cells: empty for null, ISO time, true/false, numbers as numbers, JSON for objects', () => {
    expect([null, undefined, new Date('2025-05-20T10:00:00Z'), true, false, 3, 'x', { a: 1 }].map(cell))
      .toEqual(['', '', '2025-05-20T10:00:00.000Z', 'true', 'false', 3, 'x', '{"a":1}']);
  });

  it('the README lists every column of every file, with pipes escaped', () => {
    const md = readme('T', 'intro', [{ name: 'a.csv', description: 'rows', columns: [{ name: 'x', description: 'an | y', value: () => 1 }], pages: async function* () {} }] as never);
    expect(md).toContain('## a.csv');
    expect(md).toContain('| `x` | an \\| y |');
  });
});
