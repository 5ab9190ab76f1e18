import { diffWords } from 'diff';
import { describe, expect, it } from 'vitest';
import { anchorStatus } from '../comments/rules.ts';
import { consultationClosedReason, share, wordCounts } from './consultation-rules.ts';
import { encodeNotice } from './presence-bus.ts';
import { mergeMembers } from './presence.ts';

const parts = (a: string, b: string) => diffWords(a, b).map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed }));

describe('consultation rules', () => {
  it('takes input only in consultation and before the closing date', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    expect(consultationClosedReason({ state: 'drafting', closesAt: null }, now)).toBe('consultation-not-open');
    expect(consultationClosedReason({ state: 'in-consultation', closesAt: '2026-05-02T00:00:00Z' }, now)).toBeNull();
    expect(consultationClosedReason({ state: 'in-consultation', closesAt: '2026-05-01T12:00:00Z' }, now)).toBe('consultation-closed');
    expect(consultationClosedReason({ state: 'final', closesAt: '2026-06-01T00:00:00Z' }, now)).toBe('consultation-not-open');
  });

  it('counts inserted and deleted words of a known pair of texts', () => {
    expect(wordCounts(parts('The city publishes data late', 'The city publishes open data on time'))).toEqual({ insertedWords: 3, deletedWords: 1 });
    expect(wordCounts(parts('same text', 'same text'))).toEqual({ insertedWords: 0, deletedWords: 0 });
    expect(wordCounts(parts('', 'three new words'))).toEqual({ insertedWords: 3, deletedWords: 0 });
  });

  it('gives shares with two decimals and 0 for nothing to answer', () => {
    expect(share(1, 3)).toBe(0.33);
    expect(share(0, 0)).toBe(0);
    expect(share(4, 4)).toBe(1);
  });

  it('marks an anchored comment as on an earlier version only when its quote is gone', () => {
    const c = { anchor: { field: 'problem', quote: 'late' }, anchorText: 'Data comes late.' };
    expect(anchorStatus(c, { problem: 'Data still comes late, sadly.' })).toEqual({ onEarlierVersion: false });
    expect(anchorStatus(c, { problem: 'Data comes on time.' })).toEqual({ onEarlierVersion: true, earlierText: 'Data comes late.' });
    expect(anchorStatus({ anchor: { field: 'problem' }, anchorText: 'x' }, { problem: '' })).toEqual({ onEarlierVersion: false });
    expect(anchorStatus({ anchor: null, anchorText: null }, {})).toEqual({ onEarlierVersion: false });
  });
});

describe('presence lists', () => {
  it('lists a person once, in the field they focused last, sorted by name', () => {
    const list = mergeMembers([
      { userId: 'b', displayName: 'Bea', field: 'problem', at: 1 },
      { userId: 'a', displayName: 'Ana', field: null, at: 5 },
      { userId: 'b', displayName: 'Bea', field: 'causes', at: 3 },
      { userId: 'b', displayName: 'Bea', field: null, at: 9 },
    ]);
    expect(list).toEqual([{ userId: 'a', displayName: 'Ana', field: null }, { userId: 'b', displayName: 'Bea', field: 'causes' }]);
  });

  it('keeps a cross-process notice under the NOTIFY payload limit, keeping the count', () => {
    const members = Array.from({ length: 300 }, (_, i) => ({ userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName: 'x'.repeat(60), field: null, at: i }));
    const out = encodeNotice({ p: 'me', room: 'commitment:x', share: { count: 300, members } });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(7500);
    const parsed = JSON.parse(out);
    expect(parsed.share.count).toBe(300);
    expect(parsed.share.members.length).toBeGreaterThan(0);
  });
});
