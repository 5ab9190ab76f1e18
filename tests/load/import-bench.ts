/**
 * The proposal import under load: the real server as a child process (tests/load/server.ts,
 * the flags of `npm run serve`) on the PostgreSQL in DATABASE_URL, one CSV of BENCH_IMPORT_ROWS
 * rows (100,000) of about BENCH_ROW_BYTES bytes (360: the 29,138 rows in 10 MiB) posted
 * as text/csv by an admin. Printed: status, seconds, the server's RSS idle and at its peak
 * (sampled every 20 ms, and the kernel's high-water mark VmHWM), proposals in the database.
 *
 *   bash tests/load/with-pg.sh tests/load/import-bench.ts
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openPostgres } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { freePort } from './free-port.ts';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ROW_BYTES = Number(process.env.BENCH_ROW_BYTES ?? 360);
const URL_ = process.env.DATABASE_URL;
if (!URL_) throw new Error('DATABASE_URL is required (bash tests/load/with-pg.sh tests/load/import-bench.ts)');

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** A realistic row: a reference, a title, a body with commas, quotes, accents and a line break, a policy area, a sector, an organisation. */
function row(i: number): string {
  // short rows (BENCH_ROW_BYTES under 200) keep a short title: 100,000 of them fit the old 10 MiB limit
  const title = ROW_BYTES < 200 ? `Propuesta ${i}` : `Propuesta ciudadana número ${i} sobre datos abiertos`;
  const filler = 'Publicar el presupuesto en formato abierto, con "datos" por comuna y año; revisión pública. ';
  const head = `OGC-${i},"${title}","`;
  const tail = `",fiscal-openness,civil-society,Org ${i % 97}`;
  const room = Math.max(16, ROW_BYTES - head.length - tail.length);
  const body = `Línea 1 de ${i}.\n${filler.repeat(Math.ceil(room / filler.length))}`.slice(0, room).replace(/"+$/, '').replaceAll('"', '""');
  return `${head}${body}${tail}`;
}

const db = openPostgres(URL_, 2).db;
await migrateToLatest(db);
const admin = await db.insertInto('users').values({ email: `admin-${Date.now()}@bench.example`, display_name: 'Admin', is_admin: true, password_hash: 'x', locale: 'es' }).returning('id').executeTakeFirstOrThrow();
const token = randomBytes(32).toString('base64url');
await db.insertInto('sessions').values({ id: createHash('sha256').update(token).digest('hex'), user_id: admin.id }).execute();

const port = await freePort();
const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'tests/load/server.ts'], {
  cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: '/nonexistent', SESSION_SECRET: randomBytes(32).toString('hex'), DEMO_DATA: 'off', WRITE_RATE_LIMIT: '1000000' },
});
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
  child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  createInterface({ input: child.stdout! }).on('line', (line) => { if (line.includes('"port"')) { clearTimeout(timer); resolve(); } });
});
const base = `http://127.0.0.1:${port}`;
const cookie = `mesa_session=${token}`;
try {
  const { token: csrf } = await (await fetch(`${base}/api/auth/csrf`, { headers: { cookie } })).json() as { token: string };
  const send = (path: string, body: string, type = 'application/json') => fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': type }, body });
  const slug = `import-${Date.now().toString(36)}`;
  const day = 86_400_000;
  const phases = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'].map((kind, i) => ({ kind, startsAt: new Date(Date.now() - day + i * 14 * day).toISOString(), endsAt: new Date(Date.now() - day + (i + 1) * 14 * day).toISOString() }));
  for (const [path, body] of [['/api/processes', { slug, title: 'Importación', description: 'Banco de pruebas', language: 'es', phases }], [`/api/processes/${slug}/active-phase`, { kind: 'open-call' }]] as const) {
    const res = await send(path, JSON.stringify(body));
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  const csv = `ref,title,body,area,sector,organisation\n${Array.from({ length: ROWS }, (_, i) => row(i)).join('\n')}\n`;
  await sleep(1500);
  const idle = memory(child.pid!);
  let peak = idle.rss;
  const sampler = setInterval(() => { try { peak = Math.max(peak, memory(child.pid!).rss); } catch { /* gone */ } }, 20);
  const t0 = Date.now();
  const res = await send(`/api/processes/${slug}/import`, csv, 'text/csv; charset=utf-8');
  const text = await res.text();
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const after = memory(child.pid!);
  const stored = await db.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id').select((eb) => eb.fn.countAll<number>().as('n')).where('processes.slug', '=', slug).executeTakeFirstOrThrow();
  const outcome = res.status < 300 ? `${(JSON.parse(text) as { imported: number }).imported.toLocaleString('en')} imported` : text.slice(0, 200);
  console.log(`import of ${ROWS.toLocaleString('en')} rows as text/csv (${(Buffer.byteLength(csv) / MB).toFixed(1)} MiB, ~${ROW_BYTES} bytes a row)
  answer        ${res.status} in ${seconds.toFixed(1)} s: ${outcome}
  in database   ${Number(stored.n).toLocaleString('en')} proposals
  server RSS    idle ${idle.rss.toFixed(0)} MB, peak sampled ${Math.max(peak, after.rss).toFixed(0)} MB, VmHWM ${after.hwm.toFixed(0)} MB (was ${idle.hwm.toFixed(0)} MB at idle)`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await db.destroy();
}
