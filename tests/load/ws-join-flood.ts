/**
 * The join flood of issue 13 (item 6), measured: `npm run bench:join-flood` (PGlite in a temporary
 * directory) or with DATABASE_URL set (a fresh PostgreSQL database on that server).
 *
 * The real server (tests/load/server.ts) runs as a child process on 127.0.0.1. Three floods of
 * 100 websockets × 20 joins sent at once:
 * A. anonymous sockets, one address, all to a commitment in consultation (a Yjs snapshot a join);
 * B. five signed-in sessions × 20 sockets, all to a draft commitment;
 * C. anonymous sockets, one address, 20 different proposal rooms each.
 * Meanwhile one client reads a process page over HTTP again and again. Printed per flood: sockets
 * refused, joins answered `joined` / `rate-limited` / other, seconds until every socket had an
 * answer for each of its rooms, and the HTTP latency before and during the flood (p50, p95, max). Bounded: each flood
 * gives up after BENCH_DEADLINE_S (60) seconds.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { openDatabase } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { hashPassword } from '../../server/src/features/accounts/passwords.ts';
import { freePort } from './free-port.ts';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 60) * 1000;
const SOCKETS = 100;
const JOINS = 20;

// A database of its own: a temporary PGlite directory, or a new database on DATABASE_URL's server.
const dataDir = mkdtempSync(join(tmpdir(), 'mesa-flood-'));
let databaseUrl: string | undefined;
let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const name = `mesa_flood_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  databaseUrl = u.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}
const ADMIN = { email: 'flood-admin@example.org', password: 'a long flood password' };
{
  const { db } = await openDatabase({ databaseUrl, dataDir });
  await migrateToLatest(db);
  await db.insertInto('users').values({ email: ADMIN.email, password_hash: await hashPassword(ADMIN.password), display_name: 'Admin', locale: 'en', is_admin: true }).execute();
  await db.destroy();
}

const port = await freePort();
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', join(ROOT, 'tests/load/server.ts')], {
  cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'warn', DEMO_DATA: 'off', WRITE_RATE_LIMIT: '100000', SESSION_SECRET: 'flood-'.padEnd(40, 'x') },
});
await new Promise<void>((resolve, reject) => {
  const lines = createInterface({ input: server.stdout! });
  lines.on('line', (line) => { if (line.startsWith('{"port"')) resolve(); });
  server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});
const base = `http://127.0.0.1:${port}`;

/** A cookie-keeping HTTP client with the CSRF token. */
class Client {
  cookies = new Map<string, string>();
  csrf = '';
  async request(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (v) this.cookies.set(k!, v); else this.cookies.delete(k!);
    }
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  async signIn() {
    this.csrf = (await this.request('GET', '/api/auth/csrf')).token;
    await this.request('POST', '/api/auth/login', ADMIN);
    this.csrf = (await this.request('GET', '/api/auth/csrf')).token;
    return this;
  }
  cookie() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

const day = 86_400_000;
const phases = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'].map((kind, i) => ({ kind, startsAt: new Date(Date.now() - day + i * 14 * day).toISOString(), endsAt: new Date(Date.now() - day + (i + 1) * 14 * day).toISOString() }));
const admin = await new Client().signIn();

/** A process in drafting with one commitment whose texts make a snapshot of some size. */
async function commitmentIn(slug: string) {
  await admin.request('POST', '/api/processes', { slug, title: `Process ${slug}`, description: 'Join flood', phases });
  await admin.request('POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const p = await admin.request('POST', `/api/processes/${slug}/proposals`, { title: 'Open contracting', body: 'Publish contracts', area: 'anti-corruption', sector: 'civil-society' });
  await admin.request('POST', `/api/processes/${slug}/selection`, { proposalIds: [p.id] });
  await admin.request('POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const c = await admin.request('POST', `/api/processes/${slug}/commitments`, { title: 'Open contracting data', sourceProposalIds: [p.id], area: 'anti-corruption' });
  const text = 'Contracts are published late and in formats nobody can reuse. '.repeat(60);
  await admin.request('PATCH', `/api/commitments/${c.id}`, { baseVersion: 0, fields: { problem: text, causes: text, description: text } });
  return c.id as string;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const fmt = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} requests)`;

async function httpLatency(path: string, until: () => boolean) {
  const times: number[] = [];
  const reader = new Client();
  do {
    const t0 = performance.now();
    await reader.request('GET', path);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  } while (!until());
  return times;
}

/** Opens one socket per cookie; socket i sends a join for each of rooms(i) at once. */
async function flood(label: string, rooms: (i: number) => string[], cookies: (string | undefined)[], probe: string) {
  const before = await httpLatency(probe, (() => { let n = 0; return () => ++n >= 30; })());
  const t0 = performance.now();
  const counts = { refusedSockets: 0, joined: 0, rateLimited: 0, other: new Map<string, number>() };
  let pending = cookies.length;
  let opened = 0;
  let openAfter = NaN;
  const sockets = cookies.map((cookie, i) => new Promise<void>((resolve) => {
    const mine = rooms(i);
    const waiting = new Set(mine);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: cookie ? { cookie } : {} });
    let finished = false;
    const done = () => { if (finished) return; finished = true; pending--; ws.terminate(); resolve(); };
    ws.on('open', () => {
      if (++opened === cookies.length) openAfter = performance.now() - t0;
      for (const room of mine) ws.send(JSON.stringify({ type: 'join', room }));
    });
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.code === 'too-many' && !m.room) { counts.refusedSockets++; return; }
      if (!m.room || !mine.includes(m.room) || (m.type !== 'joined' && m.type !== 'error')) return;
      if (m.type === 'joined') counts.joined++;
      else if (m.code === 'rate-limited') counts.rateLimited++;
      else counts.other.set(m.code, (counts.other.get(m.code) ?? 0) + 1);
      waiting.delete(m.room);
      if (waiting.size === 0) done();
    });
    ws.on('close', done);
    ws.on('error', () => {});
  }));
  const deadline = setTimeout(() => { pending = 0; }, DEADLINE_MS);
  const [during] = await Promise.all([httpLatency(probe, () => pending <= 0), Promise.all(sockets)]);
  const seconds = (performance.now() - t0) / 1000;
  clearTimeout(deadline);
  const sent = cookies.reduce((n, _, i) => n + rooms(i).length, 0);
  console.log(`\n${label}`);
  console.log(`  sockets: ${cookies.length} opened (all open after ${(openAfter / 1000).toFixed(2)} s), ${counts.refusedSockets} refused (too-many)`);
  console.log(`  joins sent: ${sent}; answered: ${counts.joined} joined, ${counts.rateLimited} rate-limited${[...counts.other].map(([k, v]) => `, ${v} ${k}`).join('')} (the same room asked again while its join is under way gets that join's answer)`);
  console.log(`  every socket answered for each of its rooms after ${seconds.toFixed(2)} s`);
  console.log(`  HTTP GET ${probe} before: ${fmt(before)}`);
  console.log(`  HTTP GET ${probe} during: ${fmt(during)}`);
  if (process.env.BENCH_DEBUG) console.log(`  during, in order: ${during.map((x) => x.toFixed(0)).join(" ")}`);
}

try {
  const consulted = await commitmentIn('flood-consultation');
  await admin.request('POST', '/api/processes/flood-consultation/consultation', { closesAt: new Date(Date.now() + 3600_000).toISOString() });
  const draft = await commitmentIn('flood-draft');
  const sessions = await Promise.all(Array.from({ length: 5 }, () => new Client().signIn()));
  console.log(`Join flood on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}: ${SOCKETS} sockets × ${JOINS} joins sent at once`);
  await admin.request('POST', '/api/processes', { slug: 'flood-open', title: 'Open call', description: 'Join flood', phases });
  await admin.request('POST', '/api/processes/flood-open/active-phase', { kind: 'open-call' });
  const proposals: string[] = [];
  for (let i = 0; i < JOINS; i++) proposals.push((await admin.request('POST', '/api/processes/flood-open/proposals', { title: `Proposal ${i}`, body: 'x', area: 'justice', sector: 'resident' })).id);
  const same = (room: string) => () => Array<string>(JOINS).fill(room);
  await flood('A. anonymous, one address, 20 joins of a commitment in consultation', same(`commitment:${consulted}`), Array(SOCKETS).fill(undefined), '/api/processes/flood-consultation');
  await flood('B. five sessions × 20 sockets, 20 joins of a draft commitment', same(`commitment:${draft}`), sessions.flatMap((s) => Array(SOCKETS / 5).fill(s.cookie())), '/api/processes/flood-draft');
  await flood('C. anonymous, one address, 20 different proposal rooms per socket', () => proposals.map((id) => `proposal:${id}`), Array(SOCKETS).fill(undefined), process.env.BENCH_PROBE ?? '/api/processes/flood-open');
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
}
