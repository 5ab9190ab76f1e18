/**
 * Turning a textarea's new value into the smallest Y.Text change: one span removed and one
 * inserted, found from the common prefix and suffix. The caret (where the person typed) settles
 * ambiguous cases such as typing "a" into "aa": the change is placed just before the caret.
 */
export interface Splice {
  index: number;
  remove: number;
  insert: string;
}

/** The single splice that turns `before` into `after`, or null when they are equal. */
export function spliceBetween(before: string, after: string, caret = after.length): Splice | null {
  if (before === after) return null;
  const grown = after.length - before.length;
  // The prefix may not extend past the caret's position in the old text (for insertions, the
  // caret sits after the inserted text), so a repeated letter is inserted where it was typed.
  const prefixLimit = Math.max(0, Math.min(before.length, after.length, grown > 0 ? caret - grown : caret));
  let start = 0;
  while (start < prefixLimit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair (an emoji) between the kept and the changed part.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A long text cut into pieces of at most `size` UTF-16 units, never inside a surrogate pair,
 * so that each piece becomes a Yjs update small enough for one websocket message.
 */
export function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** A Yjs text delta as `Y.YTextEvent.delta` gives it. */
export type TextDelta = Array<{ retain?: number; insert?: unknown; delete?: number }>;

/**
 * Where a position in the text lands after someone else's change (`delta`), so the caret and
 * selection stay on the same words. An insertion exactly at the position goes before it.
 */
export function shiftIndex(index: number, delta: TextDelta): number {
  let at = 0; // position in the old text
  let shift = 0;
  for (const op of delta) {
    if (at > index) break;
    if (op.retain !== undefined) at += op.retain;
    else if (op.insert !== undefined) {
      const n = typeof op.insert === 'string' ? op.insert.length : 1;
      if (at <= index) shift += n;
    } else if (op.delete !== undefined) {
      const removedBefore = Math.max(0, Math.min(op.delete, index - at));
      shift -= removedBefore;
      at += op.delete;
    }
  }
  return Math.max(0, index + shift);
}
