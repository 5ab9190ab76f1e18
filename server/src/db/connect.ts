/** Opens the database: embedded PGlite under DATA_DIR when no DATABASE_URL is set, else a pg pool. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { SerialPGliteDialect } from './serial-pglite-dialect.ts';

export type Engine = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** The PGlite instance (for in-process LISTEN/NOTIFY), when embedded. */
  pglite?: PGlite;
  /** The connection string, when on PostgreSQL. */
  url?: string;
}

// Return int8 and numeric as JS numbers (counts and sums stay far below 2^53 here).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Dates (no time) stay 'YYYY-MM-DD' strings: no time zone may shift them.
pg.types.setTypeParser(1082, (v) => v);

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The pg pool behind a database openPostgres opened (for what Kysely cannot do, e.g. COPY streams); undefined on PGlite. */
export function poolOf(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * How long a request waits for a connection (a new one, or a free one from a busy pool) before
 * failing with a connection error, answered 503 `unavailable`. A stopped server refuses at once;
 * this bounds the other outages (host gone, network cut) so requests fail fast instead of hanging.
 */
export const CONNECT_TIMEOUT_MS = 5000;

/** A pg-backed database. */
export function openPostgres(url: string, max = 10): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A half-open connection (server host gone without a FIN) is found by TCP keepalive, not by waiting.
    keepAlive: true, keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  // Nor a checked-out one's: pg-pool listens only while a client is idle, and a connection cut
  // between two statements of a transaction emits 'error' on the client with no query to take it.
  // The next query on it fails ("not queryable", answered 503) and the pool drops it at release.
  pool.on('connect', (client) => { client.on('error', () => {}); });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, engine: 'postgres', url };
}

/** An embedded PGlite database; `dataDir` undefined keeps it in memory (tests), optionally loaded from a dump. */
export async function openPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<OpenDatabase> {
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  // Loaded only when embedded: a server on PostgreSQL never holds PGlite's WebAssembly in memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v), 1082: (v: string) => v },
  });
  return { db: new Kysely<Database>({ dialect: new SerialPGliteDialect({ pglite }) }), engine: 'pglite', pglite };
}

/** Opens the database the configuration names. */
export function openDatabase(cfg: { databaseUrl: string | undefined; dataDir: string }): Promise<OpenDatabase> {
  return cfg.databaseUrl ? Promise.resolve(openPostgres(cfg.databaseUrl)) : openPGlite(cfg.dataDir);
}
