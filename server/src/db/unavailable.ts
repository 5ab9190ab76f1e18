/**
 * Which errors mean "the database cannot be reached right now" (an outage, a restart, a full
 * server): the request was not served and may be retried, so callers answer 503 `unavailable`,
 * not 500. Pure: looks only at the error's code, message, cause and inner errors.
 */

/** SQLSTATEs a server sends when it shuts down, restarts or refuses more connections. */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_ctl stop -m fast terminates every backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
]);

/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH',
  'EHOSTDOWN', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN',
]);

/** Messages node-postgres and pg-pool give lost or timed-out connections (they carry no code). */
const MESSAGES = [
  /^Connection terminated/, // "…unexpectedly", "…due to connection timeout", plain
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection within connectionTimeoutMillis
  /^timeout expired$/, // pg.Client: connectionTimeoutMillis passed while connecting
  /^Connection closed$/,
];

/** Whether `err` (or its cause, or one of an AggregateError's errors) says the database is out of reach. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || typeof err !== 'object' || err === null) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (SQLSTATES.has(code) || SOCKET_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true; // class 08: connection exception
  }
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  if (cause !== undefined && isDatabaseUnavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}
