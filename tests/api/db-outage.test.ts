/**
 * The fault test: PostgreSQL stopped for 5 s under a steady load of supports and comments, then
 * started again. On a private cluster (stopping the shared one would break the other test files).
 * Every request in the outage is answered 503 problem+json with Retry-After; every acknowledged
 * write is in the database and none of the refused ones; counts catch up; a socket connected
 * before the outage and one connected after it both get the events published after recovery,
 * the first with no event lost or repeated.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { openPostgres, type OpenDatabase } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { openCallProcess, submitProposal } from '../../server/src/features/comments/test-fixtures.ts';
import { adminAgent, residents, TEST_CONFIG, type Agent, type TestApp } from '../../server/src/test/harness.ts';
import { findPgBindir, startPrivateCluster, type PrivateCluster } from '../../server/src/test/pg-private-cluster.ts';
import { connectWs, type TestSocket } from '../../server/src/test/ws-client.ts';

const OUTAGE_MS = 5000;
const SLUG = 'outage';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Attempt {
  kind: 'support' | 'comment' | 'ready';
  key: string;
  sentAt: number;
  doneAt: number;
  res: LightMyRequestResponse;
}

describe.skipIf(!process.env.DATABASE_URL || !findPgBindir())('a PostgreSQL outage under load', () => {
  let cluster: PrivateCluster;
  let database: OpenDatabase;
  let app: FastifyInstance;
  let t: TestApp;
  let people: Agent[];
  let proposals: string[];

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    database = openPostgres(cluster.url, 10);
    await migrateToLatest(database.db);
    app = await buildApp({ ...TEST_CONFIG, databaseUrl: cluster.url }, database, { logger: false });
    await app.ready();
    t = { app, db: database.db, engine: 'postgres', url: cluster.url, close: async () => {} };
    const admin = await adminAgent(t);
    await openCallProcess(admin, SLUG);
    people = await residents(t, 40, 'outage');
    proposals = [];
    for (let i = 0; i < 25; i++) proposals.push(await submitProposal(people[i % people.length]!, SLUG, `Proposal ${i}`));
  }, 90_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    await database?.db.destroy().catch(() => {});
    await cluster?.destroy();
  }, 60_000);

  it('503 with Retry-After during the outage, nothing acknowledged lost, nothing refused stored, live updates resume', async () => {
    const before = await connectWs(app);
    before.send({ type: 'join', room: `proposal:${proposals[0]}` });
    before.send({ type: 'join', room: `process:${SLUG}` });
    const joinedAt = {
      proposal: (await before.next((m) => m.type === 'joined' && m.room === `proposal:${proposals[0]}`)).seq as number,
      process: (await before.next((m) => m.type === 'joined' && m.room === `process:${SLUG}`)).seq as number,
    };

    // Steady load: each support is a fresh (person, proposal) pair and each comment a fresh text,
    // so whether one was stored is a question with one answer.
    const attempts: Attempt[] = [];
    const pairs = people.flatMap((_, p) => proposals.map((_, q) => [p, q] as const))
      .filter(([p, q]) => p !== q % people.length) // not one's own proposal
      .sort((a, b) => (a[1] - b[1]) || (a[0] - b[0]));
    let nextPair = 0;
    let nextComment = 0;
    let stopping = false;
    const record = async (kind: Attempt['kind'], key: string, send: () => Promise<LightMyRequestResponse>) => {
      const sentAt = Date.now();
      const res = await send();
      attempts.push({ kind, key, sentAt, doneAt: Date.now(), res });
      return res;
    };
    const supporter = async () => {
      while (!stopping && nextPair < pairs.length) {
        const [p, q] = pairs[nextPair++]!;
        await record('support', `${p}:${q}`, () => people[p]!.post(`/api/proposals/${proposals[q]}/supports`));
        await sleep(40);
      }
    };
    const commenter = async (w: number) => {
      while (!stopping) {
        const text = `outage comment ${nextComment++}`;
        await record('comment', text, () => people[w]!.post(`/api/proposals/${proposals[0]}/comments`, { body: text }));
        await sleep(40);
      }
    };
    const prober = async () => {
      while (!stopping) {
        await record('ready', '', () => app.inject({ url: '/readyz' }));
        await sleep(100);
      }
    };
    const load = Promise.all([supporter(), supporter(), supporter(), commenter(0), commenter(1), commenter(2), prober()]);

    await sleep(1000);
    await cluster.stop();
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    const upAt = Date.now();
    await cluster.start();
    const backAt = Date.now();

    // Load goes on until writes succeed again (bounded: the test fails if they never do).
    const succeededAfter = (kind: Attempt['kind']) => attempts.some((a) => a.kind === kind && a.sentAt >= backAt && a.res.statusCode < 300);
    for (let i = 0; i < 200 && !(succeededAfter('support') && succeededAfter('comment') && succeededAfter('ready')); i++) await sleep(100);
    await sleep(500);
    stopping = true;
    await load;

    // A socket connected after the recovery, then one more comment: both sockets get it.
    const after = await connectWs(app);
    after.send({ type: 'join', room: `proposal:${proposals[0]}` });
    await after.next((m) => m.type === 'joined');
    const marker = await people[5]!.post(`/api/proposals/${proposals[0]}/comments`, { body: 'after the outage' });
    expect(marker.statusCode).toBe(201);
    const isMarker = (m: { type: string; event?: string; data?: { id?: string } }) => m.type === 'event' && m.event === 'comments/added' && m.data?.id === marker.json().id;
    await after.next(isMarker, 15_000);
    await before.next(isMarker, 15_000);

    // 1. Nothing but successes and 503s; everything sent and answered inside the outage is a 503 problem.
    const statuses = new Map<number, number>();
    for (const a of attempts) statuses.set(a.res.statusCode, (statuses.get(a.res.statusCode) ?? 0) + 1);
    expect([...statuses.keys()].filter((s) => ![200, 201, 503].includes(s)), JSON.stringify([...statuses])).toEqual([]);
    const inOutage = attempts.filter((a) => a.sentAt >= downAt && a.doneAt <= upAt);
    expect(inOutage.filter((a) => a.kind !== 'ready').length).toBeGreaterThan(50);
    expect(inOutage.filter((a) => a.kind === 'ready').length).toBeGreaterThan(10);
    for (const a of inOutage) {
      expect(a.res.statusCode, `${a.kind} ${a.key}: ${a.res.body}`).toBe(503);
      expect(a.res.headers['content-type']).toContain('application/problem+json');
      expect(a.res.headers['retry-after']).toBe('5');
      expect(a.res.json()).toMatchObject({ status: 503, code: 'unavailable' });
    }
    for (const a of attempts.filter((x) => x.res.statusCode === 503)) expect(a.res.json().code).toBe('unavailable');

    // 2. Acknowledged writes are stored, refused ones are not.
    const supportRows = await database.db.selectFrom('proposal_supports').select(['user_id', 'proposal_id']).execute();
    const stored = new Set(supportRows.map((r) => `${r.user_id}:${r.proposal_id}`));
    const userIds = people.map((p) => (p as unknown as { userId: string }).userId);
    const supportKey = (key: string) => {
      const [p, q] = key.split(':').map(Number);
      return `${userIds[p!]}:${proposals[q!]}`;
    };
    const comments = new Set((await database.db.selectFrom('comments').select('body').execute()).map((r) => r.body));
    let acknowledged = 0;
    let refused = 0;
    for (const a of attempts.filter((x) => x.kind !== 'ready')) {
      const isStored = a.kind === 'support' ? stored.has(supportKey(a.key)) : comments.has(a.key);
      if (a.res.statusCode < 300) acknowledged++; else refused++;
      expect(isStored, `${a.kind} ${a.key} answered ${a.res.statusCode}`).toBe(a.res.statusCode < 300);
    }
    expect(acknowledged).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(50);

    // 3. Counts rolled up before the outage failed are recounted after it.
    await app.proposalCounts.flush();
    const counts = await database.db.selectFrom('proposals').select(['id', 'supports_count']).execute();
    for (const c of counts) expect(c.supports_count, c.id).toBe(supportRows.filter((r) => r.proposal_id === c.id).length);

    // 4. The socket connected all along got every event of its rooms once, in order, with no gap.
    for (const [room, from] of [[`proposal:${proposals[0]}`, joinedAt.proposal], [`process:${SLUG}`, joinedAt.process]] as const) {
      const kept = await database.db.selectFrom('room_events').select('seq').where('room', '=', room).where('seq', '>', from).orderBy('seq').execute();
      await before.next((m) => m.type === 'event' && m.room === room && m.seq === kept.at(-1)?.seq, 15_000);
      expect(seqsOf(before, room), room).toEqual(kept.map((k) => Number(k.seq)));
    }
    expect(before.received.filter((m) => m.type === 'error')).toEqual([]);
    before.ws.terminate();
    after.ws.terminate();
  }, 60_000);
});

function seqsOf(c: TestSocket, room: string): number[] {
  return c.received.filter((m) => m.type === 'event' && m.room === room).map((m) => m.seq);
}
