/**
 * The fault benchmark (`npm run bench:faults`, see docs/BENCHMARKS.md, "Faults").
 *
 * On a private PostgreSQL cluster of its own (server/src/test/pg-private-cluster.ts: it is
 * stopped and started, so never a shared one, whatever DATABASE_URL says), with the real server
 * as a child process on 127.0.0.1 (tests/load/server.ts, the flags of `npm run serve`):
 *
 * 1. a steady load of supports and comments (BENCH_WORKERS clients, each a fresh write every
 *    20 ms), a websocket joined to the proposal and process rooms, a bare pg client probing with
 *    a new connection every 50 ms (the baseline: when could anyone reach the database again);
 *    then `pg_ctl stop -m fast`, BENCH_OUTAGE_S seconds (5) down, `pg_ctl start`. A second
 *    socket connects in the middle of the outage and keeps asking to join. Printed: requests
 *    refused in the outage by status, seconds from the database's return (pg_ctl start done) to
 *    the first successful write, to the first live event on each socket, acknowledged writes
 *    missing from the database afterwards (must be 0) and refused writes stored (must be 0);
 * 2. an import of BENCH_IMPORT_ROWS (100,000) proposals as text/csv into the process, with the
 *    server's RSS sampled every 20 ms, against its idle RSS.
 *
 * Settings (environment): BENCH_OUTAGE_S, BENCH_WORKERS (8), BENCH_IMPORT_ROWS, BENCH_JSON (a
 * file for the figures), BENCH_DEADLINE_S (300). Stops by itself: every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { openPostgres } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { startPrivateCluster, type PrivateCluster } from '../../server/src/test/pg-private-cluster.ts';
import { freePort } from './free-port.ts';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number`);
  return v;
};
const OUTAGE_MS = env('BENCH_OUTAGE_S', 5) * 1000;
const WORKERS = env('BENCH_WORKERS', 8);
const IMPORT_ROWS = env('BENCH_IMPORT_ROWS', 100_000);
const DEADLINE_S = env('BENCH_DEADLINE_S', 300);
const SLUG = 'faults';
const RESIDENTS = 300;
const PROPOSALS = 20;
const log = (msg: string) => console.error(`[bench] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

const SERVER_LOG = join(tmpdir(), `mesa-faults-bench-server-${process.pid}.log`);
let serverExit: string | null = null;
let cluster: PrivateCluster | undefined;
let server: ChildProcess | undefined;
// Whatever happens, the server and the cluster go with this process.
process.once('uncaughtException', (err) => {
  console.error(err);
  server?.kill('SIGKILL');
  void (cluster?.destroy() ?? Promise.resolve()).finally(() => process.exit(1));
});
const deadline = setTimeout(() => {
  log(`deadline of ${DEADLINE_S} s reached, stopping`);
  server?.kill('SIGKILL');
  void (cluster?.destroy() ?? Promise.resolve()).finally(() => process.exit(2));
}, DEADLINE_S * 1000);

/** The process's resident set in MB (0 once it is gone). */
function rssMb(pid: number): number {
  let status = '';
  try { status = readFileSync(`/proc/${pid}/status`, 'utf8'); } catch { return 0; }
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'tests/load/server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: '/nonexistent',
      SESSION_SECRET: randomBytes(32).toString('hex'), DEMO_DATA: 'off', WRITE_RATE_LIMIT: '1000000' },
  });
  const lines = createInterface({ input: child.stdout! });
  // The server's log (errors only) goes to a file: it names the cause if the server falls over.
  const logFile = createWriteStream(SERVER_LOG);
  lines.on('line', (line) => logFile.write(`${line}\n`));
  child.once('exit', (code, signal) => { serverExit = `exited with ${signal ?? code}`; logFile.end(); });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}`)); });
    lines.on('line', (line) => { if (line.includes('"port"')) { clearTimeout(timer); resolve(); } });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** A signed-in caller: session cookie and CSRF token. */
interface Caller { cookie: string; csrf: string; userId: string }

async function callers(url: string, base: string): Promise<{ admin: Caller; residents: Caller[] }> {
  const db = openPostgres(url, 2).db;
  try {
    const rows = [{ email: 'admin@faults.example', display_name: 'Admin', is_admin: true },
      ...Array.from({ length: RESIDENTS }, (_, i) => ({ email: `resident-${i}@faults.example`, display_name: `Resident ${i}`, is_admin: false }))];
    const users = await db.insertInto('users').values(rows.map((r) => ({ ...r, password_hash: 'x', locale: 'en' }))).returning('id').execute();
    const tokens = users.map(() => randomBytes(32).toString('base64url'));
    await db.insertInto('sessions').values(users.map((u, i) => ({ id: createHash('sha256').update(tokens[i]!).digest('hex'), user_id: u.id }))).execute();
    const all = await Promise.all(users.map(async (u, i) => {
      const cookie = `mesa_session=${tokens[i]}`;
      const { token } = await (await fetch(`${base}/api/auth/csrf`, { headers: { cookie } })).json() as { token: string };
      return { cookie, csrf: token, userId: u.id };
    }));
    return { admin: all[0]!, residents: all.slice(1) };
  } finally {
    await db.destroy();
  }
}

const send = (base: string, who: Caller, method: string, path: string, body?: unknown, type = 'application/json') =>
  fetch(`${base}${path}`, { method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body !== undefined ? { 'content-type': type } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

async function must(res: Promise<Response>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ id: string }>;
}

/** A websocket that records when each event arrived. */
function socket(base: string) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`);
  const events: { at: number; room: string; seq: number }[] = [];
  const errors: string[] = [];
  const joined = new Set<string>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { type: string; room?: string; seq?: number; code?: string };
    if (m.type === 'event') events.push({ at: Date.now(), room: m.room!, seq: m.seq! });
    if (m.type === 'joined') joined.add(m.room!);
    if (m.type === 'error') errors.push(m.code ?? '?');
  });
  const open = new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, events, errors, joined, open, join: (room: string) => ws.send(JSON.stringify({ type: 'join', room })) };
}

interface Attempt { kind: 'support' | 'comment'; key: string; sentAt: number; doneAt: number; status: number; code?: string; retryAfter?: string | null }

async function main() {
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}`);
  cluster = await startPrivateCluster();
  log(`private cluster at ${cluster.url}`);
  const setup = openPostgres(cluster.url, 2);
  await migrateToLatest(setup.db);
  await setup.db.destroy();
  const started = await startServer(cluster.url);
  server = started.child;
  const { base } = started;
  const pid = server.pid!;
  const { admin, residents } = await callers(cluster.url, base);
  await must(send(base, admin, 'POST', '/api/processes', processBody()), 'process');
  // Processes may start as drafts that must be published (404 where that does not exist yet).
  const published = await send(base, admin, 'POST', `/api/processes/${SLUG}/publish`);
  if (published.status >= 300 && published.status !== 404) throw new Error(`publish: ${published.status} ${await published.text()}`);
  await published.body?.cancel();
  await must(send(base, admin, 'POST', `/api/processes/${SLUG}/active-phase`, { kind: 'open-call' }), 'open call');
  const proposals: string[] = [];
  for (let i = 0; i < PROPOSALS; i++) {
    proposals.push((await must(send(base, residents[i]!, 'POST', `/api/processes/${SLUG}/proposals`,
      { title: `Open budget data ${i}`, body: 'Publish the budget as open data.', area: 'fiscal-openness', sector: 'civil-society' }), 'proposal')).id);
  }
  const rooms = [`proposal:${proposals[0]}`, `process:${SLUG}`];

  // Idle RSS after set-up (median of 20 samples over 2 s).
  await sleep(1000);
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) { samples.push(rssMb(pid)); await sleep(100); }
  const idleRss = samples.sort((a, b) => a - b)[10]!;

  // --- 1. the outage ---
  const before = socket(base);
  await before.open;
  for (const r of rooms) before.join(r);
  for (let i = 0; i < 50 && before.joined.size < rooms.length; i++) await sleep(100);
  if (before.joined.size < rooms.length) throw new Error('the first socket could not join');

  const attempts: Attempt[] = [];
  const pairs = residents.flatMap((_, p) => proposals.map((_, q) => [p, q] as const)).filter(([p, q]) => p !== q).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  let nextPair = 0;
  let nextComment = 0;
  let stopping = false;
  const attempt = async (kind: Attempt['kind'], key: string, res: () => Promise<Response>) => {
    const sentAt = Date.now();
    let status = 0;
    let code: string | undefined;
    let retryAfter: string | null = null;
    try {
      const r = await res();
      status = r.status;
      retryAfter = r.headers.get('retry-after');
      const text = await r.text();
      if (status >= 400) code = (JSON.parse(text) as { code?: string }).code;
    } catch { status = -1; }
    attempts.push({ kind, key, sentAt, doneAt: Date.now(), status, code, retryAfter });
  };
  const worker = async (w: number) => {
    while (!stopping) {
      if (w % 2 === 0 && nextPair < pairs.length) {
        const [p, q] = pairs[nextPair++]!;
        await attempt('support', `${p}:${q}`, () => send(base, residents[p]!, 'POST', `/api/proposals/${proposals[q]}/supports`));
      } else {
        const text = `fault bench comment ${nextComment++}`;
        await attempt('comment', text, () => send(base, residents[w]!, 'POST', `/api/proposals/${proposals[0]}/comments`, { body: text }));
      }
      await sleep(20);
    }
  };
  // The baseline: a bare client opening a new connection every 50 ms.
  const bare: { at: number; ok: boolean }[] = [];
  const prober = async () => {
    while (!stopping) {
      const c = new pg.Client({ connectionString: cluster!.url, connectionTimeoutMillis: 1000 });
      c.on('error', () => {}); // cut by the shutdown between queries
      let ok = false;
      try { await c.connect(); await c.query('select 1'); ok = true; } catch { /* down */ }
      await c.end().catch(() => {});
      bare.push({ at: Date.now(), ok });
      await sleep(50);
    }
  };
  const load = Promise.all([...Array.from({ length: WORKERS }, (_, w) => worker(w)), prober()]);
  await sleep(2000);
  const stopAt = Date.now();
  await cluster.stop();
  const downAt = Date.now();
  log(`pg_ctl stop took ${((downAt - stopAt) / 1000).toFixed(2)} s`);
  await sleep(OUTAGE_MS / 2);
  // A socket that connects while the database is down and keeps asking to join.
  const during = socket(base);
  await during.open;
  const rejoin = setInterval(() => { for (const r of rooms) if (!during.joined.has(r)) during.join(r); }, 500);
  await sleep(OUTAGE_MS / 2);
  const upAt = Date.now();
  await cluster.start();
  const backAt = Date.now();
  log(`pg_ctl start took ${((backAt - upAt) / 1000).toFixed(2)} s`);
  const firstAfter = <T extends { at: number }>(xs: T[]) => xs.find((x) => x.at >= backAt);
  for (let i = 0; i < 300; i++) {
    const ok = attempts.some((a) => a.sentAt >= backAt && a.status < 300 && a.status > 0);
    if (ok && firstAfter(before.events) && firstAfter(during.events)) break;
    await sleep(100);
  }
  await sleep(2000);
  stopping = true;
  await load;
  clearInterval(rejoin);

  // Writes checked against the database.
  const check = openPostgres(cluster.url, 2).db;
  const supportRows = await check.selectFrom('proposal_supports').select(['user_id', 'proposal_id']).execute();
  const stored = new Set(supportRows.map((r) => `${r.user_id}:${r.proposal_id}`));
  const comments = new Set((await check.selectFrom('comments').select('body').execute()).map((r) => r.body));
  await check.destroy();
  const isStored = (a: Attempt) => {
    if (a.kind === 'comment') return comments.has(a.key);
    const [p, q] = a.key.split(':').map(Number);
    return stored.has(`${residents[p!]!.userId}:${proposals[q!]}`);
  };
  const acked = attempts.filter((a) => a.status >= 200 && a.status < 300);
  const refused = attempts.filter((a) => !(a.status >= 200 && a.status < 300));
  const lost = acked.filter((a) => !isStored(a)).length;
  const refusedStored = refused.filter(isStored).length;
  // Sent once pg_ctl stop had returned, answered before pg_ctl start was called.
  const inOutage = attempts.filter((a) => a.sentAt >= downAt && a.doneAt <= upAt);
  const byStatus = (xs: Attempt[]) => Object.entries(xs.reduce<Record<string, number>>((acc, a) => {
    const k = `${a.status}${a.code ? ` ${a.code}` : ''}${a.status === 503 ? ` (Retry-After ${a.retryAfter ?? 'none'})` : ''}`;
    acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {})).map(([k, n]) => `${n} × ${k}`).join(', ');
  const firstOk = attempts.filter((a) => a.sentAt >= backAt && a.status >= 200 && a.status < 300).sort((a, b) => a.doneAt - b.doneAt)[0];
  const bareOk = bare.find((b) => b.at >= downAt && b.ok);
  const secs = (at: number | undefined) => (at === undefined ? 'never' : `${((at - backAt) / 1000).toFixed(2)} s`);
  const gaps = (events: { room: string; seq: number }[]) => rooms.map((r) => {
    const seqs = events.filter((e) => e.room === r).map((e) => e.seq);
    return seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1);
  }).every(Boolean);
  before.ws.terminate();
  during.ws.terminate();

  // --- 2. a 100,000-row CSV import ---
  const header = 'title,body,area,sector\n';
  const csv = header + Array.from({ length: IMPORT_ROWS }, (_, i) => `Imported proposal ${i},Publish the budget.,fiscal-openness,civil-society\n`).join('');
  await sleep(1000);
  const importIdle = rssMb(pid);
  let peak = importIdle;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(pid)); }, 20);
  const t0 = Date.now();
  let route = `/api/processes/${SLUG}/proposals/import`;
  let importStatus = 0;
  let importBody = '';
  try {
    let importRes = await send(base, admin, 'POST', route, csv, 'text/csv');
    if (importRes.status === 404) {
      await importRes.text();
      route = `/api/processes/${SLUG}/import`;
      importRes = await send(base, admin, 'POST', route, csv, 'text/csv');
    }
    importStatus = importRes.status;
    importBody = await importRes.text();
  } catch (err) {
    importBody = `no answer (${(err as Error).message}); server ${serverExit ?? 'still running'}; its log: ${SERVER_LOG}`;
  }
  const importSeconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  const importOutcome = importStatus > 0 && importStatus < 300 ? `${(JSON.parse(importBody) as { imported: number }).imported.toLocaleString('en')} imported` : importBody.slice(0, 160);

  const figures = {
    date: new Date().toISOString().slice(0, 10), cores: cpus().length, outageSeconds: OUTAGE_MS / 1000, workers: WORKERS,
    requests: attempts.length, inOutage: inOutage.length, inOutageStatuses: byStatus(inOutage), allRefusedStatuses: byStatus(refused),
    firstSuccessS: firstOk ? (firstOk.doneAt - backAt) / 1000 : null,
    firstEventConnectedS: firstAfter(before.events) ? (firstAfter(before.events)!.at - backAt) / 1000 : null,
    firstEventNewS: firstAfter(during.events) ? (firstAfter(during.events)!.at - backAt) / 1000 : null,
    bareReconnectS: bareOk ? (bareOk.at - backAt) / 1000 : null,
    acknowledged: acked.length, lost, refusedStored, socketErrorsWhileDown: during.errors.length, eventsInOrder: gaps(before.events) && gaps(during.events),
    import: { rows: IMPORT_ROWS, bytes: Buffer.byteLength(csv), route, status: importStatus, seconds: importSeconds, outcome: importOutcome, idleRssMb: idleRss, beforeRssMb: importIdle, peakRssMb: peak },
  };

  console.log(`
Faults — ${figures.date}, ${figures.cores} cores, PostgreSQL stopped ${figures.outageSeconds} s under ${WORKERS} writers (supports and comments, a fresh write every 20 ms each)

requests sent                              ${attempts.length.toLocaleString('en')} (${acked.length.toLocaleString('en')} acknowledged, ${refused.length.toLocaleString('en')} refused)
requests during the outage                 ${inOutage.length.toLocaleString('en')}: ${byStatus(inOutage) || 'none'}
all refused, whole run                     ${byStatus(refused) || 'none'}
database back → first successful write     ${secs(firstOk?.doneAt)}
database back → first live event           ${secs(firstAfter(before.events)?.at)} (socket connected before), ${secs(firstAfter(during.events)?.at)} (socket connected during the outage; ${during.errors.length} join errors while down: ${[...new Set(during.errors)].join(', ') || 'none'})
  baseline: a bare pg client reconnects    ${secs(bareOk?.at)} (new connection every 50 ms)
events in order, no gap or repeat          ${figures.eventsInOrder ? 'yes' : 'NO'}
acknowledged writes lost                   ${lost}${lost ? '  <-- MUST BE 0' : ''}
refused writes stored anyway               ${refusedStored}${refusedStored ? '  <-- should be 0' : ''}

import of ${IMPORT_ROWS.toLocaleString('en')} rows as text/csv (${(Buffer.byteLength(csv) / MB).toFixed(1)} MiB) to ${route}
  answer                                   ${importStatus} in ${importSeconds.toFixed(1)} s: ${importOutcome}
  server RSS                               idle ${idleRss.toFixed(0)} MB, before ${importIdle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (${(peak / idleRss).toFixed(1)}× idle)
`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
  if (lost > 0) process.exitCode = 1;
}

function processBody() {
  const day = 24 * 60 * 60 * 1000;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
  const start = Date.now() - day;
  return {
    slug: SLUG, title: 'Fault benchmark', description: 'A process for the fault benchmark',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(start + i * 14 * day).toISOString(), endsAt: new Date(start + (i + 1) * 14 * day).toISOString() })),
  };
}

let finished = false;
try {
  await main();
  finished = true;
} finally {
  const crashed = serverExit !== null; // before this stops it
  if (server && server.exitCode === null) {
    const exited = new Promise<void>((resolve) => server!.once('exit', () => resolve()));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await cluster?.destroy();
  clearTimeout(deadline);
  // The server's log is kept only when something went wrong.
  if (finished && !crashed) rmSync(SERVER_LOG, { force: true });
  else log(`server log: ${SERVER_LOG}`);
}
