/**
 * Test apps on the real engines: an in-memory PGlite per app, or, when DATABASE_URL is set,
 * a fresh PostgreSQL database per app (created from that URL and dropped at close).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { openPGlite, openPostgres, type OpenDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { hashPassword } from '../features/accounts/passwords.ts';
import { hashToken, SESSION_COOKIE } from '../plugins/auth.ts';

export const TEST_CONFIG: Config = {
  port: 0, host: '127.0.0.1', databaseUrl: undefined, dataDir: '/nonexistent', sessionSecret: 'test-secret-'.padEnd(48, 'x'),
  admin: undefined, logLevel: 'silent', loginMaxFailures: 5, loginAccountMaxFailures: 10, loginAddressMaxFailures: 100, writeRateLimit: 10_000, reportHideThreshold: 3, demoData: false, trustProxy: false,
  wsMaxPerSession: 20, wsMaxPerAddress: 200, publicUrl: 'http://localhost:3000',
};

async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return await fn(client); } finally { await client.end(); }
}

/** A new, empty database: PGlite in memory, or a throwaway database on the DATABASE_URL server. */
export async function freshDatabase(): Promise<OpenDatabase & { drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = inject('pgliteTemplate');
    const database = await openPGlite(undefined, template ? new Blob([readFileSync(template)]) : undefined);
    return { ...database, drop: async () => { await database.db.destroy(); } };
  }
  const name = `mesa_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = openPostgres(target.toString(), 20);
  return {
    ...database,
    drop: async () => {
      await database.db.destroy();
      await withAdminClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  engine: OpenDatabase['engine'];
  /** The database's connection string, on PostgreSQL. */
  url: string | undefined;
  close: () => Promise<void>;
}

/** A migrated app on a fresh database. */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  await migrateToLatest(database.db);
  const app = await buildApp({ ...TEST_CONFIG, databaseUrl: database.url, ...overrides }, database, { logger: false });
  await app.ready();
  return { app, db: database.db, engine: database.engine, url: database.url, close: async () => { await app.close(); await database.drop(); } };
}

/** A second app on the same database: another server process on PostgreSQL, a restarted app layer on PGlite. */
export async function anotherApp(t: TestApp): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  if (t.url) return siblingApp(t);
  const app = await buildApp({ ...TEST_CONFIG }, { db: t.db, engine: 'pglite' }, { logger: false });
  await app.ready();
  return { app, close: async () => { await app.close(); } };
}

/** Another server process's app on the same PostgreSQL database (for cross-process tests). */
export async function siblingApp(t: TestApp): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  if (!t.url) throw new Error('siblingApp needs PostgreSQL');
  const database = openPostgres(t.url, 5);
  const app = await buildApp({ ...TEST_CONFIG, databaseUrl: t.url }, database, { logger: false });
  await app.ready();
  return { app, close: async () => { await app.close(); await database.db.destroy(); } };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser-like client: keeps cookies and sends the CSRF token on writes. */
export class Agent {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (gone) this.cookies.delete(c.name); else this.cookies.set(c.name, c.value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async refreshCsrf() {
    const res = await this.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie: this.cookieHeader() }, remoteAddress: this.ip });
    this.remember(res);
    this.csrf = res.json().token;
    return this.csrf!;
  }

  /** Sends a request; writes carry the CSRF token unless `csrf: false`. */
  async request(method: Method, url: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string>; rawBody?: string } = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (method !== 'GET' && opts.csrf !== false) headers['x-csrf-token'] = this.csrf ?? (await this.refreshCsrf());
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined = opts.rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    } else if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await this.app.inject({ method, url, headers, payload, remoteAddress: this.ip });
    this.remember(res);
    return res;
  }

  get(url: string, headers?: Record<string, string>) { return this.request('GET', url, undefined, { headers }); }
  post(url: string, body?: unknown) { return this.request('POST', url, body); }
  put(url: string, body?: unknown) { return this.request('PUT', url, body); }
  patch(url: string, body?: unknown) { return this.request('PATCH', url, body); }
  delete(url: string) { return this.request('DELETE', url); }

  /** Registers and signs in; the CSRF token is refreshed for the new session. */
  async signUp(email: string, password = 'correct horse battery', displayName = email.split('@')[0]!) {
    const res = await this.post('/api/auth/register', { email, password, displayName });
    if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
    await this.refreshCsrf();
    return res.json() as { id: string; email: string };
  }

  async signIn(email: string, password = 'correct horse battery') {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.statusCode === 200) await this.refreshCsrf();
    return res;
  }
}

/** Creates an admin account straight in the database and returns an agent signed in as it. */
export async function adminAgent(t: TestApp, email = 'admin@example.org', password = 'admin password 1') {
  await t.db.insertInto('users').values({ email, password_hash: await hashPassword(password), display_name: 'Admin', locale: 'en', is_admin: true }).execute();
  const agent = new Agent(t.app, '10.0.0.1');
  const res = await agent.signIn(email, password);
  if (res.statusCode !== 200) throw new Error(`admin sign-in failed: ${res.body}`);
  return agent;
}

/** A process body with all five phases, the first starting `startDaysFromNow` days from now. */
export function processBody(slug: string, startDaysFromNow = -1) {
  const day = 24 * 60 * 60 * 1000;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
  const base = Date.now() + startDaysFromNow * day;
  return {
    slug, title: `Process ${slug}`, description: 'A test process',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 14 * day).toISOString(), endsAt: new Date(base + (i + 1) * 14 * day).toISOString() })),
  };
}

/**
 * `n` signed-in residents made straight in the database (no password hashing), for tests that
 * need many distinct users at once.
 */
export async function residents(t: TestApp, n: number, prefix = 'resident'): Promise<Agent[]> {
  const tag = randomBytes(3).toString('hex');
  const users = await t.db.insertInto('users')
    .values(Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${tag}-${i}@example.org`, password_hash: 'x', display_name: `${prefix} ${i}`, locale: 'en' })))
    .returning('id').execute();
  const tokens = users.map(() => randomBytes(32).toString('base64url'));
  await t.db.insertInto('sessions').values(users.map((u, i) => ({ id: hashToken(tokens[i]!), user_id: u.id }))).execute();
  return Promise.all(tokens.map(async (token, i) => {
    const agent = new Agent(t.app, `10.9.${Math.floor(i / 250)}.${i % 250}`);
    agent.cookies.set(SESSION_COOKIE, token);
    (agent as { userId?: string }).userId = users[i]!.id;
    await agent.refreshCsrf();
    return agent;
  }));
}
