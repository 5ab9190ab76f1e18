/**
 * The commitment room follows the drafter's rights as they are now: a signed-out drafter's socket
 * closes, a drafter taken off the process or its team can no longer send Yjs updates (none is
 * stored), and however many join, the Yjs snapshot is encoded once per stored state.
 */
import * as Y from 'yjs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';
import { CLOSE_SESSION_ENDED } from '../../plugins/rooms/rights.ts';
import { stateEncodes } from './doc.ts';

type User = Agent & { userId?: string };
let t: TestApp;
let admin: Agent;
let source: string;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('rights'));
  await admin.post('/api/processes/rights/active-phase', { kind: 'open-call' });
  source = (await admin.post('/api/processes/rights/proposals', { title: 'Open contracting', body: 'Publish contracts', area: 'anti-corruption', sector: 'civil-society' })).json().id;
  await admin.post('/api/processes/rights/selection', { proposalIds: [source] });
  await admin.post('/api/processes/rights/active-phase', { kind: 'drafting' });
});
afterAll(async () => { await t.close(); });

/** A drafter of the process (and, with `forum`, a forum member too) and a commitment they started. */
async function drafterWithCommitment(forum = false) {
  const [d] = await residents(t, 1, 'drafter') as [User];
  expect((await admin.post('/api/processes/rights/members', { userId: d.userId, role: 'drafter' })).statusCode).toBe(201);
  if (forum) await admin.post('/api/processes/rights/members', { userId: d.userId, role: 'forum-member', sector: 'academia' });
  const c = (await d.post('/api/processes/rights/commitments', { title: 'Open contracting data', sourceProposalIds: [source], area: 'anti-corruption' })).json();
  return { d, id: c.id as string };
}

async function inRoom(agent: Agent, id: string, app = t.app): Promise<TestSocket> {
  const s = await connectWs(app, agent.cookieHeader());
  s.send({ type: 'join', room: `commitment:${id}` });
  await s.next((m) => m.type === 'joined');
  return s;
}

function update(text: string) {
  const doc = new Y.Doc();
  doc.getText('problem').insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

async function stored(id: string) {
  const rows = await t.db.selectFrom('commitment_yjs_updates').select(sql<number>`count(*)::int`.as('n')).where('commitment_id', '=', id).executeTakeFirstOrThrow();
  const c = await t.db.selectFrom('commitments').select('fields').where('id', '=', id).executeTakeFirstOrThrow();
  return { rows: Number(rows.n), problem: (c.fields as Record<string, string>).problem ?? '' };
}

function closedSoon(s: TestSocket, ms = 2000) {
  return Promise.race([s.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket still open')), ms))]);
}

describe('drafting rights on an open socket', () => {
  it('an update is stored while the drafter is one; after sign-out the socket is closed (4401)', async () => {
    const { d, id } = await drafterWithCommitment();
    const s = await inRoom(d, id);
    s.send({ type: 'yjs', room: `commitment:${id}`, update: update('Allowed.') });
    await s.next((m) => m.type === 'event' && m.event === 'commitment/yjs');
    const before = await stored(id);
    expect(before.problem).toBe('Allowed.');
    expect((await d.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await closedSoon(s)).code).toBe(CLOSE_SESSION_ENDED);
    // The same cookie is anonymous now: a draft's room is closed to it.
    const again = await connectWs(t.app, d.cookieHeader());
    again.send({ type: 'join', room: `commitment:${id}` });
    expect(await again.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    again.ws.terminate();
    expect(await stored(id)).toEqual(before);
  });

  it('an update sent after the session ended elsewhere (no notice) is refused and never stored', async () => {
    const { d, id } = await drafterWithCommitment();
    const s = await inRoom(d, id);
    const before = await stored(id);
    await t.db.deleteFrom('sessions').where('user_id', '=', d.userId!).execute();
    s.send({ type: 'yjs', room: `commitment:${id}`, update: update('After sign-out.') });
    expect((await closedSoon(s)).code).toBe(CLOSE_SESSION_ENDED);
    expect(await stored(id)).toEqual(before);
  });

  it('a drafter taken off the process leaves the draft\'s room (not-allowed); their updates are not stored', async () => {
    const { d, id } = await drafterWithCommitment();
    const s = await inRoom(d, id);
    const before = await stored(id);
    expect((await admin.delete(`/api/processes/rights/members/${d.userId}?role=drafter`)).statusCode).toBe(204);
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: `commitment:${id}` });
    s.send({ type: 'yjs', room: `commitment:${id}`, update: update('Removed.') });
    expect(await s.next((m) => m.type === 'error' && m.code !== 'not-allowed')).toMatchObject({ code: 'validation' });
    expect(await stored(id)).toEqual(before);
    expect((await t.db.selectFrom('commitment_drafters').select('user_id').where('user_id', '=', d.userId!).execute())).toEqual([]);
    expect((await d.patch(`/api/commitments/${id}`, { baseVersion: 0, contact: 'x@example.org' })).statusCode).toBe(404);
    expect(s.ws.readyState).toBe(1); // the session is still good: only the room is lost
    s.ws.terminate();
  });

  it('a drafter who stays a forum member keeps reading the draft live but may no longer write to it', async () => {
    const { d, id } = await drafterWithCommitment(true);
    const s = await inRoom(d, id);
    const before = await stored(id);
    expect((await admin.delete(`/api/processes/rights/members/${d.userId}?role=drafter`)).statusCode).toBe(204);
    s.send({ type: 'yjs', room: `commitment:${id}`, update: update('Reader now.') });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    expect(await stored(id)).toEqual(before);
    // Still in the room: another drafter's edit reaches them.
    await admin.patch(`/api/commitments/${id}`, { baseVersion: 0, fields: { causes: 'Late publication.' } });
    await s.next((m) => m.type === 'event' && m.event === 'commitment/updated');
    s.ws.terminate();
  });

  it('bad input: removing a role nobody holds is a 404 and changes nothing; only admins remove', async () => {
    const { d } = await drafterWithCommitment();
    expect((await admin.delete(`/api/processes/rights/members/${d.userId}?role=monitor`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/processes/nope/members/${d.userId}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/processes/rights/members/not-a-uuid`)).statusCode).toBe(400);
    expect((await admin.delete(`/api/processes/rights/members/${d.userId}?role=king`)).statusCode).toBe(400);
    expect((await d.delete(`/api/processes/rights/members/${d.userId}`)).statusCode).toBe(403);
    expect((await t.db.selectFrom('memberships').select('role').where('user_id', '=', d.userId!).execute()).map((r) => r.role)).toEqual(['drafter']);
  });
});

describe('snapshots sent many times', () => {
  it('thirty joins of one draft cost one encode; a new update costs one more', async () => {
    const { d, id } = await drafterWithCommitment();
    const start = stateEncodes.count;
    // 15 sockets (a session may have 20) that each join twice.
    const sockets = await Promise.all(Array.from({ length: 15 }, () => inRoom(d, id)));
    for (const s of sockets) s.send({ type: 'join', room: `commitment:${id}` });
    await Promise.all(sockets.map((s) => s.next(() => s.received.filter((m) => m.type === 'joined').length === 2)));
    expect(stateEncodes.count - start).toBe(1);
    const snapshots = new Set(sockets.flatMap((s) => s.received.filter((m) => m.type === 'joined').map((m) => m.snapshot.yjs)));
    expect(snapshots.size).toBe(1);
    sockets[0]!.send({ type: 'yjs', room: `commitment:${id}`, update: update('New text.') });
    await sockets[1]!.next((m) => m.type === 'event' && m.event === 'commitment/yjs');
    const late = await inRoom(d, id);
    const again = await inRoom(d, id);
    expect(stateEncodes.count - start).toBe(2);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(again.received.find((m) => m.type === 'joined').snapshot.yjs, 'base64'));
    expect(doc.getText('problem').toString()).toBe('New text.');
    for (const s of [...sockets, late, again]) s.ws.terminate();
  });
});

describe.runIf(process.env.DATABASE_URL)('drafting rights across server processes (PostgreSQL NOTIFY)', () => {
  it('a drafter removed in one process leaves the room in another, and nothing they send there is stored', async () => {
    const other = await siblingApp(t);
    try {
      const { d, id } = await drafterWithCommitment();
      const s = await inRoom(d, id, other.app);
      const before = await stored(id);
      expect((await admin.delete(`/api/processes/rights/members/${d.userId}`)).statusCode).toBe(204);
      expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: `commitment:${id}` });
      s.send({ type: 'yjs', room: `commitment:${id}`, update: update('Elsewhere.') });
      await s.next((m) => m.type === 'error' && m.code === 'validation');
      expect(await stored(id)).toEqual(before);
      s.ws.terminate();
    } finally {
      await other.close();
    }
  });
});
