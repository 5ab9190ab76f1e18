import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';
import type { ConsultationComment } from './commitments-api.ts';
import { lines } from './mesa-commitment-details.ts';
import { queueOrder } from './mesa-reply-queue.ts';
import { diffCounts } from './mesa-word-diff.ts';
import { paragraphs } from './mesa-commitment-page.ts';

const comment = (id: string, createdAt: string, extra: Partial<ConsultationComment> = {}): ConsultationComment => ({
  id, parentId: null, depth: 0, createdAt, hidden: false, body: id, anchor: { field: 'problem' }, ...extra,
});

describe('commitment routes', () => {
  it('maps the read page, the editor and the reply queue', () => {
    expect(matchRoute('/commitments/c1')).toEqual({ name: 'commitment', id: 'c1' });
    expect(matchRoute('/commitments/c1/edit')).toEqual({ name: 'commitment-editor', id: 'c1' });
    expect(matchRoute('/commitments/c1/replies/')).toEqual({ name: 'commitment-replies', id: 'c1' });
    expect(matchRoute('/commitments/c1/other')).toEqual({ name: 'not-found' });
    expect(matchRoute('/processes/plan-2025/replies')).toEqual({ name: 'process-replies', slug: 'plan-2025' });
    expect(matchRoute('/commitments/%E0%A4%A')).toEqual({ name: 'not-found' });
  });
});

describe('reply queue order', () => {
  it('puts unanswered comments first, oldest first, then answered ones, newest first; replies, hidden and deleted left out', () => {
    const answered = { response: { outcome: 'accepted' as const, text: 'Done', versionId: null, versionLabel: null, authorName: 'Ana', respondedAt: '2025-02-01T00:00:00Z' } };
    const items = [
      comment('answered-old', '2025-01-01T00:00:00Z', answered),
      comment('waiting-new', '2025-01-05T00:00:00Z'),
      comment('waiting-old', '2025-01-02T00:00:00Z'),
      comment('answered-new', '2025-01-04T00:00:00Z', answered),
      comment('a-reply', '2025-01-03T00:00:00Z', { parentId: 'waiting-old', depth: 1 }),
      comment('hidden', '2025-01-03T00:00:00Z', { hidden: true }),
      comment('deleted', '2025-01-03T00:00:00Z', { deleted: true }),
    ];
    expect(queueOrder(items).map((c) => c.id)).toEqual(['waiting-old', 'waiting-new', 'answered-new', 'answered-old']);
  });
});

describe('text helpers', () => {
  it('splits stakeholders one per line and fields into paragraphs', () => {
    expect(lines(' Ministry of Justice \n\n  Data office\n')).toEqual(['Ministry of Justice', 'Data office']);
    expect(paragraphs('First.\nStill first.\n\n  \nSecond.')).toEqual(['First.\nStill first.', 'Second.']);
    expect(paragraphs('   ')).toEqual([]);
  });

  it('counts inserted and deleted words of a diff', () => {
    expect(diffCounts([
      { value: 'The city publishes ', added: false, removed: false },
      { value: 'open ', added: true, removed: false },
      { value: 'data ', added: false, removed: false },
      { value: 'late', added: false, removed: true },
      { value: 'on time', added: true, removed: false },
    ])).toEqual({ added: 3, removed: 1 });
  });
});

describe('the passage a selection shows', () => {
  it('is found in the source text whatever the line breaks and spaces', async () => {
    const { sourcePassage } = await import('./mesa-commitment-page.ts');
    const text = 'Data is shared\nwithout consent.\n\nNobody  audits it (yet).';
    expect(sourcePassage(text, 'shared without consent')).toBe('shared\nwithout consent');
    expect(sourcePassage(text, ' Nobody audits it (yet). ')).toBe('Nobody  audits it (yet).');
    expect(sourcePassage(text, 'not there')).toBeNull();
    expect(sourcePassage(text, '   ')).toBeNull();
  });
});
