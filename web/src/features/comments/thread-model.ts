/** Pure helpers for comment threads (flat lists in thread order, with parentId and depth). */
import type { Comment, CommentSort } from './comments-api.ts';

export { isRecord } from '../proposals/proposal-model.ts';

/**
 * Where a comment pushed live goes: a reply after the last comment of its parent's subtree; a
 * new thread first when newest come first, else last.
 */
export function insertInThread(items: Comment[], comment: Comment, sort: CommentSort): Comment[] {
  if (comment.parentId) {
    const at = items.findIndex((c) => c.id === comment.parentId);
    if (at >= 0) {
      const parentDepth = items[at]!.depth;
      let end = at + 1;
      while (end < items.length && items[end]!.depth > parentDepth) end += 1;
      return [...items.slice(0, end), comment, ...items.slice(end)];
    }
  }
  return sort === 'newest' ? [comment, ...items] : [...items, comment];
}
