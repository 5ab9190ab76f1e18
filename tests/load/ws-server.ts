/**
 * The portal as the websocket benchmark (ws-bench.ts) runs it in a child process: the real app
 * (buildApp) on PostgreSQL, listening on 127.0.0.1, configured from the environment like
 * main.ts, minus migrations, first admin and demo data (the benchmark has done its own set-up).
 * BENCH_POOL sets the pg pool size (default: what openDatabase gives). Talks to its parent over IPC: sends {type: 'ready', port} once it listens, answers
 * {type: 'mem'} with process.memoryUsage(), {type: 'profile-start'} / {type: 'profile-stop', file}
 * with a CPU profile of the window in between (written to `file`), {type: 'db'} with counters of
 * the database work (queries and their time, pool connections and the wait for them: pg's Client
 * and Pool are wrapped here, the app is not touched; and the broadcast loops, timed by wrapping
 * ws's WebSocket.send), and {type: 'stop'} closes the app and exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase, openPostgres } from '../../server/src/db/connect.ts';

const db = { queries: 0, queryMs: 0, acquires: 0, waitMs: 0, waitMax: 0, waiting: 0, waitingMax: 0 };
/** Queries since the last report, by their text (the first 100 characters). */
let bySql = new Map<string, number>();
type Fn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: Fn };
const query = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  const t = performance.now();
  const out = query.apply(this, args);
  if (out && typeof (out as Promise<unknown>).then === 'function') {
    db.queries++;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '?';
    const k = text.replace(/\s+/g, ' ').slice(0, 100);
    bySql.set(k, (bySql.get(k) ?? 0) + 1);
    const done = () => { db.queryMs += performance.now() - t; };
    (out as Promise<unknown>).then(done, done);
  }
  return out;
};
const poolProto = pg.Pool.prototype as unknown as { connect: Fn };
const connect = poolProto.connect;
poolProto.connect = function (this: unknown, ...args: unknown[]) {
  if (args.length) return connect.apply(this, args);
  const t = performance.now();
  db.waiting++;
  db.waitingMax = Math.max(db.waitingMax, db.waiting);
  return (connect.apply(this, args) as Promise<unknown>).finally(() => {
    const w = performance.now() - t;
    db.waiting--;
    db.acquires++;
    db.waitMs += w;
    db.waitMax = Math.max(db.waitMax, w);
  });
};

// Broadcast loops: consecutive sends of the very same string (the hub serialises a frame once and
// sends it to every socket) form one burst; kept: how many sockets and how long from first to last send.
const bursts: { n: number; ms: number }[] = [];
let burst: { data: unknown; n: number; t0: number; t1: number } | null = null;
const wsProto = WebSocket.prototype as unknown as { send: Fn };
const wsSend = wsProto.send;
wsProto.send = function (this: unknown, ...args: unknown[]) {
  const t = performance.now();
  const out = wsSend.apply(this, args);
  if (burst && burst.data === args[0] && typeof args[0] === 'string') {
    burst.n++;
    burst.t1 = performance.now();
  } else {
    if (burst && burst.n > 1) bursts.push({ n: burst.n, ms: burst.t1 - burst.t0 });
    burst = { data: args[0], n: 1, t0: t, t1: performance.now() };
  }
  return out;
};

const config = loadConfig();
// BENCH_POOL: another pool size than the app's default (openPostgres's `max`), to see what it changes.
const database = process.env.BENCH_POOL && config.databaseUrl ? openPostgres(config.databaseUrl, Number(process.env.BENCH_POOL)) : await openDatabase(config);
const app = await buildApp(config, database);
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(0), 5000);
  force.unref();
  // Open websockets would keep app.close() waiting: end them first.
  for (const client of app.websocketServer?.clients ?? []) client.terminate();
  await app.close().catch(() => {});
  await database.db.destroy().catch(() => {});
  process.exit(0);
}

let profiler: Session | null = null;
async function startProfile() {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
  await profiler.post('Profiler.start');
}
async function stopProfile(file: string) {
  if (!profiler) return;
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  profiler.disconnect();
  profiler = null;
}

process.on('message', (m: { type?: string; file?: string }) => {
  if (m.type === 'mem') process.send?.({ type: 'mem', ...process.memoryUsage() });
  if (m.type === 'db') {
    process.send?.({ type: 'db', ...db, bySql: [...bySql].sort((a, b) => b[1] - a[1]).slice(0, 20), bursts: bursts.splice(0) });
    bySql = new Map();
    db.waitMax = 0;
    db.waitingMax = db.waiting;
  }
  if (m.type === 'profile-start') void startProfile().then(() => process.send?.({ type: 'profiling' }));
  if (m.type === 'profile-stop') void stopProfile(m.file!).then(() => process.send?.({ type: 'profiled' }));
  if (m.type === 'stop') void stop();
});
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop());
process.send?.({ type: 'ready', port });
