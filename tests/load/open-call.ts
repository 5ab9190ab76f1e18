/**
 * The open-call benchmark (`npm run bench:open-call`, see docs/BENCHMARKS.md).
 *
 * On the PostgreSQL server named by DATABASE_URL (tests/load/with-pg.sh starts a throwaway cluster when
 * it is unset) it makes a fresh database, migrates it, generates 100,000 proposals, 1,000,000
 * supports and 200,000 comments with bulk SQL, starts the real server and a bare Fastify route
 * as child processes on 127.0.0.1, and measures with autocannon: the list (filtered, plain,
 * recent), the proposal page, its comments, the bare route (the ceiling), then supports from
 * 1,000 signed-in users, checked afterwards row by row. It prints a table, and stops by itself:
 * every run is bounded in time, and the whole benchmark by BENCH_DEADLINE_S.
 *
 * Settings (environment): BENCH_PROPOSALS, BENCH_SUPPORTS, BENCH_COMMENTS, BENCH_VOTERS,
 * BENCH_SUPPORTERS (data sizes); BENCH_DURATION, BENCH_WARMUP (seconds per run);
 * BENCH_CONNECTIONS (reads), BENCH_SUPPORT_CONNECTIONS (supports); BENCH_WITHOUT_MIGRATIONS
 * (comma-separated migration names to leave out, for before/after runs); BENCH_EXPLAIN (a file
 * to write each endpoint's queries with their EXPLAIN (ANALYZE, BUFFERS) and timings to);
 * BENCH_JSON (a file for the figures); BENCH_KEEP_DB=1 (keep the database); BENCH_DEADLINE_S.
 */
import { SERVER_NODE_FLAGS } from './node-flags.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { freePort } from './free-port.ts';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { ProposalListQuery } from '@mesa/shared';
import { migrations } from '../../migrations/index.ts';
import type { Database } from '../../server/src/db/database.ts';
import { listComments } from '../../server/src/features/comments/service.ts';
import { CommentTargets } from '../../server/src/features/comments/targets.ts';
import { proposalCommentTarget } from '../../server/src/features/proposals/targets.ts';
import { processBySlug } from '../../server/src/features/proposals/admin-service.ts';
import { countMatches, listPage } from '../../server/src/features/proposals/list.ts';
import { proposalViews } from '../../server/src/features/proposals/repo.ts';
import { setSupport } from '../../server/src/features/proposals/service.ts';
import { countMismatches, generate, md5uuid, PROCESS_SLUG, type Sizes } from './generate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const env = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number`);
  return n;
};

const SIZES: Sizes = {
  proposals: env('BENCH_PROPOSALS', 100_000),
  supports: env('BENCH_SUPPORTS', 1_000_000),
  comments: env('BENCH_COMMENTS', 200_000),
  voters: env('BENCH_VOTERS', 20_000),
};
const SUPPORTERS = env('BENCH_SUPPORTERS', 1_000);
const DURATION = env('BENCH_DURATION', 10);
const WARMUP = env('BENCH_WARMUP', 2);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const SUPPORT_CONNECTIONS = env('BENCH_SUPPORT_CONNECTIONS', 20);
const DEADLINE_S = env('BENCH_DEADLINE_S', 1_500);
/** Only the bare route, the filtered list and the supports (to compare supports quickly). */
const ONLY_SUPPORTS = process.env.BENCH_ONLY_SUPPORTS === '1';
const WITHOUT = (process.env.BENCH_WITHOUT_MIGRATIONS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const SESSION_SECRET = randomBytes(32).toString('base64url');
/** The filter of the main list run: one area and a word common in Spanish and Portuguese proposals. */
const AREA = 'access-to-information';
const WORD = 'transparencia';
const ID_POOL = 2_000;
const SUPPORT_POOL = 20_000;

const children: ChildProcess[] = [];
const log = (msg: string) => console.error(`[bench] ${msg}`);

const deadline = setTimeout(() => {
  log(`deadline of ${DEADLINE_S} s reached, stopping`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, DEADLINE_S * 1000);

// ---------------------------------------------------------------------------------------------
// Child processes

/** Starts a TypeScript entry as a child process; resolves with the port it prints. */
async function startChild(entry: string, extraEnv: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', entry], {
    cwd: ROOT, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${entry} exited with ${code}`)); });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { port?: number };
        if (msg.port) { clearTimeout(timer); resolve(msg.port); }
      } catch { /* not ours */ }
    });
  });
  return { child, port };
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: this machine is shared, so each run says how busy it was and how much of that
// was not the benchmark (its own process, the server, the bare route, our database backends).

let ownPids: () => { gen: number[]; app: number[]; db: number[] } = () => ({ gen: [process.pid], app: [], db: [] });
/** Refreshes the list of our database backends (the server's pool opens them as it needs). */
let refreshOwn: () => Promise<void> = async () => {};

function machineJiffies(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

function pidJiffies(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime
  } catch {
    return 0;
  }
}

interface Cpu {
  /** % of all CPUs busy during the run, and the part used by processes not ours. */
  busy: number;
  others: number;
  /** CPU milliseconds used by the load generator, the app (server child) and the database backends. */
  gen: number;
  app: number;
  db: number;
}

/** CPU use while `fn` runs. */
async function accounted<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: Cpu }> {
  const groups0 = ownPids();
  const start = new Map([...groups0.gen, ...groups0.app, ...groups0.db].map((p) => [p, pidJiffies(p)]));
  const m0 = machineJiffies();
  const value = await fn();
  const m1 = machineJiffies();
  const groups1 = ownPids();
  const used = (a: number[], b: number[]) => [...new Set([...a, ...b])].reduce((sum, p) => sum + pidJiffies(p) - (start.get(p) ?? 0), 0);
  const gen = used(groups0.gen, groups1.gen);
  const app = used(groups0.app, groups1.app);
  const db = used(groups0.db, groups1.db);
  const total = m1.total - m0.total;
  const busy = m1.busy - m0.busy;
  return {
    value,
    cpu: {
      busy: total ? (busy / total) * 100 : 0,
      others: total ? (Math.max(0, busy - gen - app - db) / total) * 100 : 0,
      gen: gen * 10, app: app * 10, db: db * 10,
    },
  };
}

/** Waits (30 s at most) until the machine is nearly idle, so that runs do not share it with others. */
async function waitQuiet(): Promise<number> {
  const t0 = Date.now();
  let busy = 100;
  while (Date.now() - t0 < 30_000) {
    const a = machineJiffies();
    await new Promise((r) => setTimeout(r, 1_000));
    const b = machineJiffies();
    busy = b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : 0;
    if (busy < 15) break;
  }
  return busy;
}

// ---------------------------------------------------------------------------------------------
// Load runs

interface Figures {
  name: string;
  cpu: Cpu;
  /** % of all CPUs busy just before the run (after waiting up to 30 s for quiet). */
  before: number;
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  ok: number;
  other: number;
  errors: number;
}

type Req = autocannon.Request;

function cannon(opts: { url: string; connections: number; duration: number; requests?: Req[] }): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: opts.url, connections: opts.connections, duration: opts.duration, pipelining: 1, timeout: 10, requests: opts.requests },
      (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** A warm-up run, then the measured one. */
async function measure(name: string, base: string, path: string, opts: { connections?: number; requests?: Req[] } = {}): Promise<Figures> {
  const connections = opts.connections ?? CONNECTIONS;
  const url = base + path;
  const probe = await fetch(url);
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`${name}: GET ${path} answered ${probe.status}: ${body.slice(0, 300)}`);
  const before = await waitQuiet();
  if (WARMUP > 0) await cannon({ url, connections, duration: WARMUP, requests: opts.requests });
  await refreshOwn();
  const { value: r, cpu } = await accounted(() => cannon({ url, connections, duration: DURATION, requests: opts.requests }));
  const f: Figures = {
    name, path, connections, cpu, before, rps: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99,
    bytes: Math.round(r.throughput.total / Math.max(1, r.requests.total)), ok: r['2xx'], other: r.non2xx, errors: r.errors,
  };
  log(`${name}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.bytes} B/response${f.other || f.errors ? `, ${f.other} non-2xx, ${f.errors} errors` : ''}; ${cpuText(f)}`);
  return f;
}

/** CPU per request (app and database), and how busy the machine was and with what. */
const perReq = (f: Figures, ms: number) => (f.ok + f.other ? ms / (f.ok + f.other) : 0);
const cpuText = (f: Figures) =>
  `CPU per request: app ${perReq(f, f.cpu.app).toFixed(2)} ms, database ${perReq(f, f.cpu.db).toFixed(2)} ms, load generator ${perReq(f, f.cpu.gen).toFixed(2)} ms; machine ${f.cpu.busy.toFixed(0)} % busy, others ${f.cpu.others.toFixed(0)} %`;

/**
 * What the measured CPU costs allow on this machine when nothing else runs on it: the server is
 * one thread (at most one CPU), and app, database and load generator share all the CPUs.
 */
const capacity = (f: Figures) => {
  const app = perReq(f, f.cpu.app);
  const all = app + perReq(f, f.cpu.db) + perReq(f, f.cpu.gen);
  return app && all ? Math.min(1000 / app, (availableParallelism() * 1000) / all) : 0;
};

/** Requests cycling through paths chosen at random from `paths`. */
function randomPaths(paths: string[]): Req[] {
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)]! }) }];
}

// ---------------------------------------------------------------------------------------------
// Supports from many users

interface SupportOutcome {
  figures: Figures;
  users: number;
  proposals: number;
  attempted: number;
  duplicatesSent: number;
  okPairs: number;
  nonOk: Record<string, number>;
  settled: number;
  rows: number;
  missing: number;
  extra: number;
  countMismatches: number;
}

async function supportsRun(base: string, c: pg.Client, processId: string): Promise<SupportOutcome> {
  // 1,000 users with sessions made straight in the database, as the test harness's residents() does.
  const tokens = Array.from({ length: SUPPORTERS }, () => randomBytes(32).toString('base64url'));
  const userIds = tokens.map((_, i) => md5uuid(`mesa-bench-supporter-${i}`));
  await c.query(`
    insert into users (id, email, password_hash, display_name, locale)
    select id, 'supporter-' || i || '@bench.example.org', 'x', 'Supporter ' || i, 'es'
    from unnest($1::uuid[]) with ordinality as u(id, i)`, [userIds]);
  await c.query(`insert into sessions (id, user_id) select * from unnest($1::text[], $2::uuid[])`,
    [tokens.map((t) => createHash('sha256').update(t).digest('hex')), userIds]);
  // The CSRF token of each session, from GET /api/auth/csrf with its cookie.
  const cookies = tokens.map((t) => `mesa_session=${t}`);
  const csrf: string[] = new Array(SUPPORTERS);
  let next = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < SUPPORTERS) {
      const i = next++;
      const res = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: cookies[i]! } });
      csrf[i] = ((await res.json()) as { token: string }).token;
    }
  }));

  const pool = (await c.query(`
    select id from proposals where process_id = $1 and not hidden and state in ('submitted', 'evaluating', 'accepted')
    order by md5(id::text) limit $2`, [processId, SUPPORT_POOL])).rows.map((r) => r.id as string);
  const P = pool.length;
  // Fresh pair j: user j mod U, proposal (7u + 1009k) mod P with k = j div U; 1009 is prime, so
  // one user never gets the same proposal twice while k < P. Every 20th request re-sends an
  // earlier pair (support is idempotent: that must not add a row).
  const U = SUPPORTERS;
  const freshPair = (j: number) => {
    const u = j % U;
    const k = Math.floor(j / U);
    return u * P + ((7 * u + 1009 * k) % P);
  };
  let seq = 0;
  let fresh = 0;
  let duplicatesSent = 0;
  const attempted = new Set<number>();
  const ok = new Set<number>();
  const nonOk: Record<string, number> = {};
  const pathOf = (key: number) => `/api/proposals/${pool[key % P]}/supports`;
  const headersOf = (key: number) => {
    const u = Math.floor(key / P);
    return { cookie: cookies[u]!, 'x-csrf-token': csrf[u]! };
  };
  const requests: Req[] = [{
    method: 'POST',
    setupRequest: (req, context) => {
      const i = seq++;
      let key: number;
      if (i % 20 === 19 && fresh > 0) {
        key = freshPair((i * 7919) % fresh);
        duplicatesSent++;
      } else key = freshPair(fresh++);
      attempted.add(key);
      (context as { key?: number }).key = key;
      return { ...req, method: 'POST', path: pathOf(key), headers: headersOf(key) };
    },
    onResponse: (status, _body, context) => {
      const key = (context as { key?: number }).key!;
      if (status === 200) ok.add(key);
      else nonOk[status] = (nonOk[status] ?? 0) + 1;
    },
  }];
  const url = `${base}/api/proposals/${pool[0]}/supports`;
  const before = await waitQuiet();
  if (WARMUP > 0) await cannon({ url, connections: SUPPORT_CONNECTIONS, duration: WARMUP, requests });
  await refreshOwn();
  const okBefore = ok.size;
  const { value: r, cpu } = await accounted(() => cannon({ url, connections: SUPPORT_CONNECTIONS, duration: DURATION, requests }));
  const figures: Figures = {
    name: `POST support (${fmt(SUPPORTERS)} users)`, path: 'POST /api/proposals/:id/supports', connections: SUPPORT_CONNECTIONS, cpu, before,
    rps: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99,
    bytes: Math.round(r.throughput.total / Math.max(1, r.requests.total)), ok: r['2xx'], other: r.non2xx, errors: r.errors,
  };
  log(`supports: ${figures.rps.toFixed(0)}/s (new pairs in the measured run: ${ok.size - okBefore}), p50 ${figures.p50} ms, p99 ${figures.p99} ms; ${cpuText(figures)}`);

  // Requests cut off when a run stopped may or may not have landed: send them again (support is
  // idempotent), so that every pair attempted has been sent successfully, then compare rows.
  const unsettled = [...attempted].filter((k) => !ok.has(k));
  for (const key of unsettled) {
    const u = Math.floor(key / P);
    const res = await fetch(base + pathOf(key), { method: 'POST', headers: { cookie: cookies[u]!, 'x-csrf-token': csrf[u]! } });
    if (res.status === 200) ok.add(key);
    else nonOk[`settle ${res.status}`] = (nonOk[`settle ${res.status}`] ?? 0) + 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the count rollup runs every 250 ms

  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const proposalIndex = new Map(pool.map((id, i) => [id, i]));
  const rows = (await c.query('select user_id, proposal_id from proposal_supports where user_id = any($1::uuid[])', [userIds])).rows;
  const inDb = new Set<number>();
  let extra = 0;
  for (const row of rows) {
    const u = userIndex.get(row.user_id);
    const p = proposalIndex.get(row.proposal_id);
    if (u === undefined || p === undefined) { extra++; continue; }
    const key = u * P + p;
    if (!ok.has(key) || inDb.has(key)) extra++;
    inDb.add(key);
  }
  const missing = [...ok].filter((k) => !inDb.has(k)).length;
  return {
    figures, users: U, proposals: P, attempted: attempted.size, duplicatesSent, okPairs: ok.size, nonOk, settled: unsettled.length,
    rows: rows.length, missing, extra, countMismatches: await countMismatches(c, processId),
  };
}

// ---------------------------------------------------------------------------------------------
// Query plans: each endpoint's queries, captured from the feature code, with EXPLAIN and timings

async function explainAll(url: string, samples: { list: Record<string, string>; ids: string[]; hot: string[]; supportable: string[] }): Promise<string> {
  let captured: CompiledQuery[] = [];
  let durations: number[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') { captured.push(e.query); durations.push(e.queryDurationMillis); }
    },
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const scenarios: [string, (i: number) => Promise<unknown>][] = [];
  for (const qs of Object.values(samples.list)) {
    const query = ProposalListQuery.parse(Object.fromEntries(new URLSearchParams(qs)));
    scenarios.push([`GET /api/processes/:slug/proposals?${qs}`, async () => {
      // As the route does on a miss of its totals cache (slug → id is kept for good).
      const process = await processBySlug(db, PROCESS_SLUG);
      const page = await listPage(db, process.id, query, false);
      await countMatches(db, process.id, query, false, query.facets === 'true');
      return page.items;
    }]);
  }
  scenarios.push(['GET /api/proposals/:id', async (i) => {
    const id = samples.ids[i % samples.ids.length]!;
    return proposalViews(db, [id], undefined);
  }]);
  const targets = new CommentTargets();
  targets.register('proposals', proposalCommentTarget(() => {}));
  scenarios.push(['GET /api/proposals/:id/comments', (i) => listComments(db, targets, { targetType: 'proposals', targetId: samples.ids[i % samples.ids.length]! }, 'oldest', null)]);
  scenarios.push(['GET /api/proposals/:id/comments (50 most-commented)', (i) => listComments(db, targets, { targetType: 'proposals', targetId: samples.hot[i % samples.hot.length]! }, 'oldest', null)]);
  const voter = { id: md5uuid('mesa-bench-user-1'), email: 'voter-1@bench.example.org', displayName: 'Voter', locale: 'es' as const, isAdmin: false };
  scenarios.push(['POST /api/proposals/:id/supports (service queries only)', (i) => setSupport(db, samples.supportable[(i * 7) % samples.supportable.length]!, voter, true)]);

  const out: string[] = [];
  for (const [name, run] of scenarios) {
    // Timings: 30 calls after 5 warm-up calls; the median of each query (in call order).
    try {
      for (let i = 0; i < 5; i++) await run(i);
    } catch (err) {
      out.push(`## ${name}\n\nfailed: ${String(err)}\n`);
      continue;
    }
    const perQuery: number[][] = [];
    const totals: number[] = [];
    for (let i = 0; i < 30; i++) {
      captured = [];
      durations = [];
      const t0 = performance.now();
      await run(i + 5);
      totals.push(performance.now() - t0);
      durations.forEach((d, k) => (perQuery[k] ??= []).push(d));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    captured = [];
    durations = [];
    await run(0);
    const queries = captured;
    out.push(`## ${name}\n\n${queries.length} queries; median of 30 calls ${median(totals).toFixed(2)} ms in all.\n`);
    for (const [k, q] of queries.entries()) {
      out.push(`### query ${k + 1} (median ${median(perQuery[k] ?? []).toFixed(2)} ms)\n\n\`\`\`sql\n${q.sql}\n\`\`\`\nparameters: ${JSON.stringify(q.parameters).slice(0, 400)}\n`);
      // Reads only: EXPLAIN ANALYZE runs the statement (a `with` that writes, like a support, is left out).
      if (/^\s*(select|with)\b/i.test(q.sql) && !/\b(insert|update|delete)\b/i.test(q.sql)) {
        const plan = await client.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
        out.push('```\n' + plan.rows.map((r) => r['QUERY PLAN']).join('\n') + '\n```\n');
      }
    }
  }
  await client.end();
  await db.destroy();
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

function machine(pgVersion: string, sharedBuffers: string) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown';
  return {
    date: new Date().toISOString(), cpus: availableParallelism(), cpu, memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version, postgres: pgVersion, sharedBuffers,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set (run through npm run bench:open-call, which starts a cluster)');
  const dbName = `mesa_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const target = new URL(baseUrl);
  target.pathname = `/${dbName}`;
  const url = target.toString();
  const tmp = mkdtempSync(join(tmpdir(), 'mesa-bench-'));
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const pgVersion = (await c.query('show server_version')).rows[0].server_version as string;
    const info = machine(pgVersion, (await c.query('show shared_buffers')).rows[0].shared_buffers as string);
    log(`database ${dbName} on PostgreSQL ${pgVersion}; ${info.cpus} CPUs (${info.cpu}), ${info.memory}, Node ${info.node}`);

    // Schema: every migration, or all but those named in BENCH_WITHOUT_MIGRATIONS (a "before" run).
    const chosen = Object.fromEntries(Object.entries(migrations).filter(([name]) => !WITHOUT.includes(name)));
    const mdb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    const { error } = await new Migrator({ db: mdb, provider: { getMigrations: async () => chosen } }).migrateToLatest();
    await mdb.destroy();
    if (error) throw error;
    log(`migrated: ${Object.keys(chosen).join(', ')}${WITHOUT.length ? ` (left out: ${WITHOUT.join(', ')})` : ''}`);

    log(`generating ${fmt(SIZES.proposals)} proposals, ${fmt(SIZES.supports)} supports, ${fmt(SIZES.comments)} comments`);
    const t0 = performance.now();
    const { processId, timings, fkChecks } = await generate(c, SIZES);
    const generation = (performance.now() - t0) / 1000;
    for (const [name, s, rows] of timings) log(`  ${name}: ${s.toFixed(1)} s${rows ? ` (${fmt(rows)} rows)` : ''}`);
    log(`generated in ${generation.toFixed(1)} s`);
    const mismatches = await countMismatches(c, processId);
    if (mismatches) throw new Error(`${mismatches} proposals have counts that differ from their rows`);
    const sizes = (await c.query(`
      select relname as table, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
      where relname in ('proposals', 'proposal_supports', 'comments') order by relname`)).rows as { table: string; size: string }[];

    const server = await startChild('tests/load/server.ts', {
      DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', WRITE_RATE_LIMIT: '1000000',
      DEMO_DATA: 'off', SESSION_SECRET, DATA_DIR: tmp,
    });
    const base = `http://127.0.0.1:${server.port}`;
    log(`server on ${base}`);
    // Our processes: this one, its children, and the database backends serving our database.
    let backends: number[] = [];
    refreshOwn = async () => {
      backends = (await c.query(`select pid from pg_stat_activity where datname = current_database() or datname is null`)).rows.map((r) => Number(r.pid));
    };
    ownPids = () => ({ gen: [process.pid], app: children.map((ch) => ch.pid ?? 0).filter(Boolean), db: backends });

    const ids = (await c.query(`select id from proposals where process_id = $1 and not hidden order by random() limit ${ID_POOL}`, [processId])).rows.map((r) => r.id as string);
    const hot = (await c.query(`select id from proposals where process_id = $1 and not hidden order by comments_count desc limit 50`, [processId])).rows.map((r) => r.id as string);
    const listPath = `/api/processes/${PROCESS_SLUG}/proposals`;
    // A page deep in the supports order (the cursor the list gives after the proposal at rank DEEP).
    const deep = (await c.query(`select supports_count, number from proposals where process_id = $1 and not hidden
      order by supports_count desc, number desc offset ${Math.floor(SIZES.proposals / 2)} limit 1`, [processId])).rows[0] as { supports_count: number; number: number } | undefined;
    const deepCursor = Buffer.from(JSON.stringify([deep?.supports_count ?? 0, deep?.number ?? 1])).toString('base64url');
    const lists = {
      filtered: `limit=20&sort=supports&area=${AREA}&q=${WORD}`,
      plain: 'limit=20&sort=supports',
      recent: 'limit=20&sort=recent',
      deep: `limit=20&sort=supports&cursor=${deepCursor}`,
    };
    const filteredBody = await (await fetch(`${base}${listPath}?${lists.filtered}`)).text();
    const matches = (JSON.parse(filteredBody) as { total: number }).total;
    const payload = join(tmp, 'list.json');
    writeFileSync(payload, filteredBody);
    const bare = await startChild('tests/load/bare-server.ts', { BENCH_BARE_PAYLOAD: payload });

    const results: Figures[] = [];
    results.push(await measure('bare Fastify route (ceiling)', `http://127.0.0.1:${bare.port}`, '/bare'));
    await stopChild(bare.child);
    results.push(await measure(`list: area + q=${WORD}, sort=supports`, base, `${listPath}?${lists.filtered}`));
    if (!ONLY_SUPPORTS) {
      // The same page for a signed-in reader: never served from the anonymous readers' page cache.
      const readerToken = randomBytes(32).toString('base64url');
      const readerId = md5uuid('mesa-bench-reader');
      await c.query(`insert into users (id, email, password_hash, display_name, locale) values ($1, 'reader@bench.example.org', 'x', 'Reader', 'es')`, [readerId]);
      await c.query('insert into sessions (id, user_id) values ($1, $2)', [createHash('sha256').update(readerToken).digest('hex'), readerId]);
      results.push(await measure(`list: area + q=${WORD}, sort=supports, signed in (not cached)`, base, `${listPath}?${lists.filtered}`,
        { requests: [{ method: 'GET', headers: { cookie: `mesa_session=${readerToken}` } }] }));
      results.push(await measure('list: no filter, sort=supports', base, `${listPath}?${lists.plain}`));
      results.push(await measure('list: no filter, sort=recent', base, `${listPath}?${lists.recent}`));
      results.push(await measure(`list: sort=supports, page at rank ${fmt(Math.floor(SIZES.proposals / 2))}`, base, `${listPath}?${lists.deep}`));
      results.push(await measure('proposal page', base, `/api/proposals/${ids[0]}`, { requests: randomPaths(ids.map((id) => `/api/proposals/${id}`)) }));
      results.push(await measure('comments of a proposal', base, `/api/proposals/${ids[0]}/comments`, { requests: randomPaths(ids.map((id) => `/api/proposals/${id}/comments`)) }));
      results.push(await measure('comments, 50 most-commented', base, `/api/proposals/${hot[0]}/comments`, { requests: randomPaths(hot.map((id) => `/api/proposals/${id}/comments`)) }));
    }

    const supports = await supportsRun(base, c, processId);
    await stopChild(server.child);

    const ceiling = results[0]!.rps;
    const bareCapacity = capacity(results[0]!);
    const row = (f: Figures, ratio: boolean) =>
      `| ${f.name} | ${f.connections} | ${fmt(f.rps)} | ${f.p50} | ${f.p99} | ${fmt(f.bytes)} | ${ratio ? `${((f.rps / ceiling) * 100).toFixed(0)} %` : '–'} | ${f.other + f.errors} ` +
      `| ${perReq(f, f.cpu.app).toFixed(2)} | ${perReq(f, f.cpu.db).toFixed(2)} | ${fmt(capacity(f))} | ${ratio ? `${((capacity(f) / bareCapacity) * 100).toFixed(0)} %` : '–'} | ${f.cpu.busy.toFixed(0)} % / ${f.cpu.others.toFixed(0)} % |`;
    const table = [
      '| endpoint | conn. | req/s | p50 ms | p99 ms | bytes/resp. | of bare | errors | app CPU ms/req | db CPU ms/req | idle-machine req/s | of bare (idle) | machine busy / others |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      row(results[0]!, false),
      ...results.slice(1).map((f) => row(f, true)),
      row(supports.figures, false),
    ].join('\n');
    const list = results[1]!;
    const exact = supports.missing === 0 && supports.extra === 0 && supports.rows === supports.okPairs;
    const goals = [
      `| list p99 under 25 ms | ${list.p99} ms | ${list.p99 < 25 ? 'met' : 'MISSED'} |`,
      `| list at least 40 % of the bare route | ${((list.rps / ceiling) * 100).toFixed(0)} % measured, ${((capacity(list) / bareCapacity) * 100).toFixed(0)} % idle-machine | ${list.rps / ceiling >= 0.4 ? 'met' : 'MISSED'} |`,
      `| at least 2,000 supports/s | ${fmt(supports.figures.rps)}/s measured, ${fmt(capacity(supports.figures))}/s idle-machine | ${supports.figures.rps >= 2000 ? 'met' : 'MISSED'} |`,
      `| nothing lost or doubled | ${fmt(supports.rows)} rows for ${fmt(supports.okPairs)} pairs sent | ${exact ? 'met' : 'MISSED'} |`,
      `| counts caught up 1.5 s after the last support | ${fmt(supports.countMismatches)} proposals off | ${supports.countMismatches === 0 ? 'met' : 'MISSED'} |`,
    ];
    const report = [
      '',
      `# Open call benchmark, ${info.date}`,
      '',
      `Machine: ${info.cpus} CPUs (${info.cpu}), ${info.memory}; Node ${info.node}; PostgreSQL ${info.postgres} (shared_buffers ${info.sharedBuffers}).`,
      `Data: ${fmt(SIZES.proposals)} proposals, ${fmt(SIZES.supports)} supports, ${fmt(SIZES.comments)} comments, ${fmt(SIZES.voters)} voters; generated in ${generation.toFixed(1)} s (${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}${fkChecks ? '' : '; foreign-key checks skipped'}).`,
      `Sizes: ${sizes.map((s) => `${s.table} ${s.size}`).join(', ')}. The filtered list matches ${fmt(matches)} proposals.`,
      `Runs: ${WARMUP} s warm-up, then ${DURATION} s measured, pipelining 1; autocannon in the benchmark process, server and bare route in child processes (one at a time under load).`,
      'app/db CPU ms/req: CPU time the server process and the database backends spent per request (from /proc, so other processes on the machine do not count); idle-machine req/s: what those costs (and the load generator\'s) allow on this machine alone: min(1000 / app ms, CPUs × 1000 / (app + db + generator ms)), the server being one thread. Machine busy / others: share of all CPUs in use during the run, and the part used by processes that are not the benchmark (the machine is shared; each run first waits up to 30 s for it to be quiet).',
      WITHOUT.length ? `Migrations left out: ${WITHOUT.join(', ')}.` : 'All migrations applied.',
      '',
      table,
      '',
      `Supports: ${supports.users} users over ${fmt(supports.proposals)} proposals; ${fmt(supports.attempted)} distinct pairs sent (${fmt(supports.duplicatesSent)} repeats of an earlier pair besides), ` +
        `${fmt(supports.settled)} cut off at a run's end and sent again; non-2xx: ${JSON.stringify(supports.nonOk)}. ` +
        `Rows afterwards: ${fmt(supports.rows)} for ${fmt(supports.okPairs)} pairs answered 200 (missing ${supports.missing}, extra ${supports.extra}); ` +
        `proposals whose supports_count/comments_count differ from their rows: ${supports.countMismatches}.`,
      '',
      '| goal | figure | |',
      '|---|---|---|',
      ...goals,
      '',
    ].join('\n');
    console.log(report);
    if (process.env.BENCH_JSON) {
      writeFileSync(process.env.BENCH_JSON, JSON.stringify({ info, sizes: SIZES, generation, timings, matches, results, supports, without: WITHOUT }, null, 2));
    }
    if (process.env.BENCH_EXPLAIN) {
      log('capturing query plans');
      const supportable = (await c.query(`select id from proposals where process_id = $1 and not hidden and state in ('submitted', 'evaluating', 'accepted') order by random() limit 200`, [processId])).rows.map((r) => r.id as string);
      const plans = await explainAll(url, { list: lists, ids, hot, supportable });
      writeFileSync(process.env.BENCH_EXPLAIN, plans);
      log(`query plans written to ${process.env.BENCH_EXPLAIN}`);
    }
  } finally {
    for (const child of children) await stopChild(child);
    await c.end().catch(() => {});
    if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`).catch((err) => log(`drop failed: ${String(err)}`));
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

main().catch((err) => {
  console.error(`[bench] failed: ${(err as Error).stack ?? String(err)}`);
  for (const child of children) child.kill('SIGKILL');
  process.exitCode = 1;
  clearTimeout(deadline);
});
