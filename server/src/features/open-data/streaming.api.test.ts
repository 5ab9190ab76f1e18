/**
 * The contributions zip of a large process is streamed: the server's live heap grows by far
 * less than the CSVs it writes. The full case (20,000 proposals, 50,000 comments, server
 * RSS under 200 MB on PostgreSQL, the database outside the process) is `npm run bench:export`.
 */
import { request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { unzipSync, strFromU8 } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { poolOf } from '../../db/connect.ts';
import { adminAgent, processBody, testApp, type Agent, type TestApp } from '../../test/harness.ts';
import { bulkContributions } from './test-fixtures.ts';

const PROPOSALS = 8_000;
const COMMENTS = 6_000;
// A full collection before each sample, so the samples are live memory and not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const liveHeap = () => { gc(); return process.memoryUsage().heapUsed; };
const MB = 1024 * 1024;

let t: TestApp;
let admin: Agent;
let port: number;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('large'));
  const { id } = await t.db.selectFrom('processes').select('id').where('slug', '=', 'large').executeTakeFirstOrThrow();
  await bulkContributions(t.db, id, { proposals: PROPOSALS, comments: COMMENTS, users: 1_000, bodyChars: 3_000 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = t.app.server.address();
  port = typeof a === 'object' && a ? a.port : 0;
}, 240_000);
afterAll(async () => { await t?.close(); });

/** Downloads while sampling this process's live heap (the server runs in it) every 500 ms. */
function download(path: string, cookie: string): Promise<{ status: number; zip: Buffer; heapGrowth: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const base = liveHeap();
    let peak = base;
    const sampler = setInterval(() => { peak = Math.max(peak, liveHeap()); }, 500);
    const started = performance.now();
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { chunks.push(c); });
      res.on('end', () => {
        clearInterval(sampler);
        resolve({ status: res.statusCode ?? 0, zip: Buffer.concat(chunks), heapGrowth: peak - base, seconds: (performance.now() - started) / 1000 });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => { clearInterval(sampler); reject(e); });
    req.end();
  });
}

it(`streams the contributions of ${PROPOSALS} proposals and ${COMMENTS} comments with a bounded heap`, async () => {
  const { status, zip, heapGrowth, seconds } = await download('/api/processes/large/export/contributions', admin.cookieHeader());
  expect(status).toBe(200);
  const files = unzipSync(new Uint8Array(zip));
  const proposals = strFromU8(files['proposals.csv']!);
  const comments = strFromU8(files['comments.csv']!);
  const csvBytes = Object.values(files).reduce((n, f) => n + f.length, 0);
  // every row is there: header + one line per row (bodies have no line breaks here)
  expect(proposals.trimEnd().split('\n')).toHaveLength(PROPOSALS + 1);
  expect(comments.trimEnd().split('\n')).toHaveLength(COMMENTS + 1);
  expect(proposals).toContain(`P-${PROPOSALS},`);
  console.info(`contributions: ${(csvBytes / MB).toFixed(1)} MB of CSV in a ${(zip.length / MB).toFixed(1)} MB zip, ${seconds.toFixed(1)} s, heap growth ${(heapGrowth / MB).toFixed(1)} MB (${t.engine})`);
  // Held whole, the CSVs alone would take at least their size in the heap (twice that as JS
  // strings with accents); streamed 1,000 rows at a time (the next page read while one is
  // written), the live heap grows by about two pages.
  expect(csvBytes).toBeGreaterThan(24 * MB);
  expect(heapGrowth).toBeLessThan(csvBytes * 0.6);
}, 240_000);

it('a client that goes away mid-download: no crash, the server serves the next export', async () => {
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/processes/large/export/contributions', headers: { cookie: admin.cookieHeader() } }, (res) => {
      // well into proposals.csv: on PostgreSQL its COPY is streaming
      let received = 0;
      res.on('data', (c: Buffer) => { received += c.length; if (received > 256 * 1024 && !req.destroyed) { req.destroy(); resolve(); } });
      res.on('error', () => {});
    });
    req.on('error', () => {});
    req.setTimeout(30_000, () => reject(new Error('no data')));
    req.end();
  });
  await new Promise((r) => setTimeout(r, 200));
  expect((await admin.get('/healthz')).statusCode).toBe(200);
  if (t.engine === 'postgres') {
    // the COPY's connection was closed, not left streaming nor handed back to the pool mid-COPY
    const pool = poolOf(t.db)!;
    await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where query like 'COPY%' and state = 'active'`.execute(t.db)).rows[0]!.n, { timeout: 5_000 }).toBe(0);
    expect(pool.idleCount).toBe(pool.totalCount);
  }
  const again = await download('/api/processes/large/export/decidim', admin.cookieHeader());
  expect(again.status).toBe(200);
  expect(Object.keys(unzipSync(new Uint8Array(again.zip))).sort()).toEqual(['proposal_comments.csv', 'proposals.csv', 'results.csv']);
}, 240_000);

it('three downloads at once (one beyond the COPY slots on PostgreSQL, read in pages): the same files', async () => {
  const downloads = await Promise.all([1, 2, 3].map(() => download('/api/processes/large/export/contributions', admin.cookieHeader())));
  const csvs = downloads.map((d) => {
    expect(d.status).toBe(200);
    const files = unzipSync(new Uint8Array(d.zip));
    delete files['README.md']; // says when it was exported
    return files;
  });
  for (const other of csvs.slice(1)) {
    expect(Object.keys(other).sort()).toEqual(Object.keys(csvs[0]!).sort());
    for (const [name, bytes] of Object.entries(csvs[0]!)) expect(Buffer.from(other[name]!).equals(Buffer.from(bytes)), name).toBe(true);
  }
  expect(strFromU8(csvs[0]!['comments.csv']!).trimEnd().split('\n')).toHaveLength(COMMENTS + 1);
}, 240_000);
