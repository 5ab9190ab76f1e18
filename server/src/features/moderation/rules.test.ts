import { describe, expect, it } from 'vitest';
import { excerpt, queueOrder, shouldAutoHide, tallyReasons } from './rules.ts';

describe('auto-hide threshold', () => {
  it('hides when distinct open reporters reach the threshold, once', () => {
    expect(shouldAutoHide({ openReporters: 2, threshold: 3, hidden: false })).toBe(false);
    expect(shouldAutoHide({ openReporters: 3, threshold: 3, hidden: false })).toBe(true);
    expect(shouldAutoHide({ openReporters: 4, threshold: 3, hidden: true })).toBe(false);
    expect(shouldAutoHide({ openReporters: 1, threshold: 1, hidden: false })).toBe(true);
  });
});

describe('moderation queue', () => {
  it('cuts long text at a word, on one line', () => {
    expect(excerpt('short\n\ntext')).toBe('short text');
    const long = 'word '.repeat(60);
    const cut = excerpt(long, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith('word…')).toBe(true);
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
  it('orders most reported first, then most recently reported', () => {
    const items = [
      { id: 'a', reportsCount: 1, lastReportedAt: '2026-01-01T10:00:00Z' },
      { id: 'b', reportsCount: 3, lastReportedAt: '2026-01-01T09:00:00Z' },
      { id: 'c', reportsCount: 1, lastReportedAt: '2026-01-01T11:00:00Z' },
    ];
    expect(items.sort(queueOrder).map((i) => i.id)).toEqual(['b', 'c', 'a']);
  });
  it('tallies reasons', () => {
    expect(tallyReasons([{ reason: 'spam', n: 2 }, { reason: 'offensive', n: 1 }])).toEqual({ spam: 2, offensive: 1 });
    expect(tallyReasons([])).toEqual({});
  });
});
