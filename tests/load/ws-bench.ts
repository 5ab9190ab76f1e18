/**
 * The live-workshop websocket benchmark (`npm run bench:ws`, see docs/BENCHMARKS.md).
 *
 * On the PostgreSQL server named by DATABASE_URL (without it, the benchmark runs itself again
 * under .ci/with-pg.sh, a throwaway cluster) it makes a fresh database, migrates it, and sets up
 * a process in prioritisation with a workshop, 1,000 guest participants with sessions, and one
 * dots round per phase. Then, everything on 127.0.0.1:
 *
 * 1. one server (the real app, tests/load/ws-server.ts, a child process): 1,000 websocket clients
 *    join `workshop:<id>`; 100 ballots a second go out over their sockets, each from a participant
 *    who has not voted yet; measured: ballot → every client holding a `rounds/tally` whose
 *    `participants` count includes it, one broadcast's spread (first to last receipt of one seq),
 *    the server's RSS and heap; then all 1,000 sockets are dropped at once and come back with
 *    their lastSeq while a facilitator keeps publishing events: time until all are back (joined
 *    and replay done), events lost or duplicated (every client's seqs must be gapless to the end);
 * 2. the ceiling: a bare `ws` server (tests/load/ws-bare.ts) broadcasting a frame of the same
 *    size to the same number of clients;
 * 3. two server processes on the same database, half the clients on each, ballots to both:
 *    the same measures (events cross processes through LISTEN/NOTIFY);
 * 4. with BENCH_INPROC=1, the server inside the benchmark's own process (sharing the clients'
 *    event loop), ballots only.
 *
 * Between 1 and 2, a probe of a join racing the last peer's leave (20 tries).
 *
 * The servers report their database work (queries, pool waits) and their broadcast loops over
 * IPC (ws-server.ts wraps pg and ws, not the app); /proc gives RSS and CPU of every process.
 * It prints a table and stops by itself: every wait is bounded, the whole run by BENCH_DEADLINE_S.
 *
 * Settings (environment): BENCH_CLIENTS (1000), BENCH_RATE (ballots a second, 100),
 * BENCH_BALLOT_SECONDS (10; ballots = min(clients, rate × seconds): each ballot is a first one, so
 * the count on screen shows it), BENCH_PACE (facilitator events a second during the drop, 10),
 * BENCH_TWO=0 / BENCH_BARE=0 / BENCH_RACE=0 (skip a part), BENCH_INPROC=1 (add part 4, ~30 s),
 * BENCH_PROFILE=<dir> (a CPU profile of each server over the joins, the ballots and the reconnect;
 * the hottest functions are printed), BENCH_POOL (the servers' pg pool size; unset: the app's
 * default), BENCH_NICE (on a shared machine, e.g. -15 as root: this process, the servers and
 * PostgreSQL run at that niceness), BENCH_LOG_LEVEL (the servers', silent), BENCH_JSON (a file
 * for the figures), BENCH_KEEP_DB=1, BENCH_DEBUG=1 (progress, queries by text),
 * BENCH_DEADLINE_S (175).
 */
import { SERVER_NODE_FLAGS } from './node-flags.ts';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port.ts';
import { cpus, setPriority, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import WebSocket from 'ws';
import { SECTORS } from '../../shared/src/taxonomy.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { hashToken, newToken, SESSION_COOKIE } from '../../server/src/plugins/auth.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

// Without DATABASE_URL: run again inside a throwaway PostgreSQL cluster.
if (!process.env.DATABASE_URL) {
  const r = spawnSync('bash', [join(ROOT, '.ci/with-pg.sh'), process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', cwd: ROOT, env: { ...process.env, PG_QUIET: '1' },
  });
  process.exit(r.status ?? 1);
}

const env = process.env;
const num = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number(v));
const N = num(env.BENCH_CLIENTS, 1000);
const RATE = num(env.BENCH_RATE, 100);
const BALLOTS = Math.min(N, Math.round(RATE * num(env.BENCH_BALLOT_SECONDS, 10)));
const PACE = num(env.BENCH_PACE, 10);
const DEADLINE_S = num(env.BENCH_DEADLINE_S, 175);
const PROFILE_DIR = env.BENCH_PROFILE ? resolve(env.BENCH_PROFILE) : null;
/** On a shared machine: run this process, the servers and PostgreSQL at this niceness (below 0 needs root). */
const NICE = env.BENCH_NICE ? Number(env.BENCH_NICE) : null;
function renice(pid: number) {
  if (NICE === null) return;
  try { setPriority(pid, NICE); } catch (err) { console.error(`bench:ws: cannot renice ${pid}: ${(err as Error).message}`); }
}
const T0 = performance.now();
const SECRET = randomBytes(36).toString('base64url');
const DATA_DIR = mkdtempSync(join(tmpdir(), 'mesa-ws-bench-'));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const elapsed = () => ((performance.now() - T0) / 1000).toFixed(1);
const log = (msg: string) => console.log(`[${elapsed().padStart(5)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Statistics

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : '–');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// ---------------------------------------------------------------------------------------------
// Processes: children, memory, CPU

interface Child { name: string; proc: ChildProcess; port: number; tail: string[] }

const children = new Set<Child>();

async function startChild(name: string, file: string, extraEnv: Record<string, string>): Promise<Child> {
  const execArgv = [...SERVER_NODE_FLAGS, '--import', 'tsx'];
  const childEnv: Record<string, string | undefined> = { ...env, ...extraEnv };
  delete childEnv.MESA_ADMIN_EMAIL;
  delete childEnv.MESA_ADMIN_PASSWORD;
  const proc = fork(join(HERE, file), [], { cwd: ROOT, execArgv, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const child: Child = { name, proc, port: 0, tail: [] };
  const keep = (b: Buffer) => { child.tail.push(...String(b).split('\n').filter(Boolean)); child.tail.splice(0, Math.max(0, child.tail.length - 50)); };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  children.add(child);
  renice(proc.pid!);
  child.port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`${name} did not start in 30 s:\n${child.tail.join('\n')}`)), 30_000);
    proc.on('message', (m: { type?: string; port?: number }) => { if (m.type === 'ready') { clearTimeout(timer); res(m.port!); } });
    proc.once('exit', (code) => { clearTimeout(timer); rej(new Error(`${name} exited (${code}) before it listened:\n${child.tail.join('\n')}`)); });
  });
  return child;
}

async function stopChild(child: Child) {
  const t = performance.now();
  await stopChild0(child);
  if (env.BENCH_DEBUG) log(`${child.name} stopped in ${(performance.now() - t).toFixed(0)} ms`);
}
async function stopChild0(child: Child) {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) { children.delete(child); return; }
  const gone = new Promise<void>((r) => child.proc.once('exit', () => r()));
  child.proc.send({ type: 'stop' });
  const t = setTimeout(() => child.proc.kill('SIGKILL'), 8000);
  await gone;
  clearTimeout(t);
  children.delete(child);
}

/** Asks a child for something over IPC and waits (at most 10 s) for the answer of type `answer`. */
function ask<T>(child: Child, msg: Record<string, unknown>, answer: string): Promise<T | null> {
  return new Promise((res) => {
    const t = setTimeout(() => { child.proc.off('message', on); res(null); }, 10_000);
    const on = (m: { type?: string }) => { if (m.type === answer) { clearTimeout(t); child.proc.off('message', on); res(m as T); } };
    child.proc.on('message', on);
    child.proc.send(msg);
  });
}

/** With BENCH_PROFILE: a CPU profile of each server over `fn`, written to <dir>/<child>-<label>.cpuprofile. */
async function profiled<T>(servers: Child[], label: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return fn();
  mkdirSync(PROFILE_DIR, { recursive: true });
  await Promise.all(servers.map((c) => ask(c, { type: 'profile-start' }, 'profiling')));
  try {
    return await fn();
  } finally {
    await Promise.all(servers.map((c) => ask(c, { type: 'profile-stop', file: join(PROFILE_DIR, `${c.name}-${label}.cpuprofile`) }, 'profiled')));
  }
}

interface DbCounters { queries: number; queryMs: number; acquires: number; waitMs: number; waitMax: number; waiting: number; waitingMax: number; bySql: [string, number][]; bursts: { n: number; ms: number }[] }
interface DbWindow { queries: number; queryMean: number; acquires: number; waitMean: number; waitMax: number; waitingMax: number; bySql: [string, number][]; bursts: { n: number; ms: number }[] }
/** The servers' database counters (ws-server.ts wraps pg's Client.query and Pool.connect). */
async function dbCounters(servers: Child[]): Promise<(DbCounters | null)[]> {
  return Promise.all(servers.map((c) => ask<DbCounters>(c, { type: 'db' }, 'db')));
}
function dbWindow(a: (DbCounters | null)[], b: (DbCounters | null)[]): DbWindow {
  let queries = 0; let queryMs = 0; let acquires = 0; let waitMs = 0; let waitMax = 0; let waitingMax = 0;
  const bySql = new Map<string, number>();
  const bursts: { n: number; ms: number }[] = [];
  b.forEach((x, i) => {
    const y = a[i];
    if (!x || !y) return;
    queries += x.queries - y.queries; queryMs += x.queryMs - y.queryMs;
    acquires += x.acquires - y.acquires; waitMs += x.waitMs - y.waitMs;
    waitMax = Math.max(waitMax, x.waitMax); waitingMax = Math.max(waitingMax, x.waitingMax);
    for (const [k, n] of x.bySql) bySql.set(k, (bySql.get(k) ?? 0) + n);
    bursts.push(...x.bursts);
  });
  return { queries, queryMean: queryMs / queries, acquires, waitMean: waitMs / acquires, waitMax, waitingMax, bySql: [...bySql].sort((a, b) => b[1] - a[1]).slice(0, 20), bursts };
}

function heapOf(child: Child): Promise<NodeJS.MemoryUsage | null> {
  return new Promise((res) => {
    const t = setTimeout(() => { child.proc.off('message', on); res(null); }, 2000);
    const on = (m: { type?: string } & NodeJS.MemoryUsage) => { if (m.type === 'mem') { clearTimeout(t); child.proc.off('message', on); res(m); } };
    child.proc.on('message', on);
    child.proc.send({ type: 'mem' });
  });
}

/** VmRSS and VmHWM (peak) of a process, in bytes, from /proc/<pid>/status. */
function rssOf(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch { return { rss: NaN, hwm: NaN }; }
}

const TICK = 100; // USER_HZ on Linux
function cpuTicks(pid: number, withChildren = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  } catch { return 0; }
}

/** Busy CPU ticks of the whole machine, from /proc/stat. */
function machineTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return f.slice(0, 8).reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0);
}

/** Machine-wide TCP counters: accept-queue overflows (connections dropped at listen) and SYN retransmits. */
function tcpCounters(): { overflows: number; synRetrans: number } {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0]!.split(/\s+/);
    const values = lines[1]!.split(/\s+/).map(Number);
    const get = (k: string) => values[names.indexOf(k)] ?? NaN;
    return { overflows: get('ListenOverflows'), synRetrans: get('TCPSynRetrans') };
  } catch { return { overflows: NaN, synRetrans: NaN }; }
}

let postmasterPid: number | null = null;
/** CPU ticks of the PostgreSQL server: the postmaster (with its reaped children) and its live children. */
function pgTicks(): number {
  if (!postmasterPid) return NaN;
  let total = cpuTicks(postmasterPid, true);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      if (Number(f[1]) === postmasterPid) total += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return total;
}

/** Samples RSS of the given processes and CPU use of them, this process and PostgreSQL over a window. */
class Monitor {
  readonly peak = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;
  readonly #t0 = performance.now();
  readonly #cpu0: Map<number, number>;
  readonly #self0 = process.cpuUsage();
  readonly #pg0 = pgTicks();
  readonly #all0 = machineTicks();
  readonly #tcp0 = tcpCounters();
  readonly loop = monitorEventLoopDelay({ resolution: 5 });
  constructor(private readonly pids: number[]) {
    this.#cpu0 = new Map(pids.map((p) => [p, cpuTicks(p)]));
    this.sample();
    this.#timer = setInterval(() => this.sample(), 200);
    this.loop.enable();
  }
  sample() {
    for (const p of this.pids) this.peak.set(p, Math.max(this.peak.get(p) ?? 0, rssOf(p).rss || 0));
  }
  /** CPU in % of one core over the window: per server pid, this process (clients), PostgreSQL. */
  stop() {
    clearInterval(this.#timer);
    this.sample();
    this.loop.disable();
    const secs = (performance.now() - this.#t0) / 1000;
    const self = process.cpuUsage(this.#self0);
    const servers = this.pids.map((p) => (((cpuTicks(p) - (this.#cpu0.get(p) ?? 0)) / TICK) / secs) * 100);
    const clients = ((self.user + self.system) / 1e6 / secs) * 100;
    const postgres = (((pgTicks() - this.#pg0) / TICK) / secs) * 100;
    const machine = (((machineTicks() - this.#all0) / TICK) / secs) * 100;
    const tcp = tcpCounters();
    return {
      secs, servers, clients, postgres, machine,
      listenOverflows: tcp.overflows - this.#tcp0.overflows, synRetrans: tcp.synRetrans - this.#tcp0.synRetrans,
      /** Everything else running on the machine meanwhile (other people's tests, ...), in % of one core. */
      others: machine - servers.reduce((a, b) => a + b, 0) - clients - (Number.isFinite(postgres) ? postgres : 0),
      loopP99: this.loop.percentile(99) / 1e6,
      loopMax: this.loop.max / 1e6,
    };
  }
}

/** Samples pg_stat_activity of the benchmark's database: backends active, and waiting (by wait event). */
class PgWaits {
  samples = 0;
  active = 0;
  waitingLock = 0;
  maxLock = 0;
  readonly events = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  constructor(private readonly db: Kysely<Database>, private readonly dbName: string) {}
  start() {
    this.#timer = setInterval(() => {
      if (this.#busy) return;
      this.#busy = true;
      sql<{ state: string | null; wait_event_type: string | null; wait_event: string | null; query: string }>`select state, wait_event_type, wait_event, query from pg_stat_activity where datname = ${this.dbName} and pid <> pg_backend_pid() and backend_type = 'client backend'`
        .execute(this.db).then(({ rows }) => {
          this.samples++;
          let locks = 0;
          for (const r of rows) {
            if (r.state !== 'active') continue;
            this.active++;
            if (r.wait_event_type === 'Lock') locks++;
            if (r.wait_event_type && r.wait_event_type !== 'Client') {
              const k = `${r.wait_event_type}/${r.wait_event} ${r.query.replace(/\s+/g, ' ').slice(0, 60)}`;
              this.events.set(k, (this.events.get(k) ?? 0) + 1);
            }
          }
          this.waitingLock += locks;
          this.maxLock = Math.max(this.maxLock, locks);
        }, () => {}).finally(() => { this.#busy = false; });
    }, 50);
  }
  stop() {
    clearInterval(this.#timer);
    return {
      activeMean: this.active / Math.max(1, this.samples), lockMean: this.waitingLock / Math.max(1, this.samples), lockMax: this.maxLock,
      top: [...this.events].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${(n / Math.max(1, this.samples)).toFixed(2)} ${k}`),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement of one phase

class Meter {
  round: string | null = null;
  /** Clients that must all see a tally for it to count (the live ones). */
  readonly clients: number;
  readonly reach: Int32Array;
  readonly firstAt: Float64Array;
  readonly allAt: Float64Array;
  readonly sendAt: Float64Array;
  readonly ackAt: Float64Array;
  readonly maxP: Int32Array;
  readonly seqs = new Map<number, { first: number; last: number; n: number; tally: boolean }>();
  readonly errors = new Map<string, number>();
  sampleFrame: string | null = null;
  constructor(clients: number, ballots: number) {
    this.clients = clients;
    this.reach = new Int32Array(ballots + 2);
    this.firstAt = new Float64Array(ballots + 2).fill(NaN);
    this.allAt = new Float64Array(ballots + 2).fill(NaN);
    this.sendAt = new Float64Array(ballots + 2).fill(NaN);
    this.ackAt = new Float64Array(ballots + 2).fill(NaN);
    this.maxP = new Int32Array(clients);
  }
  seen(seq: number, now: number, tally: boolean) {
    const s = this.seqs.get(seq);
    if (s) { s.last = now; s.n++; } else this.seqs.set(seq, { first: now, last: now, n: 1, tally });
  }
  tally(i: number, data: { roundId?: string; participants?: number }, now: number) {
    if (data.roundId !== this.round || typeof data.participants !== 'number') return;
    const from = this.maxP[i] ?? 0;
    const to = Math.min(data.participants, this.reach.length - 2);
    if (to <= from) return;
    for (let j = from + 1; j <= to; j++) {
      const n = (this.reach[j] = (this.reach[j] ?? 0) + 1);
      if (n === 1) this.firstAt[j] = now;
      if (n === this.clients) this.allAt[j] = now;
    }
    this.maxP[i] = to;
  }
  error(code: string) { this.errors.set(code, (this.errors.get(code) ?? 0) + 1); }

  /** Per ballot k (in send order): until every client shows ≥ k voters, until the first does, until its ack. */
  /**
   * Per ballot: until every client (and the first) shows a count that includes it, and until its
   * ack. A tally counts the ballots committed before its read, a prefix in commit order; the acks
   * arrive in about that order (each is sent once its ballot is committed), so ballot k is in a
   * tally once the count reaches its rank among the acks. `bySend` ranks by send order instead.
   */
  ballots(count: number) {
    const all: number[] = []; const first: number[] = []; const ack: number[] = []; const bySend: number[] = [];
    let missing = 0; let unacked = 0; let ackOutOfOrder = 0;
    const byAck = Array.from({ length: count }, (_, i) => i + 1).filter((k) => Number.isFinite(this.ackAt[k]!)).sort((a, b) => this.ackAt[a]! - this.ackAt[b]!);
    const rank = new Map(byAck.map((k, i) => [k, i + 1]));
    for (let k = 1; k <= count; k++) {
      const s = this.sendAt[k]!;
      const r = rank.get(k);
      if (r !== undefined && Number.isFinite(this.allAt[r]!)) all.push(this.allAt[r]! - s); else missing++;
      if (r !== undefined && Number.isFinite(this.firstAt[r]!)) first.push(this.firstAt[r]! - s);
      if (Number.isFinite(this.allAt[k]!)) bySend.push(this.allAt[k]! - s);
      if (Number.isFinite(this.ackAt[k]!)) ack.push(this.ackAt[k]! - s); else unacked++;
      if (k > 1 && this.ackAt[k]! < this.ackAt[k - 1]!) ackOutOfOrder++;
    }
    return { all, first, ack, bySend, missing, unacked, ackOutOfOrder };
  }
  /** First to last receipt of each seq every client received live; `tallyOnly` for rounds/tally. */
  spreads(tallyOnly: boolean) {
    const out: number[] = [];
    let partial = 0;
    for (const s of this.seqs.values()) {
      if (tallyOnly && !s.tally) continue;
      if (s.n >= this.clients) out.push(s.last - s.first); else partial++;
    }
    return { spreads: out, partial };
  }
}

let meter = new Meter(0, 0);

// ---------------------------------------------------------------------------------------------
// Clients

type Frame = { type: string; seq?: number; room?: string; event?: string; data?: { roundId?: string; participants?: number }; ref?: string; code?: string };

class Client {
  ws: WebSocket | null = null;
  lastSeq = -1;
  lost = 0;
  dups = 0;
  replayed = 0;
  retries = 0;
  backAt = NaN;
  openAt = NaN;
  joinedAt = NaN;
  #replayTo: number | null = null;
  #onBack: (() => void) | null = null;
  constructor(readonly i: number, readonly cookie: string | null, readonly room: string | null) {}

  /** Opens a socket and joins (with lastSeq when `resume`); resolves true once joined and replayed. */
  connect(url: string, resume: boolean, timeoutMs = 20_000): Promise<boolean> {
    this.backAt = NaN;
    this.openAt = NaN;
    this.joinedAt = NaN;
    this.#replayTo = null;
    return new Promise((res) => {
      const ws = new WebSocket(url, { headers: this.cookie ? { cookie: this.cookie } : {}, perMessageDeflate: false });
      this.ws = ws;
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#onBack = null;
        res(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.#onBack = () => finish(true);
      ws.on('open', () => {
        this.openAt = performance.now();
        if (!this.room) return this.#back(performance.now());
        ws.send(JSON.stringify(resume && this.lastSeq >= 0 ? { type: 'join', room: this.room, lastSeq: this.lastSeq } : { type: 'join', room: this.room }));
      });
      ws.on('message', (raw: Buffer) => { if (this.ws === ws) this.#message(raw, performance.now()); });
      ws.on('close', () => { if (this.ws === ws) finish(false); });
      ws.on('error', () => {});
    });
  }

  /** Like a browser: retries a failed connection after 250–500 ms, then 0.5–1 s, ... */
  async connectRetrying(url: string, resume: boolean, deadline: number): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      if (await this.connect(url, resume, Math.max(1000, deadline - performance.now()))) return true;
      if (performance.now() > deadline) return false;
      this.retries++;
      const base = Math.min(30_000, 500 * 2 ** attempt);
      await sleep(base / 2 + Math.random() * (base / 2));
    }
  }

  drop() {
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
  }

  send(m: unknown) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  #back(now: number) {
    this.backAt = now;
    this.#onBack?.();
  }

  #message(raw: Buffer, now: number) {
    const m = JSON.parse(String(raw)) as Frame;
    if (m.type === 'event') {
      const seq = m.seq!;
      if (this.lastSeq >= 0 && seq <= this.lastSeq) { this.dups++; return; }
      if (this.lastSeq >= 0 && seq > this.lastSeq + 1) this.lost += seq - this.lastSeq - 1;
      this.lastSeq = seq;
      const replay = this.#replayTo !== null;
      if (replay) this.replayed++;
      else meter.seen(seq, now, m.event === 'rounds/tally');
      if (m.event === 'rounds/tally') {
        meter.sampleFrame ??= String(raw);
        meter.tally(this.i, m.data ?? {}, now);
      }
      if (this.#replayTo !== null && seq >= this.#replayTo) { this.#replayTo = null; this.#back(now); }
    } else if (m.type === 'joined') {
      const seq = m.seq!;
      this.joinedAt = now;
      if (this.lastSeq < 0 || seq <= this.lastSeq) {
        if (this.lastSeq < 0) this.lastSeq = seq;
        this.#back(now);
      } else this.#replayTo = seq;
    } else if (m.type === 'ack') {
      const k = Number(m.ref);
      if (k > 0 && k < meter.ackAt.length) meter.ackAt[k] = now;
    } else if (m.type === 'error') {
      meter.error(m.code ?? 'error');
    }
  }
}

/** Connects clients, `concurrency` at a time; returns how many made it. */
async function connectAll(clients: Client[], urlOf: (c: Client) => string, concurrency: number): Promise<number> {
  let next = 0;
  let ok = 0;
  const deadline = performance.now() + 60_000;
  const worker = async () => {
    while (next < clients.length) {
      const c = clients[next++]!;
      if (await c.connectRetrying(urlOf(c), false, deadline)) ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ok;
}

function closeAll(clients: Client[]) {
  for (const c of clients) c.drop();
}

// ---------------------------------------------------------------------------------------------
// Set-up

interface Setup {
  db: Kysely<Database>;
  url: string;
  dbName: string;
  slug: string;
  workshopId: string;
  proposals: string[];
  rounds: string[];
  guests: { token: string }[];
  adminCookie: string;
}

function configEnv(url: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', DATA_DIR, SESSION_SECRET: SECRET, BENCH_POOL: env.BENCH_POOL ?? '',
    LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'silent', WRITE_RATE_LIMIT: '1000000', DEMO_DATA: 'off', TRUST_PROXY: 'false',
    // Every client of the benchmark comes from 127.0.0.1: a hall of N phones behind one address.
    WS_MAX_PER_ADDRESS: String(Math.max(N, 200)),
  };
}

async function setUp(url: string, rounds: number): Promise<Setup> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db);

  const adminToken = newToken();
  const admin = await db.insertInto('users').values({ email: 'bench-admin@example.org', password_hash: 'x', display_name: 'Bench admin', locale: 'en', is_admin: true })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('sessions').values({ id: hashToken(adminToken), user_id: admin.id }).execute();
  const adminCookie = `${SESSION_COOKIE}=${adminToken}`;

  // The few structural objects through the API (in this process, by inject), the crowd straight in SQL.
  const app = await buildApp(loadConfig(configEnv(url, 3000)), { db, engine: 'postgres', url }, { logger: false });
  await app.ready();
  const csrf = (await app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie: adminCookie } })).json().token as string;
  const call = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const res = await app.inject({ method, url: path, headers: { cookie: adminCookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const slug = `ws-bench-${randomBytes(3).toString('hex')}`;
  const day = 86_400_000;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
  await call('POST', '/api/processes', {
    slug, title: 'Websocket benchmark', description: 'A live workshop at scale',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(Date.now() - day + i * 14 * day).toISOString(), endsAt: new Date(Date.now() - day + (i + 1) * 14 * day).toISOString() })),
  });
  await call('POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposals: string[] = [];
  for (const title of ['Open contracting', 'Beneficial ownership', 'Open parliament', 'Participatory budget', 'Open justice']) {
    proposals.push((await call('POST', `/api/processes/${slug}/proposals`, { title, body: `${title}: a proposal for the benchmark`, area: 'anti-corruption', sector: 'civil-society' })).id);
  }
  await call('POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  const workshop = await call('POST', `/api/processes/${slug}/workshops`, {
    title: 'Prioritisation at scale', mode: 'hybrid', startsAt: new Date().toISOString(), agenda: proposals.map((proposalId) => ({ proposalId })),
  });
  const roundIds: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = await call('POST', `/api/processes/${slug}/rounds`, { title: `Dots ${r + 1}`, method: 'dots', workshopId: workshop.id, proposalIds: proposals, dotsPerParticipant: 3 });
    await call('POST', `/api/rounds/${round.id}/open`, {});
    roundIds.push(round.id);
  }
  await app.close();

  const guests = await db.insertInto('guests')
    .values(Array.from({ length: N }, (_, i) => ({ workshop_id: workshop.id, display_name: `Guest ${i + 1}`, sector: SECTORS[i % SECTORS.length]! })))
    .returning(['id', 'display_name', 'sector']).execute();
  const tokens = guests.map(() => newToken());
  await db.insertInto('sessions').values(guests.map((g, i) => ({ id: hashToken(tokens[i]!), user_id: null, guest_id: g.id }))).execute();
  const processId = (await db.selectFrom('processes').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  await db.insertInto('workshop_participants').values(guests.map((g) => ({
    workshop_id: workshop.id, participant_key: `guest:${g.id}`, process_id: processId, user_id: null, guest_id: g.id, display_name: g.display_name, sector: g.sector,
  }))).execute();
  await sql`ANALYZE`.execute(db);
  return { db, url, dbName: new URL(url).pathname.slice(1), slug, workshopId: workshop.id, proposals, rounds: roundIds, guests: tokens.map((token) => ({ token })), adminCookie };
}

// ---------------------------------------------------------------------------------------------
// Phases

interface BallotFigures {
  all: { p50: number; p99: number; max: number };
  bySend: { p50: number; p99: number };
  first: { p50: number; p99: number };
  ack: { p50: number; p99: number };
  missing: number; unacked: number; ackOutOfOrder: number;
  spread: { p50: number; p99: number; max: number; n: number; partial: number };
  tallies: number;
  errors: Record<string, number>;
  cpu: ReturnType<Monitor['stop']>;
  pg: ReturnType<PgWaits['stop']>;
}

/** BALLOTS first ballots at RATE a second from clients in shuffled order, on `round`. */
async function ballotRun(s: Setup, clients: Client[], round: string): Promise<BallotFigures> {
  meter = new Meter(clients.length, BALLOTS);
  meter.round = round;
  const order = clients.map((c) => c.i).sort(() => Math.random() - 0.5);
  const start = performance.now();
  let k = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(BALLOTS, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
      while (k < due) {
        k++;
        const c = clients[order[(k - 1) % order.length]!]!;
        meter.sendAt[k] = performance.now();
        c.send({ type: 'ballot', roundId: round, ballot: { dots: { [s.proposals[k % s.proposals.length]!]: 1 } }, ref: String(k) });
      }
      if (k >= BALLOTS) done(); else setTimeout(tick, Math.max(1, 500 / RATE));
    };
    tick();
  });
  const waitUntil = performance.now() + 5000;
  while (!Number.isFinite(meter.allAt[BALLOTS]!) && performance.now() < waitUntil) await sleep(20);
  await sleep(300);
  const b = meter.ballots(BALLOTS);
  const sp = meter.spreads(true);
  return {
    all: { p50: pct(b.all, 50), p99: pct(b.all, 99), max: pct(b.all, 100) },
    bySend: { p50: pct(b.bySend, 50), p99: pct(b.bySend, 99) },
    first: { p50: pct(b.first, 50), p99: pct(b.first, 99) },
    ack: { p50: pct(b.ack, 50), p99: pct(b.ack, 99) },
    missing: b.missing, unacked: b.unacked, ackOutOfOrder: b.ackOutOfOrder,
    spread: { p50: pct(sp.spreads, 50), p99: pct(sp.spreads, 99), max: pct(sp.spreads, 100), n: sp.spreads.length, partial: sp.partial },
    tallies: sp.spreads.length + sp.partial,
    errors: Object.fromEntries(meter.errors),
    cpu: null as never,
    pg: null as never,
  };
}

/** A facilitator moving the agenda PACE times a second (HTTP, to the servers in turn): room events while sockets are away. */
class Pacer {
  #timer: NodeJS.Timeout | undefined;
  #inflight = new Set<Promise<void>>();
  sent = 0;
  failed = 0;
  constructor(private readonly s: Setup, private readonly bases: string[]) {}
  async start() {
    const tokens = await Promise.all(this.bases.map(async (b) => ((await (await fetch(`${b}/api/auth/csrf`, { headers: { cookie: this.s.adminCookie } })).json()) as { token: string }).token));
    let i = 0;
    this.#timer = setInterval(() => {
      const n = i++;
      const b = n % this.bases.length;
      const p = fetch(`${this.bases[b]}/api/workshops/${this.s.workshopId}/agenda`, {
        method: 'POST', headers: { cookie: this.s.adminCookie, 'x-csrf-token': tokens[b]!, 'content-type': 'application/json' },
        body: JSON.stringify({ current: n % this.s.proposals.length }),
      }).then(async (r) => { await r.arrayBuffer(); if (r.ok) this.sent++; else this.failed++; }, () => { this.failed++; });
      this.#inflight.add(p);
      void p.finally(() => this.#inflight.delete(p));
    }, 1000 / PACE);
  }
  async stop() {
    clearInterval(this.#timer);
    await Promise.all([...this.#inflight]);
  }
}

interface ReconnectFigures {
  allBackMs: number; p50: number; p99: number; back: number; retries: number;
  open: { p50: number; p99: number }; joined: { p50: number; p99: number };
  replayedMean: number; lost: number; dups: number; behindAtEnd: number; finalSeq: number; pacerEvents: number; pacerFailed: number;
  errors: Record<string, number>;
}

async function currentSeq(s: Setup): Promise<number> {
  const r = await s.db.selectFrom('rooms').select('last_seq').where('name', '=', `workshop:${s.workshopId}`).executeTakeFirst();
  return r ? Number(r.last_seq) : 0;
}

/** Drops every socket at once while events keep coming, reconnects all with lastSeq at once. */
async function reconnectRun(s: Setup, clients: Client[], urlOf: (c: Client) => string, bases: string[], jitter: [number, number] = [0, 0]): Promise<ReconnectFigures> {
  meter = new Meter(clients.length, 0);
  const pacer = new Pacer(s, bases);
  await pacer.start();
  await sleep(500);
  const t0 = performance.now();
  for (const c of clients) c.drop();
  const deadline = t0 + 15_000;
  const progress = env.BENCH_DEBUG ? setInterval(() => log(`  back ${clients.filter((c) => Number.isFinite(c.backAt)).length}, retries ${clients.reduce((a, c) => a + c.retries, 0)}`), 1000) : undefined;
  const oks = await Promise.all(clients.map(async (c) => {
    if (jitter[1] > 0) await sleep(jitter[0] + Math.random() * (jitter[1] - jitter[0]));
    return c.connectRetrying(urlOf(c), true, deadline);
  }));
  clearInterval(progress);
  const backs = clients.filter((_, i) => oks[i]).map((c) => c.backAt - t0);
  const opens = clients.filter((_, i) => oks[i]).map((c) => c.openAt - t0);
  const joins = clients.filter((_, i) => oks[i]).map((c) => c.joinedAt - t0);
  await sleep(1000);
  await pacer.stop();
  await sleep(1000);
  const finalSeq = await currentSeq(s);
  return {
    allBackMs: oks.every(Boolean) ? Math.max(...backs) : NaN,
    p50: pct(backs, 50), p99: pct(backs, 99), back: backs.length,
    open: { p50: pct(opens, 50), p99: pct(opens, 99) }, joined: { p50: pct(joins, 50), p99: pct(joins, 99) },
    retries: clients.reduce((a, c) => a + c.retries, 0),
    replayedMean: clients.reduce((a, c) => a + c.replayed, 0) / clients.length,
    lost: clients.reduce((a, c) => a + c.lost, 0),
    dups: clients.reduce((a, c) => a + c.dups, 0),
    behindAtEnd: clients.reduce((a, c) => a + Math.max(0, finalSeq - c.lastSeq), 0),
    finalSeq, pacerEvents: pacer.sent, pacerFailed: pacer.failed,
    errors: Object.fromEntries(meter.errors),
  };
}

interface MesaPhase {
  label: string;
  servers: number;
  joinMs: number;
  joined: number;
  ballots: BallotFigures;
  reconnect: ReconnectFigures | null;
  jittered: ReconnectFigures | null;
  rss: { idle: number[]; joined: number[]; peak: number[]; hwm: number[] };
  heap: { joined: number[]; end: number[] };
  lostDuringBallots: number;
  dupsDuringBallots: number;
  reconnectCpu: ReturnType<Monitor['stop']>;
  db: { join: DbWindow; ballots: DbWindow; reconnect: DbWindow };
}

/**
 * A join racing the last peer's leave: A is alone in the room; B joins and, a few ms later (while
 * B's join waits in the room's queue), A's socket closes. B must still get the events that follow.
 */
async function raceProbe(s: Setup, server: Child, trials: number): Promise<{ trials: number; orphaned: number; failed: number }> {
  const base = `http://127.0.0.1:${server.port}`;
  const csrf = ((await (await fetch(`${base}/api/auth/csrf`, { headers: { cookie: s.adminCookie } })).json()) as { token: string }).token;
  const url = `ws://127.0.0.1:${server.port}/ws`;
  let orphaned = 0;
  let failed = 0;
  for (let t = 0; t < trials; t++) {
    const [a, b] = [2 * t, 2 * t + 1].map((i) => new Client(i, `${SESSION_COOKIE}=${s.guests[i % s.guests.length]!.token}`, `workshop:${s.workshopId}`)) as [Client, Client];
    if (!(await a.connect(url, false))) { failed++; continue; }
    const bBack = b.connect(url, false);
    await new Promise<void>((r) => b.ws!.once('open', () => r()));
    await sleep(2 + (t % 10) * 1.5); // B's join message is out; A leaves a little later
    a.drop();
    if (!(await bBack)) { failed++; b.drop(); continue; }
    const r = await fetch(`${base}/api/workshops/${s.workshopId}/agenda`, { method: 'POST', headers: { cookie: s.adminCookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ current: t % s.proposals.length }) });
    await r.arrayBuffer();
    await sleep(150);
    if (b.lastSeq < (await currentSeq(s))) orphaned++;
    b.drop();
    await sleep(20);
  }
  return { trials, orphaned, failed };
}

function makeClients(s: Setup): Client[] {
  return s.guests.map((g, i) => new Client(i, `${SESSION_COOKIE}=${g.token}`, `workshop:${s.workshopId}`));
}

async function mesaPhase(s: Setup, label: string, round: string, servers: Child[], reconnect: boolean, jitter: boolean): Promise<{ phase: MesaPhase; sample: string | null }> {
  const pids = servers.map((c) => c.proc.pid!);
  const idle = pids.map((p) => rssOf(p).rss);
  const clients = makeClients(s);
  const urlOf = (c: Client) => `ws://127.0.0.1:${servers[c.i % servers.length]!.port}/ws`;
  meter = new Meter(clients.length, 0);
  const d0 = await dbCounters(servers);
  const tj = performance.now();
  const joined = await profiled(servers, 'join', () => connectAll(clients, urlOf, 50));
  const joinMs = performance.now() - tj;
  const d1 = await dbCounters(servers);
  if (env.BENCH_DEBUG) log(`queries during the joins:\n${dbWindow(d0, d1).bySql.map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`).join('\n')}`);
  log(`${label}: ${joined}/${clients.length} joined in ${(joinMs / 1000).toFixed(1)} s`);
  await sleep(1000);
  const joinedRss = pids.map((p) => rssOf(p).rss);
  const heapJoined = (await Promise.all(servers.map(heapOf))).map((h) => h?.heapUsed ?? NaN);
  const lost0 = clients.reduce((a, c) => a + c.lost, 0);
  const dups0 = clients.reduce((a, c) => a + c.dups, 0);
  const mon = new Monitor(pids);
  const d2 = await dbCounters(servers);
  const waits = new PgWaits(s.db, s.dbName);
  waits.start();
  const ballots = await profiled(servers, 'ballots', () => ballotRun(s, clients, round));
  ballots.cpu = mon.stop();
  ballots.pg = waits.stop();
  const d3 = await dbCounters(servers);
  if (env.BENCH_DEBUG) log(`queries during the ballots:\n${dbWindow(d2, d3).bySql.map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`).join('\n')}`);
  const sample = meter.sampleFrame;
  log(`${label}: ballot → all screens p50 ${ms(ballots.all.p50)} p99 ${ms(ballots.all.p99)}; one broadcast p50 ${ms(ballots.spread.p50)} p99 ${ms(ballots.spread.p99)}`);
  const lostDuringBallots = clients.reduce((a, c) => a + c.lost, 0) - lost0;
  const dupsDuringBallots = clients.reduce((a, c) => a + c.dups, 0) - dups0;
  let rec: ReconnectFigures | null = null;
  const mon2 = new Monitor(pids);
  if (reconnect) {
    rec = await profiled(servers, 'reconnect', () => reconnectRun(s, clients, urlOf, servers.map((c) => `http://127.0.0.1:${c.port}`)));
    log(`${label}: all ${rec.back}/${clients.length} back in ${ms(rec.allBackMs)}, ${rec.lost} lost, ${rec.dups} duplicated, ${rec.behindAtEnd} behind at the end`);
  }
  const reconnectCpu = mon2.stop();
  const d4 = await dbCounters(servers);
  if (env.BENCH_DEBUG) log(`queries during the reconnect:\n${dbWindow(d3, d4).bySql.map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`).join('\n')}`);
  let jittered: ReconnectFigures | null = null;
  if (reconnect && jitter) {
    // As the web client does after a dropped line (room-connection.ts: first retry after 250–500 ms).
    jittered = await reconnectRun(s, clients, urlOf, servers.map((c) => `http://127.0.0.1:${c.port}`), [250, 500]);
    log(`${label}, reconnects spread over 250–500 ms: all back in ${ms(jittered.allBackMs)}, ${jittered.lost} lost, ${jittered.behindAtEnd} behind at the end`);
  }
  const peak = pids.map((p) => Math.max(mon.peak.get(p) ?? 0, mon2.peak.get(p) ?? 0));
  const heapEnd = (await Promise.all(servers.map(heapOf))).map((h) => h?.heapUsed ?? NaN);
  const hwm = pids.map((p) => rssOf(p).hwm);
  closeAll(clients);
  return {
    phase: { label, servers: servers.length, joinMs, joined, ballots, reconnect: rec, jittered, rss: { idle, joined: joinedRss, peak, hwm }, heap: { joined: heapJoined, end: heapEnd }, lostDuringBallots, dupsDuringBallots, reconnectCpu,
      db: { join: dbWindow(d0, d1), ballots: dbWindow(d2, d3), reconnect: dbWindow(d3, d4) } },
    sample,
  };
}

async function barePhase(frame: string | null): Promise<{ spread: BallotFigures['spread']; rss: number; frameBytes: number; cpu: ReturnType<Monitor['stop']>; loop: { p50: number; p99: number } }> {
  const child = await startChild('bare', 'ws-bare.ts', {});
  try {
    const template = frame ? JSON.parse(frame) as Record<string, unknown>
      : { type: 'event', room: 'workshop:00000000-0000-0000-0000-000000000000', seq: 1, event: 'rounds/tally', data: { participants: 1 } };
    const clients = Array.from({ length: N }, (_, i) => new Client(i, null, null));
    meter = new Meter(N, 0);
    await connectAll(clients, () => `ws://127.0.0.1:${child.port}/ws`, 50);
    await sleep(500);
    const count = 50;
    const mon = new Monitor([child.proc.pid!]);
    let loops: { n: number; ms: number }[] = [];
    const done = new Promise<void>((r) => child.proc.on('message', (m: { type?: string; loops?: { n: number; ms: number }[] }) => { if (m.type === 'done') { loops = m.loops ?? []; r(); } }));
    child.proc.send({ type: 'broadcast', frame: template, count, everyMs: 100, firstSeq: 1 });
    await Promise.race([done, sleep(15_000)]);
    await sleep(500);
    const cpu = mon.stop();
    const sp = meter.spreads(false);
    const rss = rssOf(child.proc.pid!).hwm;
    closeAll(clients);
    const loopMs = loops.filter((l) => l.n >= 0.9 * N).map((l) => l.ms);
    return { spread: { p50: pct(sp.spreads, 50), p99: pct(sp.spreads, 99), max: pct(sp.spreads, 100), n: sp.spreads.length, partial: sp.partial }, rss, frameBytes: Buffer.byteLength(JSON.stringify(template)), cpu,
      loop: { p50: pct(loopMs, 50), p99: pct(loopMs, 99) } };
  } finally {
    await stopChild(child);
  }
}

/** The server inside this process: it shares the event loop (and the core) with the 1,000 clients. */
async function inProcessPhase(s: Setup, round: string) {
  const { openPostgres } = await import('../../server/src/db/connect.ts');
  const database = openPostgres(s.url);
  const app = await buildApp(loadConfig(configEnv(s.url, 3000)), database, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  try {
    const clients = makeClients(s);
    meter = new Meter(clients.length, 0);
    const tj = performance.now();
    const joined = await connectAll(clients, () => `ws://127.0.0.1:${port}/ws`, 50);
    const joinMs = performance.now() - tj;
    await sleep(1000);
    const mon = new Monitor([]);
    const ballots = await ballotRun(s, clients, round);
    ballots.cpu = mon.stop();
    closeAll(clients);
    return { joined, joinMs, ballots, rss: rssOf(process.pid).hwm };
  } finally {
    for (const c of app.websocketServer?.clients ?? []) c.terminate();
    await app.close();
    await database.db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// CPU profiles (BENCH_PROFILE)

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
/** Self time by function and by package, and time including callees for the project's own functions. */
function summariseProfile(file: string, top = 15): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n: ProfileNode) => n.callFrame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  // (tsx's compiled modules report line 1 throughout: the name and file say enough there)
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}${where(n) && n.callFrame.lineNumber > 0 ? `:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  const self = new Map<string, number>();
  const byPkg = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!);
    const t = p.timeDeltas[i] ?? 0;
    if (!n) continue;
    total += t;
    if (n.callFrame.functionName !== '(idle)') busy += t;
    self.set(key(n), (self.get(key(n)) ?? 0) + t);
    const url = where(n);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node (built-in)' : url ? url : n.callFrame.functionName);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const a = byId.get(id)!;
      if (!/^(server|shared)\/src\//.test(where(a))) continue;
      const k = key(a);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const fmt = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `${file.replace(`${ROOT}/`, '')}: ${(total / 1e6).toFixed(1)} s sampled, ${((busy / total) * 100).toFixed(0)} % busy`,
    ' self time by function:', ...fmt(self, top),
    ' self time by package or file:', ...fmt(byPkg, 10),
    ' time including callees, Mesa\'s own functions:', ...fmt(incl, 12),
  ];
}

// ---------------------------------------------------------------------------------------------
// Main

const results: { p1: MesaPhase | null; bare: Awaited<ReturnType<typeof barePhase>> | null; p2: MesaPhase | null; p3: Awaited<ReturnType<typeof inProcessPhase>> | null; race: Awaited<ReturnType<typeof raceProbe>> | null; pgVersion: string } = {
  p1: null, bare: null, p2: null, p3: null, race: null, pgVersion: '?',
};

async function main() {
  renice(process.pid);
  const deadline = setTimeout(() => {
    console.error(`bench:ws: over the ${DEADLINE_S} s deadline, stopping; figures so far:`);
    report();
    for (const c of children) c.proc.kill('SIGKILL');
    rmSync(DATA_DIR, { recursive: true, force: true });
    process.exit(3);
  }, DEADLINE_S * 1000);
  deadline.unref();

  const base = env.DATABASE_URL!;
  const dbName = `mesa_ws_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const pgVersion = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  results.pgVersion = pgVersion;
  try {
    const dataDir = (await admin.query('SHOW data_directory')).rows[0].data_directory as string;
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0 && existsSync(`/proc/${pid}`)) postmasterPid = pid;
    if (postmasterPid && NICE !== null) {
      // Backends forked from now on inherit the postmaster's niceness; the running ones are reniced here.
      renice(postmasterPid);
      for (const d of readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try { if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === postmasterPid) renice(Number(d)); } catch { /* gone */ }
      }
    }
  } catch { /* not local or not readable: no PostgreSQL CPU figure */ }
  const target = new URL(base);
  target.pathname = `/${dbName}`;
  const url = target.toString();

  let s: Setup | null = null;
  try {
    log(`PostgreSQL ${pgVersion}, database ${dbName}; ${N} clients, ${BALLOTS} ballots at ${RATE}/s`);
    s = await setUp(url, 3);
    log(`set up: process ${s.slug}, workshop ${s.workshopId}, ${N} guest participants, ${s.rounds.length} open dots rounds`);

    // 1. One server process.
    const one = await startChild('mesa-1', 'ws-server.ts', configEnv(url, await freePort()));
    const p1 = await mesaPhase(s, 'one server', s.rounds[0]!, [one], true, true);
    results.p1 = p1.phase;
    if (env.BENCH_RACE !== '0') {
      results.race = await raceProbe(s, one, 20);
      log(`join racing the last leave: ${results.race.orphaned} of ${results.race.trials} joiners got no further events`);
    }
    await stopChild(one);

    // 2. The ceiling.
    const bare = results.bare = env.BENCH_BARE === '0' ? null : await barePhase(p1.sample);
    if (bare) log(`bare ws: one broadcast of ${bare.frameBytes} bytes to ${N} clients p50 ${ms(bare.spread.p50)} p99 ${ms(bare.spread.p99)}`);

    // 3. Two server processes on one database.
    let p2: MesaPhase | null = null;
    if (env.BENCH_TWO !== '0') {
      const [a, b] = await Promise.all([
        freePort().then((port) => startChild('mesa-2a', 'ws-server.ts', configEnv(url, port))),
        freePort().then((port) => startChild('mesa-2b', 'ws-server.ts', configEnv(url, port))),
      ]);
      p2 = results.p2 = (await mesaPhase(s, 'two servers', s.rounds[1]!, [a, b], true, false)).phase;
      await Promise.all([stopChild(a), stopChild(b)]);
    }

    // 4. The server in this process (sharing the clients' event loop).
    const p3 = results.p3 = env.BENCH_INPROC === '1' ? await inProcessPhase(s, s.rounds[2]!) : null;
    if (p3) log(`in-process server: ballot → all screens p50 ${ms(p3.ballots.all.p50)} p99 ${ms(p3.ballots.all.p99)}`);

    report();
  } finally {
    for (const c of [...children]) await stopChild(c).catch(() => {});
    await s?.db.destroy();
    if (env.BENCH_KEEP_DB !== '1') await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  if (PROFILE_DIR) {
    for (const f of readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile')).sort()) console.log(summariseProfile(join(PROFILE_DIR, f)).join('\n'));
  }
}

function report() {
  const { p1, bare, p2, p3, race, pgVersion } = results;
  const rows: [string, string, string, string][] = [];
  const row = (what: string, one: string, two: string, goal: string) => rows.push([what, one, two, goal]);
  const both = (f: (p: MesaPhase) => string) => [p1 ? f(p1) : '–', p2 ? f(p2) : '–'] as const;
  row('clients joined (first join, with snapshot)', ...both((p) => `${p.joined} in ${(p.joinMs / 1000).toFixed(1)} s`), '');
  row('ballot → all screens p50', ...both((p) => ms(p.ballots.all.p50)), '');
  row('ballot → all screens p99', ...both((p) => ms(p.ballots.all.p99)), '< 150 ms');
  row('ballot → all screens max', ...both((p) => ms(p.ballots.all.max)), '');
  row('ballot → first screen p50 / p99', ...both((p) => `${ms(p.ballots.first.p50)} / ${ms(p.ballots.first.p99)}`), '');
  row('ballot → ack p50 / p99', ...both((p) => `${ms(p.ballots.ack.p50)} / ${ms(p.ballots.ack.p99)}`), '');
  row('ballots never seen by all / unacked', ...both((p) => `${p.ballots.missing} / ${p.ballots.unacked}`), '0 / 0');
  row('acks out of send order; all screens ranked by send order p50 / p99', ...both((p) => `${p.ballots.ackOutOfOrder}; ${ms(p.ballots.bySend.p50)} / ${ms(p.ballots.bySend.p99)}`), '');
  row('tally events (all clients got them)', ...both((p) => `${p.ballots.spread.n} (+${p.ballots.spread.partial} partial)`), '');
  row('one broadcast, first → last client p50', ...both((p) => ms(p.ballots.spread.p50)), '');
  row('one broadcast p99 / max', ...both((p) => `${ms(p.ballots.spread.p99)} / ${ms(p.ballots.spread.max)}`), '');
  if (bare) {
    row('bare ws broadcast p50 / p99 (ceiling)', `${ms(bare.spread.p50)} / ${ms(bare.spread.p99)}`, '', '');
    row('Mesa ÷ bare broadcast (p50)', ...both((p) => `${(p.ballots.spread.p50 / bare.spread.p50).toFixed(2)}×`), '≤ 2×');
    row('Mesa ÷ bare broadcast (p99)', ...both((p) => `${(p.ballots.spread.p99 / bare.spread.p99).toFixed(2)}×`), '');
  }
  const loops = (p: MesaPhase) => p.db.ballots.bursts.filter((b) => b.n >= (0.9 * p.joined) / p.servers).map((b) => b.ms);
  row('server send loop, one broadcast p50 / p99', ...both((p) => `${ms(pct(loops(p), 50))} / ${ms(pct(loops(p), 99))} (${loops(p).length} loops of ~${Math.round(p.joined / p.servers)})`), '');
  if (bare) {
    row('bare ws send loop p50 / p99 (ceiling)', `${ms(bare.loop.p50)} / ${ms(bare.loop.p99)}`, '', '');
    row('Mesa ÷ bare send loop (p50)', ...both((p) => `${(pct(loops(p), 50) / bare.loop.p50).toFixed(2)}×`), '');
  }
  row('events lost / duplicated during ballots', ...both((p) => `${p.lostDuringBallots} / ${p.dupsDuringBallots}`), '0 / 0');
  row('drop all, reconnect with lastSeq: all back', ...both((p) => (p.reconnect ? ms(p.reconnect.allBackMs) : '–')), '< 5 s');
  row('  per client p50 / p99', ...both((p) => (p.reconnect ? `${ms(p.reconnect.p50)} / ${ms(p.reconnect.p99)}` : '–')), '');
  row('  socket open (upgrade done) p50 / p99', ...both((p) => (p.reconnect ? `${ms(p.reconnect.open.p50)} / ${ms(p.reconnect.open.p99)}` : '–')), '');
  row('  joined received p50 / p99', ...both((p) => (p.reconnect ? `${ms(p.reconnect.joined.p50)} / ${ms(p.reconnect.joined.p99)}` : '–')), '');
  row('  back / retries', ...both((p) => (p.reconnect ? `${p.reconnect.back} / ${p.reconnect.retries}` : '–')), '');
  row('  TCP listen-queue overflows / SYN retransmits (machine)', ...both((p) => `${p.reconnectCpu.listenOverflows} / ${p.reconnectCpu.synRetrans}`), '');
  row('  facilitator events published meanwhile (failed)', ...both((p) => (p.reconnect ? `${p.reconnect.pacerEvents} (${p.reconnect.pacerFailed})` : '–')), '');
  row('  events replayed per client (mean)', ...both((p) => (p.reconnect ? p.reconnect.replayedMean.toFixed(1) : '–')), '');
  row('  events lost / duplicated / behind at end', ...both((p) => (p.reconnect ? `${p.reconnect.lost} / ${p.reconnect.dups} / ${p.reconnect.behindAtEnd}` : '–')), '0 / 0 / 0');
  row('reconnects spread over 250–500 ms (web client): all back', ...both((p) => (p.jittered ? ms(p.jittered.allBackMs) : '–')), '< 5 s');
  row('  per client p50 / p99; lost / dup / behind', ...both((p) => (p.jittered ? `${ms(p.jittered.p50)} / ${ms(p.jittered.p99)}; ${p.jittered.lost} / ${p.jittered.dups} / ${p.jittered.behindAtEnd}` : '–')), '');
  row('server RSS idle → joined → peak (per process)', ...both((p) => p.servers === 1
    ? `${mb(p.rss.idle[0]!)} → ${mb(p.rss.joined[0]!)} → ${mb(p.rss.hwm[0]!)}`
    : p.rss.idle.map((_, i) => `${mb(p.rss.idle[i]!)} → ${mb(p.rss.joined[i]!)} → ${mb(p.rss.hwm[i]!)}`).join('; ')), '');
  row('server heap used, joined / end', ...both((p) => p.heap.joined.map((h, i) => `${mb(h)} / ${mb(p.heap.end[i]!)}`).join('; ')), '');
  row('CPU during ballots: server(s) / clients / PostgreSQL', ...both((p) => `${p.ballots.cpu.servers.map((c) => `${c.toFixed(0)}%`).join('+')} / ${p.ballots.cpu.clients.toFixed(0)}% / ${Number.isFinite(p.ballots.cpu.postgres) ? `${p.ballots.cpu.postgres.toFixed(0)}%` : '–'}`), '');
  row('CPU used by other processes on the machine', ...both((p) => `${p.ballots.cpu.others.toFixed(0)}% (of ${cpus().length * 100}%)`), '');
  row('clients\' event-loop delay p99 / max', ...both((p) => `${ms(p.ballots.cpu.loopP99)} / ${ms(p.ballots.cpu.loopMax)}`), '');
  row('CPU during reconnect: server(s) / clients / PostgreSQL', ...both((p) => `${p.reconnectCpu.servers.map((c) => `${c.toFixed(0)}%`).join('+')} / ${p.reconnectCpu.clients.toFixed(0)}% / ${Number.isFinite(p.reconnectCpu.postgres) ? `${p.reconnectCpu.postgres.toFixed(0)}%` : '–'}; others ${p.reconnectCpu.others.toFixed(0)}%`), '');
  const pool = (w: DbWindow) => `${ms(w.waitMean)} / ${ms(w.waitMax)} / ${w.waitingMax}`;
  row('DB queries per first join / per ballot / per reconnect', ...both((p) => `${(p.db.join.queries / p.joined).toFixed(1)} / ${(p.db.ballots.queries / BALLOTS).toFixed(1)} / ${p.reconnect ? (p.db.reconnect.queries / N).toFixed(1) : '–'}`), '');
  row('DB query time mean: join / ballots / reconnect', ...both((p) => `${ms(p.db.join.queryMean)} / ${ms(p.db.ballots.queryMean)} / ${ms(p.db.reconnect.queryMean)}`), '');
  row('pool wait mean / max / most waiting: join', ...both((p) => pool(p.db.join)), '');
  row('  … during ballots', ...both((p) => pool(p.db.ballots)), '');
  row('  … during reconnect', ...both((p) => pool(p.db.reconnect)), '');
  row('PostgreSQL during ballots: active / waiting on a lock (mean; max)', ...both((p) => p.ballots.pg ? `${p.ballots.pg.activeMean.toFixed(1)} / ${p.ballots.pg.lockMean.toFixed(2)}; ${p.ballots.pg.lockMax}` : '–'), '');
  row('errors sent to clients', ...both((p) => JSON.stringify(p.ballots.errors)), '');

  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['', 'one server', 'two servers', 'goal'][i]!.length));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  console.log('');
  console.log(`bench:ws — ${N} clients, ${BALLOTS} ballots at ${RATE}/s; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}${NICE !== null ? `; benchmark, servers and PostgreSQL at nice ${NICE}` : ''}`);
  console.log(line(['', 'one server', 'two servers', 'goal']));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows) console.log(line(r));
  if (p3) {
    console.log(`\nserver in the benchmark's process (clients share its event loop): ${p3.joined} joined in ${(p3.joinMs / 1000).toFixed(1)} s; ballot → all screens p50 ${ms(p3.ballots.all.p50)} p99 ${ms(p3.ballots.all.p99)} max ${ms(p3.ballots.all.max)}; one broadcast p50 ${ms(p3.ballots.spread.p50)} p99 ${ms(p3.ballots.spread.p99)}; ack p99 ${ms(p3.ballots.ack.p99)}; process CPU ${p3.ballots.cpu.clients.toFixed(0)}%, loop delay p99 ${ms(p3.ballots.cpu.loopP99)}`);
  }
  for (const p of [p1, p2]) if (p?.ballots.pg.top.length) console.log(`PostgreSQL waits during ballots, ${p.label} (backends per sample, event, query):\n${p.ballots.pg.top.map((t) => `  ${t}`).join('\n')}`);
  if (race) console.log(`join racing the last peer's leave (one server): ${race.orphaned} of ${race.trials - race.failed} joiners were left out of the room's later events${race.failed ? ` (${race.failed} trials failed to connect)` : ''}`);
  if (bare) console.log(`bare ws server: ${bare.frameBytes}-byte frame; RSS peak ${mb(bare.rss)}; CPU ${bare.cpu.servers[0]?.toFixed(0)}%`);
  console.log(`total ${elapsed()} s`);
  if (env.BENCH_JSON) writeFileSync(env.BENCH_JSON, JSON.stringify({ clients: N, ballots: BALLOTS, rate: RATE, pgVersion, node: process.version, one: p1, bare, two: p2, inProcess: p3, race }, null, 2));
}

main().catch((err) => {
  console.error(err);
  for (const c of children) c.proc.kill('SIGKILL');
  rmSync(DATA_DIR, { recursive: true, force: true });
  process.exit(1);
});
