import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openPostgres, type OpenDatabase } from '../../db/connect.ts';
import { Agent, TEST_CONFIG, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';
import { freePort } from '../../../../tests/load/free-port.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('health endpoints with the database up', () => {
  it('/readyz and /healthz: 200 with the engine and version, never cached', async () => {
    for (const url of ['/readyz', '/healthz']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', db: t.engine, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('/livez: 200', async () => {
    const res = await t.app.inject({ url: '/livez' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('probes that come together share one query and all answer', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.app.inject({ url: '/readyz' })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
  });
});

/**
 * An app whose database cannot be reached: a real pg pool pointed at a port nothing listens on
 * (connections are refused, as while PostgreSQL is stopped). Same on both engines.
 */
describe('with the database unreachable', () => {
  let app: FastifyInstance;
  let database: OpenDatabase;
  beforeAll(async () => {
    database = openPostgres(`postgres://mesa@127.0.0.1:${await freePort()}/mesa`);
    // No databaseUrl in the config: no room listener (it would need the database to start).
    app = await buildApp({ ...TEST_CONFIG }, database, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.db.destroy();
  });

  const expectUnavailable = (res: Awaited<ReturnType<FastifyInstance['inject']>>, what: string) => {
    expect(res.statusCode, `${what}: ${res.body}`).toBe(503);
    expect(res.headers['content-type'], what).toContain('application/problem+json');
    expect(res.headers['retry-after'], what).toBe('5');
    expect(res.json(), what).toMatchObject({ status: 503, code: 'unavailable', type: 'https://mesa.example/problems/unavailable' });
  };

  it('/readyz and /healthz: 503 unavailable; /livez still 200, even with a session cookie', async () => {
    expectUnavailable(await app.inject({ url: '/readyz' }), '/readyz');
    expectUnavailable(await app.inject({ url: '/healthz' }), '/healthz');
    expect((await app.inject({ url: '/livez', cookies: { mesa_session: 'some-session-token' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
  });

  it('reads and writes: 503 problem+json in the caller\'s language, not 500', async () => {
    expectUnavailable(await app.inject({ url: '/api/processes' }), 'GET /api/processes');
    const es = await app.inject({ url: '/api/processes?lang=es' });
    expectUnavailable(es, 'lang=es');
    expect(es.json().title).toBe('El servicio no está disponible por el momento');
    expect(es.json().detail).toContain('5');
    const a = new Agent(app);
    expectUnavailable(await a.post('/api/auth/register', { email: 'someone@example.org', password: 'a long password', displayName: 'Someone' }), 'register');
    expectUnavailable(await a.post('/api/auth/login', { email: 'someone@example.org', password: 'a long password' }), 'login');
  });

  it('the session hook that runs before every route: 503 too', async () => {
    expectUnavailable(await app.inject({ url: '/api/me', cookies: { mesa_session: 'some-session-token' } }), 'GET /api/me with a session');
    expectUnavailable(await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { mesa_session: 'another-token' } }), 'POST with a session');
  });

  it('a websocket join gets an error unavailable and the socket stays open', async () => {
    const c = await connectWs(app);
    c.send({ type: 'join', room: 'process:some-process' });
    const error = await c.next((m) => m.type === 'error', 10_000);
    expect(error).toMatchObject({ code: 'unavailable', room: 'process:some-process' });
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.ws.readyState).toBe(1);
    c.ws.terminate();
  });
});
