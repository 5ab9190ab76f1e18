/**
 * Who sees a workshop's join code, and what removal does to open sockets: a removed guest's close
 * at once (4403), a removed participant who is not a member leaves the room. On PostgreSQL,
 * across server processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';
import { CLOSE_REMOVED } from '../../plugins/rooms/rights.ts';

type User = Agent & { userId?: string };
let t: TestApp;
let admin: Agent;
let facilitator: User;
let member: User;
let drafter: User;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('hall'));
  await admin.post('/api/processes/hall/active-phase', { kind: 'open-call' });
  [facilitator, member, drafter] = await residents(t, 3, 'people') as [User, User, User];
  await admin.post('/api/processes/hall/members', { userId: facilitator.userId, role: 'facilitator' });
  await admin.post('/api/processes/hall/members', { userId: member.userId, role: 'forum-member', sector: 'academia' });
  await admin.post('/api/processes/hall/members', { userId: drafter.userId, role: 'drafter' });
});
afterAll(async () => { await t.close(); });

async function newWorkshop() {
  const res = await facilitator.post('/api/processes/hall/workshops', { title: 'Forum meeting', mode: 'in-person', startsAt: new Date().toISOString(), agenda: [{ title: 'Welcome' }] });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string; joinUrl: string };
}

async function guest(code: string, name = 'Guest') {
  const g = new Agent(t.app, `10.30.0.${Math.floor(Math.random() * 250)}`);
  const res = await g.post('/api/workshops/join', { code, displayName: name, sector: 'civil-society' });
  expect(res.statusCode).toBe(200);
  await g.refreshCsrf();
  return { agent: g, view: res.json() };
}

async function inRoom(agent: Agent, room: string, app = t.app): Promise<TestSocket> {
  const s = await connectWs(app, agent.cookieHeader());
  s.send({ type: 'join', room });
  await s.next((m) => m.type === 'joined' && m.room === room);
  return s;
}

function closedSoon(s: TestSocket, ms = 2000) {
  return Promise.race([s.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket still open')), ms))]);
}

const lock = (id: string, locked: boolean) => facilitator.post(`/api/workshops/${id}/lock`, { locked });

describe('the join code', () => {
  it('goes only to those who run the workshop, over HTTP and in the room\'s snapshot', async () => {
    const w = await newWorkshop();
    expect(w.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(w.joinUrl).toContain(`/join/${w.code}`);
    expect((await admin.get(`/api/workshops/${w.id}`)).json()).toMatchObject({ code: w.code, canFacilitate: true });
    for (const who of [member, drafter]) expect((await who.get(`/api/workshops/${w.id}`)).json()).toMatchObject({ code: null, joinUrl: null, canFacilitate: false });
    const g = await guest(w.code);
    expect(g.view).toMatchObject({ code: null, joinUrl: null });
    expect((await g.agent.get(`/api/workshops/${w.id}`)).json().code).toBeNull();
    const [outsider] = await residents(t, 1, 'outsider') as [User];
    const joined = await outsider.post('/api/workshops/join', { code: w.code, displayName: 'Outsider' });
    expect(joined.json()).toMatchObject({ code: null, me: { displayName: 'Outsider' } });
    const guestRoom = await inRoom(g.agent, `workshop:${w.id}`);
    expect(guestRoom.received.find((m) => m.type === 'joined').snapshot.workshop).toMatchObject({ code: null, joinUrl: null });
    const console = await inRoom(facilitator, `workshop:${w.id}`);
    expect(console.received.find((m) => m.type === 'joined').snapshot.workshop.code).toBe(w.code);
    for (const s of [guestRoom, console]) s.ws.terminate();
  });

  it('a member joins as themself without it; a non-member, a closed or locked workshop are refused, changing nothing', async () => {
    const w = await newWorkshop();
    const res = await member.post(`/api/workshops/${w.id}/join`, { displayName: 'Member' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ me: { key: member.userId, sector: 'academia' }, participants: 1, code: null });
    expect((await member.post(`/api/workshops/${w.id}/join`, { displayName: 'Member again' })).json().participants).toBe(1);
    const [stranger] = await residents(t, 1, 'stranger') as [User];
    expect((await stranger.post(`/api/workshops/${w.id}/join`, { displayName: 'Stranger' })).statusCode).toBe(403);
    expect((await new Agent(t.app).post(`/api/workshops/${w.id}/join`, { displayName: 'Nobody' })).statusCode).toBe(401);
    expect((await member.post(`/api/workshops/${w.id}/join`, { displayName: '' })).statusCode).toBe(400);
    expect((await member.post(`/api/workshops/${w.id}/join`, { displayName: 'x', code: w.code })).statusCode).toBe(400);
    expect((await member.post('/api/workshops/00000000-0000-4000-8000-000000000000/join', { displayName: 'x' })).statusCode).toBe(404);
    await lock(w.id, true);
    expect((await drafter.post(`/api/workshops/${w.id}/join`, { displayName: 'Late' })).statusCode).toBe(409);
    await lock(w.id, false);
    await facilitator.post(`/api/workshops/${w.id}/close`);
    expect((await drafter.post(`/api/workshops/${w.id}/join`, { displayName: 'After' })).statusCode).toBe(409);
    expect((await facilitator.get(`/api/workshops/${w.id}/participants`)).json().items.map((p: { key: string }) => p.key)).toEqual([member.userId]);
  });
});

describe('removal from a workshop', () => {
  it('a removed guest\'s sockets close at once (4403); everyone else keeps hearing the workshop', async () => {
    const w = await newWorkshop();
    const g = await guest(w.code, 'To remove');
    const other = await guest(w.code, 'Staying');
    const removed = [await inRoom(g.agent, `workshop:${w.id}`), await inRoom(g.agent, `workshop:${w.id}`)];
    const staying = await inRoom(other.agent, `workshop:${w.id}`);
    expect((await facilitator.post(`/api/workshops/${w.id}/participants/remove`, { key: g.view.me.key })).statusCode).toBe(200);
    for (const s of removed) expect(await closedSoon(s)).toEqual({ code: CLOSE_REMOVED, reason: 'removed from the workshop' });
    await facilitator.post(`/api/workshops/${w.id}/agenda`, { current: 0 });
    await staying.next((m) => m.event === 'workshop/agenda-moved');
    for (const s of removed) expect(s.received.some((m) => m.event === 'workshop/agenda-moved')).toBe(false);
    expect((await g.agent.get(`/api/workshops/${w.id}`)).statusCode).toBe(401);
    staying.ws.terminate();
  });

  it('a removed participant who is not a member leaves the room with not-allowed and hears nothing more', async () => {
    const w = await newWorkshop();
    const [visitor] = await residents(t, 1, 'visitor') as [User];
    expect((await visitor.post('/api/workshops/join', { code: w.code, displayName: 'Visitor' })).statusCode).toBe(200);
    const s = await inRoom(visitor, `workshop:${w.id}`);
    await facilitator.post(`/api/workshops/${w.id}/participants/remove`, { key: visitor.userId });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: `workshop:${w.id}` });
    await facilitator.post(`/api/workshops/${w.id}/agenda`, { current: 0 });
    s.send({ type: 'hand', raised: true });
    expect(await s.next((m) => m.type === 'error' && m.code !== 'not-allowed')).toMatchObject({ code: 'validation' });
    expect(s.received.some((m) => m.event === 'workshop/agenda-moved')).toBe(false);
    expect(s.ws.readyState).toBe(1);
    s.ws.terminate();
  });
});

describe.runIf(process.env.DATABASE_URL)('removal across server processes (PostgreSQL NOTIFY)', () => {
  it('a guest removed through one process is shut out of the workshop on another at once', async () => {
    const other = await siblingApp(t);
    try {
      const w = await newWorkshop();
      const g = await guest(w.code, 'Elsewhere');
      const s = await inRoom(g.agent, `workshop:${w.id}`, other.app);
      await facilitator.post(`/api/workshops/${w.id}/participants/remove`, { key: g.view.me.key });
      expect((await closedSoon(s)).code).toBe(CLOSE_REMOVED);
    } finally {
      await other.close();
    }
  });
});
