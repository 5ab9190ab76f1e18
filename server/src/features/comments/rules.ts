/** Pure rules for comments: reply depth, thread order, what a viewer sees of each comment. */
import { MAX_COMMENT_DEPTH, type Comment } from '@mesa/shared';

export type CommentSort = 'oldest' | 'newest' | 'best';

/** Who is looking: a signed-in user (maybe an admin) or an anonymous visitor. */
export type Viewer = { id: string; isAdmin: boolean } | null;

/** The depth of a reply to a comment at `parentDepth` (roots are 1), or null past the limit. */
export function replyDepth(parentDepth: number | null): number | null {
  const depth = parentDepth === null ? 1 : parentDepth + 1;
  return depth <= MAX_COMMENT_DEPTH ? depth : null;
}

export interface ThreadNode {
  id: string;
  parentId: string | null;
  createdAt: Date;
  upVotes: number;
  downVotes: number;
}

const byAge = (a: ThreadNode, b: ThreadNode) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const SIBLING_ORDER: Record<CommentSort, (a: ThreadNode, b: ThreadNode) => number> = {
  oldest: byAge,
  newest: (a, b) => byAge(b, a),
  best: (a, b) => (b.upVotes - b.downVotes) - (a.upVotes - a.downVotes) || byAge(a, b),
};

/**
 * A flat list in thread order: each root followed by its replies, recursively; siblings in
 * `sort` order. A comment whose parent is missing from the list is treated as a root.
 */
export function threadOrder<T extends ThreadNode>(nodes: readonly T[], sort: CommentSort): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, T[]>();
  for (const n of nodes) {
    const key = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(key);
    if (list) list.push(n); else children.set(key, [n]);
  }
  const compare = SIBLING_ORDER[sort];
  const out: T[] = [];
  const visit = (parent: string | null) => {
    for (const n of (children.get(parent) ?? []).sort(compare)) {
      out.push(n);
      visit(n.id);
    }
  };
  visit(null);
  return out;
}

/** A comment as stored, with its vote totals and the viewer's own vote. */
export interface CommentRecord extends ThreadNode {
  depth: number;
  authorId: string | null;
  authorName: string | null;
  body: string;
  bodyHtml: string;
  alignment: 'for' | 'against' | 'neutral' | null;
  editedAt: Date | null;
  deletedAt: Date | null;
  hidden: boolean;
  myVote: number;
  /** Consultation comments: the section and passage, the field's text when written, the version read. */
  anchor?: { field: string; quote?: string } | null;
  anchorText?: string | null;
  anchorVersionId?: string | null;
  /** The reasoned reply, as stored. */
  response?: StoredResponse | null;
}

/** A reasoned reply as kept in `comments.response`. */
export interface StoredResponse {
  outcome: 'accepted' | 'partially' | 'not-accepted';
  text: string;
  versionId: string | null;
  versionLabel: string | null;
  byId: string;
  byName: string;
  at: string;
}

/** Whether the viewer sees the comment's content (deleted: nobody; hidden: admins only). */
export function showsContent(c: Pick<CommentRecord, 'deletedAt' | 'hidden'>, viewer: Viewer): boolean {
  if (c.deletedAt !== null) return false;
  return !c.hidden || viewer?.isAdmin === true;
}

/** What `viewer` sees: the whole comment, or a placeholder that keeps the thread's shape. */
export function commentView(c: CommentRecord, viewer: Viewer): Comment {
  const base = { id: c.id, parentId: c.parentId, depth: c.depth, createdAt: c.createdAt.toISOString() };
  if (c.deletedAt !== null) return { ...base, hidden: false, deleted: true };
  if (!showsContent(c, viewer)) return { ...base, hidden: true };
  return {
    ...base,
    body: c.body,
    bodyHtml: c.bodyHtml,
    alignment: c.alignment,
    authorName: c.authorName,
    editedAt: c.editedAt?.toISOString() ?? null,
    hidden: c.hidden,
    upVotes: c.upVotes,
    downVotes: c.downVotes,
    myVote: viewer ? c.myVote : 0,
    mine: viewer !== null && c.authorId === viewer.id,
    ...consultationView(c),
  };
}

/** The anchor and the reasoned reply, for comments that have them (consultation comments). */
function consultationView(c: CommentRecord): Partial<Comment> {
  const out: Partial<Comment> = {};
  if (c.anchor) out.anchor = c.anchor;
  if (c.anchorVersionId) out.anchorVersionId = c.anchorVersionId;
  if (c.response) {
    const r = c.response;
    out.response = { outcome: r.outcome, text: r.text, versionId: r.versionId, versionLabel: r.versionLabel, authorName: r.byName, respondedAt: r.at };
  }
  return out;
}

/**
 * Whether an anchored comment's quoted passage is gone from the field's current text: then it
 * reads as written on an earlier version (whose text is kept with it).
 */
export function anchorStatus(c: Pick<CommentRecord, 'anchor' | 'anchorText'>, currentFields: Record<string, string>): { onEarlierVersion: boolean; earlierText?: string } {
  const quote = c.anchor?.quote;
  if (!c.anchor || !quote) return { onEarlierVersion: false };
  if ((currentFields[c.anchor.field] ?? '').includes(quote)) return { onEarlierVersion: false };
  return { onEarlierVersion: true, ...(c.anchorText !== null && c.anchorText !== undefined ? { earlierText: c.anchorText } : {}) };
}

/** The view sent to a whole room: no per-viewer fields, never a hidden comment's content. */
export function publicView(c: CommentRecord): Comment {
  const { myVote: _m, mine: _n, ...rest } = commentView({ ...c, myVote: 0 }, null);
  return rest;
}

/** Who may edit (the author), read the history or delete (the author or an admin). */
export function mayEdit(c: Pick<CommentRecord, 'authorId'>, viewer: Viewer): boolean {
  return viewer !== null && c.authorId === viewer.id;
}
export function mayModify(c: Pick<CommentRecord, 'authorId'>, viewer: Viewer): boolean {
  return mayEdit(c, viewer) || viewer?.isAdmin === true;
}
