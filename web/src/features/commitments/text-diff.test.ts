import { describe, expect, it } from 'vitest';
import { chunksOf, shiftIndex, spliceBetween } from './text-diff.ts';

const apply = (text: string, s: ReturnType<typeof spliceBetween>) => (s ? text.slice(0, s.index) + s.insert + text.slice(s.index + s.remove) : text);

describe('spliceBetween', () => {
  it('finds one insertion, deletion or replacement', () => {
    expect(spliceBetween('The city publishes data', 'The city publishes open data', 24)).toEqual({ index: 19, remove: 0, insert: 'open ' });
    expect(spliceBetween('The city publishes data late', 'The city publishes data', 23)).toEqual({ index: 23, remove: 5, insert: '' });
    expect(spliceBetween('data late', 'data on time', 12)).toEqual({ index: 5, remove: 3, insert: 'on tim' }); // the final e is kept
    expect(spliceBetween('same', 'same')).toBeNull();
  });

  it('places a repeated letter where the caret is, not at the end of the run', () => {
    // "aa" → "aaa" typed after the first a: the caret is at 2 after typing.
    expect(spliceBetween('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(spliceBetween('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    // Backspace over the second "l" of "hello" (caret at 3 after deleting).
    expect(spliceBetween('hello', 'helo', 3)).toEqual({ index: 3, remove: 1, insert: '' });
  });

  it('never cuts an emoji in half', () => {
    const before = 'a😀b';
    const after = 'a😃b'; // same high surrogate, different low one
    const s = spliceBetween(before, after, 3)!;
    expect(s.insert).toBe('😃');
    expect(s.remove).toBe(2);
    expect(apply(before, s)).toBe(after);
  });

  it('always reproduces the new text, whatever the caret', () => {
    const samples = ['', 'a', 'abc', 'abcabc', 'hello world', 'x😀y😀z', 'aaaa'];
    for (const a of samples) for (const b of samples) for (let caret = 0; caret <= b.length; caret++) {
      expect(apply(a, spliceBetween(a, b, caret))).toBe(b);
    }
  });
});

describe('chunksOf', () => {
  it('cuts long text without splitting surrogate pairs', () => {
    expect(chunksOf('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(chunksOf('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    expect(chunksOf('', 3)).toEqual([]);
  });
});

describe('shiftIndex', () => {
  it('moves a caret after text inserted or deleted before it, and leaves it before changes after it', () => {
    // "Hello world", caret at 6 (before "world").
    expect(shiftIndex(6, [{ insert: 'Oh, ' }])).toBe(10);
    expect(shiftIndex(6, [{ retain: 8 }, { insert: '!!' }])).toBe(6);
    expect(shiftIndex(6, [{ delete: 6 }])).toBe(0);
    expect(shiftIndex(6, [{ retain: 2 }, { delete: 2 }])).toBe(4);
    // A deletion around the caret puts it where the deleted text began.
    expect(shiftIndex(6, [{ retain: 4 }, { delete: 5 }])).toBe(4);
    expect(shiftIndex(6, [{ retain: 6 }, { insert: 'big ' }])).toBe(10);
  });
});
