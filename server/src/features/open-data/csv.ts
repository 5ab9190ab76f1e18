/**
 * CSV files described once: each column has a name, a description and how to read its value
 * from a row. The CSV header, every row and the README of an export all come from the same
 * definition, so the documentation cannot drift from the data.
 */
import { spreadsheetSafe } from '../../lib/spreadsheet.ts';

export interface Column<R> {
  name: string;
  /** One sentence for the README. */
  description: string;
  value: (row: R) => unknown;
}

export interface CsvFile<R> {
  /** File name inside the zip, e.g. `proposals.csv`. */
  name: string;
  /** What one row is, for the README. */
  description: string;
  columns: Column<R>[];
  /** The rows, page by page (a page is an array read with one query; pages stay small). */
  pages: () => AsyncIterable<R[]>;
}

/**
 * A CSV cell: '' for null, ISO 8601 for dates, true/false for booleans, JSON for objects; a text
 * that a spreadsheet would run as a formula gets a leading `'` (spreadsheetSafe), a number never.
 */
export function cell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return spreadsheetSafe(v);
  return JSON.stringify(v);
}

/** Quotes a field when it holds the delimiter, a quote or a line break; quotes are doubled (RFC 4180). */
export function csvField(v: string | number, delimiter: string): string {
  if (typeof v === 'number') return String(v);
  if (v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r')) return `"${v.replaceAll('"', '""')}"`;
  return v;
}

/**
 * One CSV line per record, each ending in \n — byte for byte what csv-stringify writes with its
 * defaults (csv.test.ts checks it on awkward values), at several times its speed on long texts,
 * which is most of an export's CPU.
 */
export function csvLines(records: (string | number)[][], delimiter = ','): string {
  let out = '';
  for (const r of records) {
    for (let i = 0; i < r.length; i++) out += (i ? delimiter : '') + csvField(r[i]!, delimiter);
    out += '\n';
  }
  return out;
}

/**
 * Rows per text chunk. Small chunks stay small strings that die young in V8's nursery; a whole
 * page as one string (megabytes) would go to the large-object space and linger until a full
 * collection, growing the process while it streams.
 */
const ROWS_PER_CHUNK = 32;

/** The file as text chunks: the header, then the rows of each page a few at a time. */
export async function* csvChunks<R>(file: CsvFile<R>, delimiter = ','): AsyncGenerator<string> {
  yield csvLines([file.columns.map((c) => c.name)], delimiter);
  for await (const page of file.pages()) {
    for (let i = 0; i < page.length; i += ROWS_PER_CHUNK) {
      yield csvLines(page.slice(i, i + ROWS_PER_CHUNK).map((r) => file.columns.map((c) => cell(c.value(r)))), delimiter);
    }
  }
}

/** What the README says of a file: its name, what a row is, and each column. */
export interface Documented { name: string; description: string; columns: { name: string; description: string }[] }

/** Markdown README describing every column of every file. */
export function readme(title: string, intro: string, files: Documented[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`# ${title}`, '', intro, '', '## Files', '', ...files.map((f) => `- \`${f.name}\`: ${f.description}`), ''];
  for (const f of files) {
    out.push(`## ${f.name}`, '', f.description, '', '| column | description |', '| --- | --- |');
    for (const c of f.columns) out.push(`| \`${esc(c.name)}\` | ${esc(c.description)} |`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * Pages of a keyset-paginated query: `next(after)` returns the rows after a cursor, `cursorOf`
 * gives a row's cursor. The next page is asked for as soon as a page arrives, so the database
 * works on it while this one is written out (at most two pages in memory).
 */
export async function* keysetPages<R, K>(next: (after: K | null) => Promise<R[]>, cursorOf: (row: R) => K, pageSize: number): AsyncGenerator<R[]> {
  let pending: Promise<R[]> | null = next(null);
  try {
    while (pending) {
      const page: R[] = await pending;
      pending = page.length === pageSize ? next(cursorOf(page.at(-1)!)) : null;
      // a consumer that stops early leaves it unread: its failure is of no interest then
      pending?.catch(() => {});
      yield page;
    }
  } finally {
    pending = null;
  }
}
