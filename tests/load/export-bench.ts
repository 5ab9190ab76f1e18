/**
 * npm run bench:export — the exports of a large process on PostgreSQL (tests/load/with-pg.sh starts a
 * throwaway cluster unless DATABASE_URL is set). For each size it makes a fresh database, fills
 * it with the open-call benchmark's set-based generator (tests/load/generate.ts: proposals in
 * four languages, supports, threaded comments, some hidden or deleted), adds five commitments
 * with milestones through the API and adopts the plan, then downloads, from the real server in
 * a child process:
 *   - GET /api/processes/:slug/export/contributions (the goal: under 10 s and 200 MB RSS)
 *   - GET /api/processes/:slug/export/decidim
 *   - GET /api/processes/:slug/export?format=pdf and ?format=docx (the plan), when they exist
 * timing each to its last byte and sampling the server's RSS (/proc/<pid>/status) every 20 ms.
 *
 *   npm run bench:export                       # 20,000/50,000 (the issue's test) then 100,000/200,000
 *   npm run bench:export -- --only 100000:200000
 */
import { SERVER_NODE_FLAGS } from './node-flags.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { freePort } from './free-port.ts';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import type { Database } from '../../server/src/db/database.ts';
import { generate, PROCESS_SLUG } from './generate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;
const GOAL = { seconds: 10, rssMb: 200 };

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const SIZES = (only ? [only] : ['20000:50000', '100000:200000']).map((s) => {
  const [proposals, comments] = s.split(':').map(Number);
  if (!proposals || !comments) throw new Error(`--only wants PROPOSALS:COMMENTS, got ${s}`);
  return { proposals, comments };
});

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('DATABASE_URL is not set (run it with npm run bench:export)');

// ---------------------------------------------------------------------------------------------

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = baseUrl!): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/** The real server (tests/load/server.ts) in a child process, on the given database. */
async function startServer(databaseUrl: string, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'tests/load/server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'), DEMO_DATA: 'off', WRITE_RATE_LIMIT: '100000' },
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}`)); });
    lines.on('line', (line) => { if (line.includes('"port"')) { clearTimeout(timer); resolve(); } });
  });
  return { child, port };
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** CPU seconds (user + system) the process has used: the machine is shared, so wall time alone says little. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

interface Download { status: number; bytes: number; seconds: number; cpu: number; firstByte: number; rssBefore: number; rssPeak: number; body?: string }

/** Downloads `path`, discarding the body, while sampling the server's RSS. */
function download(port: number, pid: number, path: string, cookie: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const rssBefore = rssMb(pid);
    const cpu0 = cpuSeconds(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => { try { rssPeak = Math.max(rssPeak, rssMb(pid)); } catch { /* exited */ } }, 20);
    const t0 = performance.now();
    let firstByte = 0;
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c: Buffer) => {
        if (!firstByte) firstByte = (performance.now() - t0) / 1000;
        bytes += c.length;
        if (res.statusCode !== 200 && head.length < 2000) head += c.toString();
      });
      res.on('end', () => {
        clearInterval(sampler);
        rssPeak = Math.max(rssPeak, rssMb(pid));
        resolve({ status: res.statusCode ?? 0, bytes, seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(pid) - cpu0, firstByte, rssBefore, rssPeak, body: head || undefined });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => { clearInterval(sampler); reject(e); });
    req.end();
  });
}

/** A JSON call to the server as the signed-in admin (with the CSRF token for writes). */
async function call(port: number, cookie: string, csrf: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method, headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

/** Five commitments with four milestones each from the most supported proposals, then adoption (as an admin would). */
async function adopt(port: number, cookie: string): Promise<string> {
  const csrf = (await (await fetch(`http://127.0.0.1:${port}/api/auth/csrf`, { headers: { cookie } })).json() as { token: string }).token;
  const slug = PROCESS_SLUG;
  const top = await call(port, cookie, csrf, 'GET', `/api/processes/${slug}/proposals?sort=supports&limit=5`);
  const ids = ((top.json.items ?? []) as { id: string }[]).map((p) => p.id);
  await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/selection`, { proposalIds: ids });
  await call(port, cookie, csrf, 'PUT', `/api/processes/${slug}/commitment-numbering`, { prefix: 'ARBA', start: 7 });
  await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  for (const [i, id] of ids.entries()) {
    const c = await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/commitments`, { title: `Compromiso ${i + 1}: gobierno abierto en acción`, sourceProposalIds: [id], area: 'access-to-information' });
    if (c.status !== 201) return `commitments: ${c.status} ${JSON.stringify(c.json)}`;
    await call(port, cookie, csrf, 'PATCH', `/api/commitments/${c.json.id}`, {
      baseVersion: 0, startsOn: '2026-01-01', endsOn: '2027-12-31', leadInstitution: 'Secretaría de Innovación',
      fields: { problem: 'Problema público descrito con acentos y eñes.', description: 'Descripción del compromiso.' },
      milestones: [1, 2, 3, 4].map((m) => ({ title: `Hito ${m}`, deliverable: `Entregable ${m}`, startsOn: `202${5 + Math.ceil(m / 2)}-0${m}-01`, endsOn: `202${5 + Math.ceil(m / 2)}-1${m - 1}-28` })),
    });
  }
  const adopted = await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/adopt`);
  if (adopted.status === 200) return 'adopted through POST /adopt';
  // no adoption endpoint (or it refused): open the adopted phase, which is what makes the data public
  const opened = await call(port, cookie, csrf, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'adopted' });
  return `POST /adopt → ${adopted.status} ${JSON.stringify(adopted.json).slice(0, 200)}; adopted phase opened → ${opened.status}`;
}

interface Row { size: string; what: string; d: Download }

async function runSize(size: { proposals: number; comments: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const name = `mesa_export_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'mesa-export-bench-'));
  const notes: string[] = [];
  let server: { child: ChildProcess; port: number } | undefined;
  try {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    await db.destroy();
    if (error) throw error;
    const t0 = performance.now();
    const sizes = { proposals: size.proposals, comments: size.comments, supports: size.proposals * 2, voters: 20_000 };
    await admin((c) => generate(c, sizes), url.toString());
    notes.push(`generated ${size.proposals} proposals, ${sizes.supports} supports, ${size.comments} comments in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // an admin session straight in the database (the cookie is the token; the table keeps its hash)
    const token = randomBytes(32).toString('base64url');
    await admin(async (c) => {
      const u = await c.query(`insert into users (email, password_hash, display_name, locale, is_admin) values ('bench-admin@example.org', 'x', 'Bench admin', 'es', true) returning id`);
      await c.query('insert into sessions (id, user_id) values ($1, $2)', [createHash('sha256').update(token).digest('hex'), u.rows[0].id]);
    }, url.toString());
    const cookie = `mesa_session=${token}`;
    server = await startServer(url.toString(), dataDir);
    const idle = rssMb(server.child.pid!);
    notes.push(await adopt(server.port, cookie));
    notes.push(`server RSS: ${idle.toFixed(0)} MB idle after start, ${rssMb(server.child.pid!).toFixed(0)} MB after the set-up calls`);
    const rows: Row[] = [];
    const label = `${size.proposals.toLocaleString('en')} / ${size.comments.toLocaleString('en')}`;
    const slug = PROCESS_SLUG;
    // the public downloads them once adopted: anonymous, as a resident would
    for (const [what, path, as] of [
      ['contributions zip', `/api/processes/${slug}/export/contributions`, ''],
      ['contributions zip (again)', `/api/processes/${slug}/export/contributions`, ''],
      ['decidim zip', `/api/processes/${slug}/export/decidim`, ''],
      ['plan pdf', `/api/processes/${slug}/export?format=pdf&lang=es`, ''],
      ['plan docx', `/api/processes/${slug}/export?format=docx&lang=es`, ''],
    ] as const) {
      const d = await download(server.port, server.child.pid!, path, as || cookie);
      rows.push({ size: label, what, d });
      console.error(`[bench] ${label} ${what}: ${d.status} ${(d.bytes / MB).toFixed(1)} MB in ${d.seconds.toFixed(2)} s (server CPU ${d.cpu.toFixed(2)} s), RSS ${d.rssBefore.toFixed(0)} → peak ${d.rssPeak.toFixed(0)} MB${d.body ? ` ${d.body.slice(0, 200)}` : ''}`);
    }
    return { rows, notes };
  } finally {
    if (server) await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

const all: Row[] = [];
const notes: string[] = [];
for (const size of SIZES) {
  const r = await runSize(size);
  all.push(...r.rows);
  notes.push(...r.notes.map((n) => `${size.proposals}/${size.comments}: ${n}`));
}

const pgVersion = await admin(async (c) => (await c.query('show server_version')).rows[0].server_version as string);
console.log(`\nMachine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM; Node ${process.version}; PostgreSQL ${pgVersion}; ${new Date().toISOString()}`);
console.log(`Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
console.log('| proposals / comments | download | status | size | time to last byte | server CPU | first byte | server RSS before → peak (growth) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const sizeOf = (b: number) => (b < MB ? `${(b / 1024).toFixed(0)} kB` : `${(b / MB).toFixed(1)} MB`);
for (const { size, what, d } of all) {
  console.log(`| ${size} | ${what} | ${d.status} | ${sizeOf(d.bytes)} | ${d.seconds.toFixed(2)} s | ${d.cpu.toFixed(2)} s | ${d.firstByte.toFixed(2)} s | ${d.rssBefore.toFixed(0)} → ${d.rssPeak.toFixed(0)} MB (+${(d.rssPeak - d.rssBefore).toFixed(0)}) |`);
}
console.log('');
for (const n of notes) console.log(`- ${n}`);
let failed = false;
for (const { size, what, d } of all.filter((r) => r.what.startsWith('contributions'))) {
  const fast = d.status === 200 && d.seconds < GOAL.seconds;
  const small = d.rssPeak < GOAL.rssMb;
  failed ||= !fast || !small;
  console.log(`- goal for ${size}, ${what}: under ${GOAL.seconds} s ${fast ? 'met' : 'NOT met'} (${d.seconds.toFixed(1)} s, of which server CPU ${d.cpu.toFixed(1)} s); `
    + `server RSS under ${GOAL.rssMb} MB ${small ? 'met' : 'NOT met'} (peak ${d.rssPeak.toFixed(0)} MB, the export adding ${(d.rssPeak - d.rssBefore).toFixed(0)} MB to the ${d.rssBefore.toFixed(0)} MB before it)`);
}
process.exit(failed ? 1 : 0);
