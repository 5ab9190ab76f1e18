/**
 * CSV injection (OWASP's rule): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return as a formula (`=HYPERLINK(…)` sends data away when an official
 * opens the file). Every CSV Mesa writes puts a leading `'` before such a text, which the
 * spreadsheet shows as plain text. Numbers are not texts: a score of -1 stays -1.
 * sql-csv.ts writes the same rule in SQL for the files PostgreSQL formats (spreadsheetSafeSql).
 */

/** The first characters that make a spreadsheet read a cell as a formula. */
export const FORMULA_STARTS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** The text as a CSV cell a spreadsheet will not execute: a leading `'` when it starts like a formula. */
export function spreadsheetSafe(text: string): string {
  return text.length > 0 && FORMULA_STARTS.includes(text[0]!) ? `'${text}` : text;
}

/** A value for a CSV writer: texts through spreadsheetSafe, anything else (numbers, null) as it is. */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' ? spreadsheetSafe(value) : value;
}
