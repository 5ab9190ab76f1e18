import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

/** An error shaped like the ones pg and Node raise (code and message are all that is read). */
const err = (message: string, code?: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), code ? { code } : {}, extra);

describe('which errors mean the database is out of reach', () => {
  it('connection SQLSTATEs: class 08, shutdown, starting up, too many connections', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004', '08P01', '57P01', '57P02', '57P03', '53300']) {
      expect(isDatabaseUnavailable(err('x', code)), code).toBe(true);
    }
  });

  it('socket errors and the messages pg gives lost or timed-out connections', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']) expect(isDatabaseUnavailable(err('x', code)), code).toBe(true);
    for (const message of ['Connection terminated unexpectedly', 'Connection terminated', 'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable', 'Client was closed and is not queryable']) {
      expect(isDatabaseUnavailable(err(message)), message).toBe(true);
    }
  });

  it('looks into causes and AggregateErrors (localhost tried on ::1 and 127.0.0.1)', () => {
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: err('connect ECONNREFUSED', 'ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([err('a', 'ECONNREFUSED'), err('b', 'ECONNREFUSED')]))).toBe(true);
  });

  it('bugs, bad data and refused statements are not outages', () => {
    for (const code of ['23505', '23503', '22P02', '42P01', '40001', '40P01', '57014', '22021', 'ERR_INVALID_ARG_TYPE']) {
      expect(isDatabaseUnavailable(err('x', code)), code).toBe(false);
    }
    for (const e of [null, undefined, 'ECONNREFUSED', 42, {}, new TypeError('Cannot read properties of undefined'), err('Connection to the mail server terminated')]) {
      expect(isDatabaseUnavailable(e)).toBe(false);
    }
    const loop: Error & { cause?: unknown } = new Error('self');
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

describe('errors from a real pg pool', () => {
  // A port nothing listens on, and a server that accepts connections and never answers.
  let closedPort = 0;
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    silent = createServer((s) => { held.push(s); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  const failure = async (pool: pg.Pool) => {
    try {
      await pool.query('select 1');
      return null;
    } catch (e) {
      return e;
    } finally {
      await pool.end();
    }
  };

  it('a refused connection', async () => {
    const e = await failure(new pg.Pool({ connectionString: `postgres://mesa@127.0.0.1:${closedPort}/mesa`, connectionTimeoutMillis: 1000 }));
    expect(e).not.toBeNull();
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it('a connection that never completes, cut by connectionTimeoutMillis', async () => {
    const port = (silent.address() as { port: number }).port;
    const e = await failure(new pg.Pool({ connectionString: `postgres://mesa@127.0.0.1:${port}/mesa`, connectionTimeoutMillis: 300 }));
    expect((e as Error).message).toMatch(/timeout/);
    expect(isDatabaseUnavailable(e)).toBe(true);
  });
});
