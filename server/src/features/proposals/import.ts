/**
 * The check of a proposal import, one row at a time as the rows arrive (CSV records from the
 * stream, or the items of a JSON array): each row is an ImportItem or has its problems recorded
 * under its index. All or nothing: one bad row and the import is refused.
 */
import { ImportItem } from '@mesa/shared';
import type { FieldError } from '../../plugins/problems.ts';

/** Problems listed in the 400 at most. */
export const MAX_LISTED_PROBLEMS = 200;

export class ImportCheck {
  /** Problems of the bad rows, each path starting with the row's index (as `3.area`), the first MAX_LISTED_PROBLEMS. */
  readonly errors: FieldError[] = [];
  /** Rows seen, good or bad. */
  count = 0;
  /** Rows with at least one problem. */
  badRows = 0;

  /** Checks the next row (its index is the number of rows seen before it): the item, or null when it has problems. */
  next(row: unknown): ImportItem | null {
    const index = this.count++;
    const parsed = ImportItem.safeParse(row);
    if (parsed.success) return parsed.data;
    this.badRows++;
    for (const issue of parsed.error.issues) {
      if (this.errors.length >= MAX_LISTED_PROBLEMS) break;
      this.errors.push({ path: [index, ...issue.path].join('.'), message: issue.message });
    }
    return null;
  }
}

/** The items of a JSON body, each let go once read (the array is the request's body). */
export function* released(items: unknown[]): Generator<unknown> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    items[i] = undefined;
    yield item;
  }
}
