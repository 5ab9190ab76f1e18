/**
 * A/B of two checkouts of the portal on the SAME benchmark database, in alternating short runs,
 * so that both see the same data and (nearly) the same load from the rest of a shared machine.
 *
 *   DATABASE_URL=postgres://…/mesa_bench_xxxx   (a database kept by BENCH_KEEP_DB=1)
 *   node --import tsx tests/load/open-call-ab.ts <dir A> <dir B> [rounds]
 *
 * Each directory is a checkout (with node_modules reachable) whose tests/load/server.ts starts
 * the app. For every round, each variant in turn: start its server, then for each endpoint 1 s
 * warm-up and AB_SECONDS (5) measured with autocannon (10 connections); CPU per request of the
 * server process and of the database backends of that database, from /proc, as open-call.ts
 * does. Prints the median over the rounds. Reads only (lists and proposal page).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_FLAGS } from './node-flags.ts';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB || !process.env.DATABASE_URL) throw new Error('usage: DATABASE_URL=… open-call-ab.ts <dir A> <dir B> [rounds]');
const ROUNDS = Number(roundsArg ?? 3);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const SLUG = 'bench-open-call';

const jiffies = (pid: number) => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch { return 0; }
};
const machine = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
};

async function start(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = 39600 + Math.floor(Math.random() * 300);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'tests/load/server.ts'], {
    cwd: dir, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', WRITE_RATE_LIMIT: '1000000', DEMO_DATA: 'off', SESSION_SECRET: 'ab-secret-0123456789abcdef0123456789abcdef', DATA_DIR: '/tmp' },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server in ${dir} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l.includes('"port"')) resolve(); });
  });
  return { child, port };
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });

const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
await c.connect();
const ids = (await c.query(`select id from proposals where not hidden order by random() limit 500`)).rows.map((r) => r.id as string);
const endpoints: [string, string[]][] = [
  ['list: area + q=transparencia, sort=supports', [`/api/processes/${SLUG}/proposals?limit=20&sort=supports&area=access-to-information&q=transparencia`]],
  ['list: no filter, sort=supports', [`/api/processes/${SLUG}/proposals?limit=20&sort=supports`]],
  ['list: no filter, sort=recent', [`/api/processes/${SLUG}/proposals?limit=20&sort=recent`]],
  ['proposal page', ids.map((id) => `/api/proposals/${id}`)],
];

type Row = { rps: number; p50: number; p99: number; app: number; db: number; others: number };
const results = new Map<string, Row[]>();

async function run(port: number, paths: string[], seconds: number) {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`, connections: 10, pipelining: 1, duration: seconds, timeout: 10,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
}

for (let round = 1; round <= ROUNDS; round++) {
  for (const [label, dir] of [['A', dirA], ['B', dirB]] as const) {
    const { child, port } = await start(dir);
    for (const [name, paths] of endpoints) {
      await run(port, paths, 1);
      const backends = (await c.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map((r) => Number(r.pid));
      const a0 = jiffies(child.pid!); const d0 = backends.map(jiffies); const m0 = machine(); const g0 = jiffies(process.pid);
      const r = await run(port, paths, SECONDS);
      const a = jiffies(child.pid!) - a0; const d = backends.reduce((s, p, k) => s + jiffies(p) - d0[k]!, 0); const m1 = machine();
      const g = jiffies(process.pid) - g0;
      const n = r.requests.total || 1;
      const row = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, app: (a * 10) / n, db: (d * 10) / n, others: (Math.max(0, m1.busy - m0.busy - a - d - g) / (m1.total - m0.total)) * 100 };
      const key = `${name}|${label}`;
      results.set(key, [...(results.get(key) ?? []), row]);
      console.error(`[ab] round ${round} ${label} ${name}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms, app ${row.app.toFixed(2)} ms, db ${row.db.toFixed(2)} ms, others ${row.others.toFixed(0)} %`);
    }
    await stop(child);
  }
}
await c.end();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| endpoint | variant | req/s | p50 ms | p99 ms | app CPU ms/req | db CPU ms/req | others' CPU |`);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const [name] of endpoints) {
  for (const label of ['A', 'B']) {
    const rows = results.get(`${name}|${label}`) ?? [];
    const m = (k: keyof Row) => median(rows.map((r) => r[k]));
    console.log(`| ${name} | ${label} | ${m('rps').toFixed(0)} | ${m('p50')} | ${m('p99')} | ${m('app').toFixed(2)} | ${m('db').toFixed(2)} | ${m('others').toFixed(0)} % |`);
  }
}
