import { describe, expect, it } from 'vitest';
import { commentView, mayEdit, mayModify, publicView, replyDepth, threadOrder, type CommentRecord } from './rules.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const node = (id: string, parentId: string | null, minute: number, up = 0, down = 0) => ({ id, parentId, createdAt: at(minute), upVotes: up, downVotes: down });

describe('reply depth', () => {
  it('roots are level 1 and replies go three levels deep at most', () => {
    expect(replyDepth(null)).toBe(1);
    expect(replyDepth(1)).toBe(2);
    expect(replyDepth(2)).toBe(3);
    expect(replyDepth(3)).toBeNull();
  });
});

describe('thread order', () => {
  // a (10) ─ a1 (12) ─ a1x (13)
  //        └ a2 (11, +3)
  // b (15, +1) ─ b1 (16)
  const nodes = [node('b1', 'b', 16), node('a1x', 'a1', 13), node('a2', 'a', 11, 3), node('b', null, 15, 2, 1), node('a1', 'a', 12), node('a', null, 10)];
  const ids = (sort: 'oldest' | 'newest' | 'best') => threadOrder(nodes, sort).map((n) => n.id);

  it('oldest: each root followed by its replies, siblings oldest first', () => {
    expect(ids('oldest')).toEqual(['a', 'a2', 'a1', 'a1x', 'b', 'b1']);
  });
  it('newest: siblings newest first at every level', () => {
    expect(ids('newest')).toEqual(['b', 'b1', 'a', 'a1', 'a1x', 'a2']);
  });
  it('best: up minus down first, then oldest', () => {
    expect(ids('best')).toEqual(['b', 'b1', 'a', 'a2', 'a1', 'a1x']);
    const tie = [node('late', null, 20, 2), node('early', null, 5, 3, 1), node('low', null, 1, 0, 1)];
    expect(threadOrder(tie, 'best').map((n) => n.id)).toEqual(['early', 'late', 'low']);
  });
  it('keeps every node: a reply whose parent is missing is listed as a root', () => {
    expect(threadOrder([node('orphan', 'gone', 1), node('r', null, 2)], 'oldest').map((n) => n.id)).toEqual(['orphan', 'r']);
    expect(threadOrder([], 'best')).toEqual([]);
  });
});

describe('what a viewer sees', () => {
  const record: CommentRecord = {
    ...node('c1', null, 1, 2, 1), depth: 1, authorId: 'u1', authorName: 'Ana', body: 'Yes', bodyHtml: '<p>Yes</p>',
    alignment: 'for', editedAt: null, deletedAt: null, hidden: false, myVote: 1,
  };
  const author = { id: 'u1', isAdmin: false };
  const other = { id: 'u2', isAdmin: false };
  const admin = { id: 'a', isAdmin: true };

  it('shows the whole comment with the viewer\'s own vote and authorship', () => {
    expect(commentView(record, author)).toMatchObject({ body: 'Yes', authorName: 'Ana', upVotes: 2, downVotes: 1, myVote: 1, mine: true, hidden: false });
    expect(commentView(record, null)).toMatchObject({ myVote: 0, mine: false });
  });
  it('a hidden comment is a placeholder for everyone but admins', () => {
    const hidden = { ...record, hidden: true };
    expect(commentView(hidden, other)).toEqual({ id: 'c1', parentId: null, depth: 1, createdAt: at(1).toISOString(), hidden: true });
    expect(commentView(hidden, author).body).toBeUndefined();
    expect(commentView(hidden, admin)).toMatchObject({ body: 'Yes', hidden: true });
  });
  it('a deleted comment is a placeholder for everyone', () => {
    const gone = commentView({ ...record, deletedAt: at(2) }, admin);
    expect(gone).toEqual({ id: 'c1', parentId: null, depth: 1, createdAt: at(1).toISOString(), hidden: false, deleted: true });
  });
  it('the room view has no per-viewer fields', () => {
    const v = publicView(record);
    expect(v).not.toHaveProperty('myVote');
    expect(v).not.toHaveProperty('mine');
    expect(v.body).toBe('Yes');
  });
  it('the author edits; the author or an admin deletes', () => {
    expect([mayEdit(record, author), mayEdit(record, admin), mayEdit(record, null)]).toEqual([true, false, false]);
    expect([mayModify(record, author), mayModify(record, admin), mayModify(record, other)]).toEqual([true, true, false]);
    expect(mayEdit({ authorId: null }, other)).toBe(false);
  });
});
