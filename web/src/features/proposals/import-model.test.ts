import { describe, expect, it } from 'vitest';
import { csvRowCount, importFormat, importLimit, jsonRowCount, megabytes, uploadFigures } from './import-model.ts';

describe('import model', () => {
  it('counts CSV rows as the server does: quoted line breaks, CRLF, blank lines, a BOM, the header', () => {
    expect(csvRowCount('title,body\na,b\nc,d\n')).toBe(2);
    expect(csvRowCount('\ufefftitle,body\r\n"x, y","line 1\r\nline 2"\r\n\r\nz,"say ""hi"""\r\n')).toBe(2);
    expect(csvRowCount('title,body\nlast,no newline')).toBe(1);
    expect(csvRowCount('title,body\n')).toBe(0);
    expect(csvRowCount('')).toBe(0);
    expect(csvRowCount('\n\n')).toBe(0);
  });

  it('counts JSON items of an array or {items}; anything else is no count', () => {
    expect(jsonRowCount([1, 2, 3])).toBe(3);
    expect(jsonRowCount({ items: [1] })).toBe(1);
    expect(jsonRowCount({ nope: 1 })).toBeNull();
    expect(jsonRowCount('x')).toBeNull();
  });

  it('tells the format and its limit; upload figures in MB and percent', () => {
    expect(importFormat({ name: 'a.CSV', type: '' })).toBe('csv');
    expect(importFormat({ name: 'a', type: 'text/csv' })).toBe('csv');
    expect(importFormat({ name: 'a.json', type: 'application/json' })).toBe('json');
    expect([megabytes(importLimit('csv')), megabytes(importLimit('json'))]).toEqual([64, 10]);
    expect(uploadFigures(5 * 2 ** 20, 20 * 2 ** 20)).toEqual({ sent: 5, total: 20, percent: 25 });
    expect(uploadFigures(0, 0)).toEqual({ sent: 0, total: 0, percent: 0 });
  });
});
