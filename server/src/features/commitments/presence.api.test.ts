import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';

let t: TestApp;
let admin: Agent;
let drafter: Agent & { userId?: string };
let drafter2: Agent & { userId?: string };
let outsider: Agent;
let commitmentId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('presence'));
  await admin.post('/api/processes/presence/active-phase', { kind: 'open-call' });
  const source = (await admin.post('/api/processes/presence/proposals', { title: 'Open contracting', body: 'Publish contracts', area: 'digital-governance', sector: 'executive' })).json().id;
  await admin.post('/api/processes/presence/selection', { proposalIds: [source] });
  await admin.post('/api/processes/presence/active-phase', { kind: 'drafting' });
  [drafter, drafter2, outsider] = await residents(t, 3, 'presence') as [Agent, Agent, Agent];
  for (const d of [drafter, drafter2]) await admin.post('/api/processes/presence/members', { userId: d.userId, role: 'drafter' });
  commitmentId = (await drafter.post('/api/processes/presence/commitments', { title: 'Open contracting data', sourceProposalIds: [source], area: 'digital-governance' })).json().id;
  await admin.post(`/api/commitments/${commitmentId}/drafters`, { userId: drafter2.userId });
});
afterAll(async () => { await t.close(); });

const room = () => `commitment:${commitmentId}`;
async function join(agent: Agent, app = t.app): Promise<TestSocket> {
  const s = await connectWs(app, agent.cookieHeader());
  s.send({ type: 'join', room: room() });
  await s.next((m) => m.type === 'joined');
  return s;
}
/** The next presence message after those already received that satisfies `pred`. */
function presence(s: TestSocket, pred: (m: any) => boolean) {
  const seen = s.received.length;
  return s.next((m) => m.type === 'presence' && s.received.indexOf(m) >= seen && pred(m));
}
const fieldOf = (m: any, userId: string | undefined) => m.members.find((x: any) => x.userId === userId)?.field;

describe('field presence in a commitment room', () => {
  it('tells everyone in the room who joins, who is in which field, and who leaves', async () => {
    const a = await join(drafter);
    const first = await a.next((m) => m.type === 'presence');
    expect(first).toMatchObject({ room: room(), count: 1, members: [{ userId: drafter.userId, field: null }] });
    expect(first.members[0].displayName).toEqual(expect.any(String));

    const bPresence = presence(a, (m) => m.count === 2);
    const b = await join(drafter2);
    expect((await bPresence).members.map((m: any) => m.userId).sort()).toEqual([drafter.userId, drafter2.userId].sort());

    const seenByB = presence(b, (m) => fieldOf(m, drafter.userId) === 'problem');
    a.send({ type: 'focus', room: room(), field: 'problem' });
    const m = await seenByB;
    expect(fieldOf(m, drafter2.userId)).toBeNull();

    const moved = presence(a, (x) => fieldOf(x, drafter2.userId) === 'description' && fieldOf(x, drafter.userId) === 'problem');
    b.send({ type: 'focus', room: room(), field: 'description' });
    await moved;

    const blurred = presence(b, (x) => fieldOf(x, drafter.userId) === null);
    a.send({ type: 'focus', room: room(), field: null });
    await blurred;

    const gone = presence(a, (x) => x.count === 1);
    b.ws.terminate();
    expect((await gone).members).toEqual([expect.objectContaining({ userId: drafter.userId })]);

    // An explicit leave is announced too.
    const back = presence(a, (x) => x.count === 2);
    const c = await join(drafter2);
    await back;
    const left = presence(a, (x) => x.count === 1);
    c.send({ type: 'leave', room: room() });
    await left;
    c.ws.terminate();
    a.ws.terminate();
  });

  it('lists a person with two tabs once, in the field they focused last', async () => {
    const tab1 = await join(drafter);
    const tab2 = await join(drafter);
    tab1.send({ type: 'focus', room: room(), field: 'causes' });
    const m = await presence(tab2, (x) => fieldOf(x, drafter.userId) === 'causes' && x.count === 2);
    expect(m.count).toBe(2);
    expect(m.members).toHaveLength(1);
    tab1.ws.terminate();
    tab2.ws.terminate();
  });

  it('refuses unknown fields, focus outside the room and rooms one may not read, keeping the socket open', async () => {
    const a = await join(drafter);
    a.send({ type: 'focus', room: room(), field: 'notAField' });
    expect(await a.next((m) => m.type === 'error')).toMatchObject({ code: 'bad-message' });
    a.send({ type: 'focus', room: `commitment:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, field: 'problem' });
    expect(await a.next((m) => m.type === 'error' && m.code === 'validation')).toMatchObject({ errors: [{ path: 'room' }] });
    a.send({ type: 'ping' });
    await a.next((m) => m.type === 'pong');

    // Someone outside the process cannot join a draft's room, so cannot announce or see presence.
    const o = await connectWs(t.app, outsider.cookieHeader());
    o.send({ type: 'join', room: room() });
    expect(await o.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    o.send({ type: 'focus', room: room(), field: 'problem' });
    expect(await o.next((m) => m.type === 'error' && m.code === 'validation')).toBeTruthy();
    expect(o.received.filter((m) => m.type === 'presence')).toHaveLength(0);
    // Nothing about presence is stored as a room event.
    const stored = await t.db.selectFrom('room_events').select('event').where('room', '=', room()).execute();
    expect(stored.filter((e) => e.event.includes('presence'))).toHaveLength(0);
    o.ws.terminate();
    a.ws.terminate();
  });
});

describe.runIf(process.env.DATABASE_URL)('field presence across server processes (PostgreSQL)', () => {
  it('people on two processes see each other and their fields, also after the listeners lose their connections; a process shutting down leaves the list', async () => {
    const other = await siblingApp(t);
    let closed = false;
    try {
      const a = await join(drafter);
      const bothFromA = presence(a, (m) => m.count === 2 && m.members.length === 2);
      const b = await join(drafter2, other.app);
      await bothFromA;
      await b.next((m) => m.type === 'presence' && m.count === 2 && m.members.length === 2);

      const seenOnA = presence(a, (m) => fieldOf(m, drafter2.userId) === 'statusQuo');
      b.send({ type: 'focus', room: room(), field: 'statusQuo' });
      await seenOnA;
      const seenOnB = presence(b, (m) => fieldOf(m, drafter.userId) === 'howItSolves' && fieldOf(m, drafter2.userId) === 'statusQuo');
      a.send({ type: 'focus', room: room(), field: 'howItSolves' });
      await seenOnB;

      // The presence listeners lose their connections: they reconnect and catch up.
      const cut = await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN mesa_presence'`.execute(t.db);
      expect(cut.rows).toHaveLength(2);
      await new Promise((r) => setTimeout(r, 1500));
      const afterCut = presence(a, (m) => fieldOf(m, drafter2.userId) === 'causes');
      b.send({ type: 'focus', room: room(), field: 'causes' });
      await afterCut;

      // The other process shuts down: its people leave the list.
      const gone = presence(a, (m) => m.count === 1 && m.members.length === 1);
      await other.close();
      closed = true;
      expect((await gone).members[0].userId).toBe(drafter.userId);
      a.ws.terminate();
    } finally {
      if (!closed) await other.close();
    }
  });
});

describe('presence during the public consultation', () => {
  it('counts members of the public reading the commitment but never names them; the drafting team is still named', async () => {
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await admin.post('/api/processes/presence/consultation', { closesAt })).statusCode).toBe(200);
    const a = await join(drafter);
    const withReader = presence(a, (m) => m.count === 2);
    const reader = await join(outsider);
    reader.send({ type: 'focus', room: room(), field: 'problem' });
    const m = await withReader;
    expect(m.members.map((x: any) => x.userId)).toEqual([drafter.userId]);
    const seenByReader = await reader.next((x) => x.type === 'presence' && x.count === 2);
    expect(seenByReader.members.map((x: any) => x.userId)).toEqual([drafter.userId]);
    reader.ws.terminate();
    a.ws.terminate();
  });
});
