/**
 * A proposal import checked row by row as it arrives (CSV records from the streaming parser,
 * or the items of a JSON array): only the checked rows are kept, so memory follows the rows'
 * text, never a copy of the body. All or nothing: one bad row and nothing is inserted.
 */
import { ImportItem } from '@mesa/shared';
import type { FieldError } from '../../plugins/problems.ts';
import type { CsvSink } from '../../shared/csv-body.ts';

/** Problems listed in the 400 at most (the detail says how many rows were bad in all). */
export const MAX_LISTED_PROBLEMS = 200;

export class ImportRows implements CsvSink<ImportRows> {
  /** The checked rows, in order; emptied once a row is bad (nothing will be inserted). */
  items: ImportItem[] = [];
  /** Problems of the bad rows, each path starting with the row's index (as `3.area`), the first MAX_LISTED_PROBLEMS. */
  readonly errors: FieldError[] = [];
  /** Rows seen, good or bad. */
  count = 0;
  /** Rows with at least one problem. */
  badRows = 0;

  /** Checks one row (`index` from 0). */
  add(row: unknown, index: number): void {
    this.count++;
    const parsed = ImportItem.safeParse(row);
    if (parsed.success) {
      if (this.badRows === 0) {
        // fields the import reads nothing from are not kept
        const { governmentLevel: _level, region: _region, ...item } = parsed.data;
        this.items.push(item);
      }
      return;
    }
    this.badRows++;
    this.items = [];
    for (const issue of parsed.error.issues) {
      if (this.errors.length >= MAX_LISTED_PROBLEMS) break;
      this.errors.push({ path: [index, ...issue.path].join('.'), message: issue.message });
    }
  }

  end(): ImportRows {
    return this;
  }

  /** Checks the items of a JSON body one by one, letting each go once checked. */
  static fromArray(items: unknown[]): ImportRows {
    const rows = new ImportRows();
    for (let i = 0; i < items.length; i++) {
      rows.add(items[i], i);
      items[i] = undefined;
    }
    return rows;
  }
}
