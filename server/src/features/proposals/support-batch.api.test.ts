/**
 * Supports sent together in one statement (support-batch.ts) give each request the outcome it
 * would have had alone: added once per person, refused for what cannot be supported, counted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { SupportBatcher } from './support-batch.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

async function submit(slug: string, title: string) {
  const res = await author.post(`/api/processes/${slug}/proposals`, { title, body: `Body of ${title}`, area: 'justice', sector: 'academia' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return (res.json() as { id: string }).id;
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'author'))[0]!;
  for (const slug of ['batch-open', 'batch-closed']) {
    await admin.post('/api/processes', processBody(slug));
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  }
});
afterAll(async () => { await t.close(); });

it('gives every request of a burst its own outcome, as if sent alone', async () => {
  const popular = await submit('batch-open', 'Popular');
  const twice = await submit('batch-open', 'Supported twice by each');
  const hidden = await submit('batch-open', 'Hidden');
  const closed = await submit('batch-closed', 'In a closed call');
  await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', hidden).execute();
  await admin.post('/api/processes/batch-closed/active-phase', { kind: 'prioritisation' });
  const users = await t.db.insertInto('users')
    .values(Array.from({ length: 60 }, (_, i) => ({ email: `batch${i}@example.org`, password_hash: 'x', display_name: `Batch ${i}`, locale: 'en' })))
    .returning('id').execute();
  const ids = users.map((u) => u.id);

  const batcher = new SupportBatcher(t.db);
  const unknown = '00000000-0000-4000-8000-000000000000';
  const [onPopular, onTwice, onHidden, onClosed, onUnknown] = await Promise.all([
    Promise.all(ids.map((u) => batcher.add(popular, u))),
    Promise.all(ids.slice(0, 10).flatMap((u) => [batcher.add(twice, u), batcher.add(twice, u)])),
    batcher.add(hidden, ids[0]!),
    batcher.add(closed, ids[0]!),
    batcher.add(unknown, ids[0]!),
  ]);

  expect(onPopular.every((o) => o.changed)).toBe(true);
  // Each reply counts what its statement saw plus what it added; two statements running at once
  // (PostgreSQL) do not see each other's rows, so no reply may exceed the truth, which the rows hold.
  expect(onPopular.every((o) => o.supports >= 1 && o.supports <= 60)).toBe(true);
  // each person's second request in the burst finds the first one done
  expect(onTwice.filter((o) => o.changed)).toHaveLength(10);
  expect(onTwice.every((o) => o.supports >= 1 && o.supports <= 10)).toBe(true);
  expect(onHidden).toMatchObject({ changed: false, target: { hidden: true } });
  expect(onClosed).toMatchObject({ changed: false, target: { activePhase: 'prioritisation' } });
  expect(onUnknown).toEqual({ target: undefined, changed: false, supports: 0 });

  const rows = async (id: string) => (await t.db.selectFrom('proposal_supports').select('user_id').where('proposal_id', '=', id).execute()).length;
  expect(await rows(popular)).toBe(60);
  expect(await rows(twice)).toBe(10);
  expect(await rows(hidden)).toBe(0);
  expect(await rows(closed)).toBe(0);
});

it('keeps the HTTP answers of a burst of supports right', async () => {
  const p = await submit('batch-open', 'Burst over HTTP');
  const people = await residents(t, 12, 'burst');
  const replies = await Promise.all(people.flatMap((a) => [a.post(`/api/proposals/${p}/supports`), a.post(`/api/proposals/${p}/supports`)]));
  expect(replies.every((r) => r.statusCode === 200 && r.json().supportedByMe === true)).toBe(true);
  expect(replies.every((r) => (r.json().supports as number) >= 1 && (r.json().supports as number) <= 12)).toBe(true);
  expect((await people[0]!.get(`/api/proposals/${p}`)).json().supports).toBe(12);
  // refusals still explained: a closed call → 409 phase-closed
  const closed = await submit('batch-open', 'Closed later');
  await admin.post('/api/processes/batch-open/active-phase', { kind: 'prioritisation' });
  const refused = await Promise.all(people.slice(0, 4).map((a) => a.post(`/api/proposals/${closed}/supports`)));
  expect(refused.map((r) => [r.statusCode, r.json().code])).toEqual(Array(4).fill([409, 'phase-closed']));
});
