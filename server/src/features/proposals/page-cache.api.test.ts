/**
 * Anonymous readers share cached list pages (page-cache.ts); a reader must never see a page older
 * than what the database would give once a change has been published, in this server process or,
 * on PostgreSQL, in another one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { ListPageCache, MAX_AGE_MS } from './page-cache.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

const anonymousList = async (app = t.app, qs = 'sort=supports&limit=50') => {
  const res = await app.inject({ url: `/api/processes/cache/proposals?${qs}` });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return res.json() as { items: { id: string; title: string; supports: number; state: string }[]; total: number };
};

async function submit(title: string) {
  const res = await author.post('/api/processes/cache/proposals', { title, body: `Body of ${title}`, area: 'justice', sector: 'academia' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string };
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'author'))[0]!;
  await admin.post('/api/processes', processBody('cache'));
  await admin.post('/api/processes/cache/active-phase', { kind: 'open-call' });
});
afterAll(async () => { await t.close(); });

it('serves a cached page until a change is published, then the fresh one', async () => {
  const first = await submit('First');
  await new Promise((r) => setTimeout(r, 150)); // on PostgreSQL the bus also brings the event back: let it pass
  expect((await anonymousList()).items.map((p) => p.id)).toEqual([first.id]);

  // A change made behind the feature's back (no event) is not seen while the page is kept...
  await t.db.updateTable('proposals').set({ title: 'Renamed quietly' }).where('id', '=', first.id).execute();
  expect((await anonymousList()).items[0]!.title).toBe('First');

  // ...but every published change is: a new proposal,
  const second = await submit('Second');
  const afterSubmit = await anonymousList();
  expect(afterSubmit.items.map((p) => p.id).sort()).toEqual([first.id, second.id].sort());
  expect(afterSubmit.total).toBe(2);
  expect(afterSubmit.items.find((p) => p.id === first.id)!.title).toBe('Renamed quietly');

  // supports, once the rollup has counted them (the same moment a fresh read would show them),
  const [a, b] = await residents(t, 2);
  await a!.post(`/api/proposals/${second.id}/supports`);
  await b!.post(`/api/proposals/${second.id}/supports`);
  await t.app.proposalCounts.flush();
  const afterSupports = await anonymousList();
  expect(afterSupports.items[0]).toMatchObject({ id: second.id, supports: 2 });

  // and a withdrawal.
  await author.post(`/api/proposals/${first.id}/withdraw`);
  expect((await anonymousList()).items.find((p) => p.id === first.id)!.state).toBe('withdrawn');
});

it('never serves the shared page to a signed-in reader, nor theirs to anyone else', async () => {
  const p = await submit('Mine to support');
  const [reader] = await residents(t, 1, 'reader');
  await anonymousList(); // an anonymous page is cached
  await reader!.post(`/api/proposals/${p.id}/supports`);
  const own = (await reader!.get('/api/processes/cache/proposals?sort=supports&limit=50')).json();
  expect(own.items.find((x: { id: string }) => x.id === p.id).supportedByMe).toBe(true);
  const anonymous = await anonymousList();
  expect(anonymous.items.every((x) => !('supportedByMe' in x) || (x as { supportedByMe?: boolean }).supportedByMe === false)).toBe(true);
});

it('keeps pages per query (filters, sort, search, cursor) and for a bounded time', () => {
  const cache = new ListPageCache();
  cache.set('x', 'q1', 0, '"one"', 1_000);
  cache.set('x', 'q2', 0, '"two"', 1_000);
  expect(cache.get('x', 'q1', 1_001)).toBe('"one"');
  expect(cache.get('x', 'q2', 1_001)).toBe('"two"');
  expect(cache.get('x', 'q1', 1_000 + MAX_AGE_MS)).toBeUndefined();
  // a page read before a change (older generation) is not kept
  const before = cache.generation('x');
  cache.roomChanged('process:x');
  cache.set('x', 'q3', before, '"stale"', 2_000);
  expect(cache.get('x', 'q3', 2_001)).toBeUndefined();
  // another process's room, or a proposal's room, leaves this one's pages alone
  cache.set('x', 'q4', cache.generation('x'), '"four"', 3_000);
  cache.roomChanged('process:y');
  cache.roomChanged('proposal:123');
  expect(cache.get('x', 'q4', 3_001)).toBe('"four"');
  // the bus reconnected: anything may have been missed
  cache.roomChanged(null);
  expect(cache.get('x', 'q4', 3_002)).toBeUndefined();
});

it.runIf(process.env.DATABASE_URL)('drops a page when another server process publishes a change', async () => {
  const other = await siblingApp(t);
  try {
    await anonymousList(other.app); // cached in the other process
    const p = await submit('Seen across processes'); // submitted through this one
    const deadline = Date.now() + 2_000;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      seen = (await anonymousList(other.app)).items.some((x) => x.id === p.id);
      if (!seen) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe(true);
    // well within the page's own lifetime: it was the event, not the age, that dropped it
    expect(Date.now() - (deadline - 2_000)).toBeLessThan(MAX_AGE_MS);
  } finally {
    await other.close();
  }
});
