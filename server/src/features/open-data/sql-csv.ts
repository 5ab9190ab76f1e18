/**
 * CSV files whose columns are SQL expressions producing text (or NULL). The database does the
 * formatting; the same select is read two ways that give the same bytes:
 * - on PostgreSQL, one `COPY (select) TO STDOUT (FORMAT csv)` streamed from a pooled client
 *   straight into the zip (no row parsing or CSV building in Node);
 * - elsewhere (PGlite), in keyset pages, each field quoted in JS exactly as COPY quotes it.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { poolOf } from '../../db/connect.ts';
import type { Db } from '../../db/database.ts';
import { keysetPages } from './csv.ts';

export interface SqlColumn {
  name: string;
  /** One sentence for the README. */
  description: string;
  /** The cell as text; NULL for an empty cell. */
  sql: RawBuilder<string | null>;
  /** A number's text (a count, Decidim's alignment -1): left as it is; any other cell is made spreadsheet-safe. */
  number?: boolean;
}

// The rows' FROM, joins and filters: each file has its own tables and aliases, so Kysely's
// table types are left open here (columns are raw SQL and are not checked by them anyway).
type RowsQuery = SelectQueryBuilder<any, any, object>;

export interface SqlCsvFile {
  /** File name inside the zip, e.g. `proposals.csv`. */
  name: string;
  /** What one row is, for the README. */
  description: string;
  columns: SqlColumn[];
  /** The rows, before their columns are selected. Values in it must be literals (`sql.lit`): COPY takes no parameters. */
  rows: (db: Db) => RowsQuery;
  /** Column references that order the rows and, together, identify one (the page cursor). */
  key: string[];
  /** The field separator, a comma unless said (Decidim's files use `;`). */
  delimiter?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid as an SQL literal, for queries that cannot take parameters; anything else is refused. */
export function uuidLiteral(id: string): RawBuilder<string> {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${JSON.stringify(id)}`);
  return sql<string>`${sql.lit(id)}::uuid`;
}

/**
 * A text as an SQL literal, for queries that cannot take parameters: quotes are doubled (by
 * Kysely); a backslash or NUL, which no value passed this way needs, is refused rather than
 * trusted to standard_conforming_strings.
 */
export function textLiteral(text: string): RawBuilder<string> {
  if (/[\\\0]/.test(text)) throw new Error(`not a plain text literal: ${JSON.stringify(text)}`);
  return sql<string>`${sql.lit(text)}::text`;
}

/** A time as JavaScript's toISOString writes it (UTC, milliseconds, truncated). */
export const isoTime = (ref: string) => sql<string | null>`to_char(${sql.ref(ref)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Any value as its text (booleans as true/false), NULL kept. */
export const asText = (ref: string) => sql<string | null>`${sql.ref(ref)}::text`;

/**
 * spreadsheetSafe (shared/spreadsheet.ts) in SQL: a text starting with = + - @ TAB or CR gets a
 * leading '. A CASE on its first character, not a regexp: regexp_replace costs ~2.4 µs a long
 * text (0.7 s over 300k bodies), left() nothing measurable. The expression is repeated, so
 * it should be cheap (column references and simple expressions are).
 */
export function spreadsheetSafeSql(value: RawBuilder<string | null>): RawBuilder<string | null> {
  return sql<string | null>`case when left((${value}), 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || (${value}) else (${value}) end`;
}

/** The file's separator; COPY takes one single-byte character, and none that CSV itself uses. */
function delimiterOf(file: SqlCsvFile): string {
  const d = file.delimiter ?? ',';
  if (!/^[,;|]$/.test(d)) throw new Error(`${file.name}: unsupported delimiter ${JSON.stringify(d)}`);
  return d;
}

const header = (file: SqlCsvFile) => `${file.columns.map((c) => pgCsvField(c.name, delimiterOf(file))).join(delimiterOf(file))}\n`;

/** The file's select: its columns, in its order (c0, c1, … so any name is safe), texts spreadsheet-safe. */
function selectOf(db: Db, file: SqlCsvFile): RowsQuery {
  let q = file.rows(db).select(file.columns.map((c, i) => (c.number ? c.sql : spreadsheetSafeSql(c.sql)).as(`c${i}`)));
  for (const k of file.key) q = q.orderBy(sql.ref(k));
  return q;
}

/**
 * A field as PostgreSQL's COPY … (FORMAT csv) writes it: NULL as nothing, the empty string as
 * `""`, quoted (quotes doubled) when it holds the delimiter, a quote, CR or LF. (COPY also quotes
 * a lone `\.`, but only in a one-column file; these files have many.)
 */
export function pgCsvField(v: string | null, delimiter = ','): string {
  if (v === null) return '';
  if (v === '') return '""';
  if (v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r')) return `"${v.replaceAll('"', '""')}"`;
  return v;
}

/** The SQL of the COPY that writes the file's rows (header excluded). */
export function copySql(db: Db, file: SqlCsvFile): string {
  const compiled = selectOf(db, file).compile();
  if (compiled.parameters.length > 0) throw new Error(`${file.name}: COPY cannot take parameters`);
  const delimiter = delimiterOf(file);
  // UTF-8 whatever the connection's client_encoding (the zip says its files are UTF-8)
  return `COPY (${compiled.sql}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8'${delimiter === ',' ? '' : `, DELIMITER '${delimiter}'`})`;
}

/**
 * The file through COPY on a client of its own: the header, then PostgreSQL's CSV as it arrives
 * (read only as fast as the zip takes it). The client goes back to the pool when the COPY
 * ends; if it stops early (error, or the download was cancelled) its connection is closed
 * instead, the only way to stop a COPY midway.
 */
export async function* copyCsv(pool: pg.Pool, db: Db, file: SqlCsvFile): AsyncGenerator<string | Buffer> {
  const text = copySql(db, file);
  yield header(file);
  const client = await pool.connect();
  let done = false;
  try {
    const stream = client.query(copyTo(text));
    // an error after the reader has gone (the connection closed under it) has no one to tell
    stream.on('error', () => {});
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    done = true;
  } finally {
    client.release(done ? undefined : new Error(`${file.name}: COPY stopped early`));
  }
}

export const PAGE = 1000;
/** Rows per text chunk: small strings die young in V8's nursery (see csvChunks). */
const ROWS_PER_CHUNK = 32;

/** The file read in keyset pages and quoted as COPY would: the same bytes as copyCsv. */
export async function* pagedCsv(db: Db, file: SqlCsvFile, pageSize = PAGE): AsyncGenerator<string> {
  yield header(file);
  const width = file.columns.length;
  const delimiter = delimiterOf(file);
  const keys = file.key.map((_, i) => `k${i}`);
  type Row = Record<string, string | null>;
  const pages = keysetPages<Row, (string | null)[]>((after) => {
    let q = selectOf(db, file).select(file.key.map((k, i) => sql<string>`${sql.ref(k)}::text`.as(`k${i}`)));
    // a row comparison: rides an index on the key columns
    if (after) q = q.where(sql<boolean>`(${sql.join(file.key.map((k) => sql.ref(k)))}) > (${sql.join(after)})`);
    return q.limit(pageSize).execute() as Promise<Row[]>;
  }, (r) => keys.map((k) => r[k]!), pageSize);
  for await (const page of pages) {
    for (let i = 0; i < page.length; i += ROWS_PER_CHUNK) {
      let out = '';
      for (const r of page.slice(i, i + ROWS_PER_CHUNK)) {
        for (let c = 0; c < width; c++) out += (c ? delimiter : '') + pgCsvField(r[`c${c}`] ?? null, delimiter);
        out += '\n';
      }
      yield out;
    }
  }
}

/**
 * COPYs at once per pool. A COPY holds its connection for as long as its download lasts (a slow
 * client: minutes), so a few at most, leaving the pool to the rest of the portal; a file started
 * while they are all taken is read in pages instead (the same bytes, a connection only per page).
 */
export const COPY_SLOTS = 2;
const copying = new WeakMap<pg.Pool, number>();

/** The file as CSV: through COPY on PostgreSQL while a slot is free, in pages otherwise (the same bytes). */
export async function* sqlCsv(db: Db, file: SqlCsvFile): AsyncGenerator<string | Buffer> {
  const pool = poolOf(db);
  if (!pool || (copying.get(pool) ?? 0) >= COPY_SLOTS) {
    yield* pagedCsv(db, file);
    return;
  }
  copying.set(pool, (copying.get(pool) ?? 0) + 1);
  try {
    yield* copyCsv(pool, db, file);
  } finally {
    copying.set(pool, copying.get(pool)! - 1);
  }
}
