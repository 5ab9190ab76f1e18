import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { storable, text, textFlaw, TEXT_NUL, TEXT_SURROGATE } from './text.ts';

describe('text the database can hold', () => {
  it('refuses NUL and unpaired surrogates, takes everything else', () => {
    expect(textFlaw('Presupuesto abierto 🌳 ñandú')).toBeNull();
    expect(textFlaw('')).toBeNull();
    expect(textFlaw('\ud83c\udf33')).toBeNull(); // a pair
    expect(textFlaw('a\u0000b')).toBe(TEXT_NUL);
    expect(textFlaw('\ud800')).toBe(TEXT_SURROGATE);
    expect(textFlaw('x\udfff')).toBe(TEXT_SURROGATE);
    expect(textFlaw('\udc00\ud800')).toBe(TEXT_SURROGATE); // low before high is no pair
    expect(textFlaw('\u0001\u001f\ufffd\uffff')).toBeNull(); // other controls are text PostgreSQL keeps
  });

  it('finds the same lone surrogates without String.prototype.isWellFormed (older browsers)', () => {
    const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
      const withNative = textFlaw(s);
      if (native) delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
      try {
        expect(textFlaw(s)).toBe(withNative);
      } finally {
        if (native) Object.defineProperty(String.prototype, 'isWellFormed', native);
      }
    }), { seed: 7, numRuns: 1000 });
  });

  it('keeps the usual string checks chainable and reports the key as the message', () => {
    const name = text().trim().min(1).max(5);
    expect(name.parse('  ab  ')).toBe('ab');
    expect(name.safeParse('a\u0000').error?.issues.map((i) => i.message)).toEqual([TEXT_NUL]);
    expect(name.safeParse('abcdefg').success).toBe(false);
    const url = z.url().check(storable);
    expect(url.safeParse('https://example.org/a\u0000b').error?.issues.map((i) => i.message)).toEqual([TEXT_NUL]);
    const keys = z.record(text(), z.number());
    expect(keys.safeParse({ 'a\ud800': 1 }).success).toBe(false);
  });
});
