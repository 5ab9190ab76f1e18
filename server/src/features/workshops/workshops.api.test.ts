import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

let t: TestApp;
let admin: Agent;
let facilitator: Agent & { userId?: string };
let member: Agent & { userId?: string };
let ids: string[] = [];

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('hall'));
  await admin.post('/api/processes/hall/active-phase', { kind: 'open-call' });
  ids = [];
  for (const title of ['Open contracting', 'Beneficial ownership', 'Open parliament']) {
    ids.push((await admin.post('/api/processes/hall/proposals', { title, body: title, area: 'anti-corruption', sector: 'civil-society' })).json().id);
  }
  await admin.post('/api/processes/hall/active-phase', { kind: 'prioritisation' });
  facilitator = (await residents(t, 1, 'facilitator'))[0]!;
  member = (await residents(t, 1, 'member'))[0]!;
  await admin.post('/api/processes/hall/members', { userId: facilitator.userId, role: 'facilitator' });
  await admin.post('/api/processes/hall/members', { userId: member.userId, role: 'forum-member', sector: 'academia' });
});
afterAll(async () => { await t.close(); });

async function newWorkshop() {
  const res = await facilitator.post('/api/processes/hall/workshops', {
    title: 'Prioritisation workshop', mode: 'hybrid', startsAt: new Date().toISOString(),
    agenda: [{ proposalId: ids[0] }, { proposalId: ids[1] }, { proposalId: ids[2] }, { title: 'Next steps' }],
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function guest(code: string, displayName = 'Guest', sector = 'civil-society') {
  const g = new Agent(t.app, `10.20.0.${Math.floor(Math.random() * 250)}`);
  const res = await g.post('/api/workshops/join', { code, displayName, sector });
  if (res.statusCode !== 200) throw new Error(res.body);
  await g.refreshCsrf();
  return g;
}

async function dotRound(workshopId: string, extra: Record<string, unknown> = {}) {
  const r = (await facilitator.post('/api/processes/hall/rounds', { title: 'Dot vote', method: 'dots', workshopId, proposalIds: ids, ...extra })).json();
  expect((await facilitator.post(`/api/rounds/${r.id}/open`)).statusCode).toBe(200);
  return r;
}

describe('workshops', () => {
  it('gives a facilitator a 6-character code and link; outsiders cannot see the workshop', async () => {
    const w = await newWorkshop();
    expect(w.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(w.joinUrl).toContain(`/join/${w.code}`);
    expect(w.agenda[0]).toMatchObject({ proposalId: ids[0], title: 'Open contracting', reference: 'P-0001' });
    expect((await new Agent(t.app).get(`/api/workshops/${w.id}`)).statusCode).toBe(401);
    const [stranger] = await residents(t, 1);
    expect((await stranger!.get(`/api/workshops/${w.id}`)).statusCode).toBe(403);
    expect((await member.post('/api/processes/hall/workshops', { title: 'Mine', mode: 'online', startsAt: new Date().toISOString(), agenda: [{ title: 'x' }] })).statusCode).toBe(403);
  });

  it('a guest joins by code, is confined to that workshop, and cannot run it', async () => {
    const w = await newWorkshop();
    const g = await guest(w.code.toLowerCase());
    const seen = (await g.get(`/api/workshops/${w.id}`)).json();
    expect(seen).toMatchObject({ canFacilitate: false, me: { displayName: 'Guest', sector: 'civil-society' }, participants: 1 });
    expect((await g.get('/api/me')).statusCode).toBe(401);
    const other = await newWorkshop();
    expect((await g.get(`/api/workshops/${other.id}`)).statusCode).toBe(403);
    expect((await g.post(`/api/workshops/${w.id}/lock`, { locked: true })).statusCode).toBe(401);
    expect((await g.post('/api/processes/hall/proposals', { title: 'Guest idea', body: 'x', area: 'justice', sector: 'resident' })).statusCode).toBe(401);
    const ws = await connectWs(t.app, g.cookieHeader());
    ws.send({ type: 'join', room: 'process:hall' });
    expect(await ws.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    ws.send({ type: 'join', room: `workshop:${other.id}` });
    expect(await ws.next((m) => m.type === 'error' && m.room === `workshop:${other.id}`)).toMatchObject({ code: 'not-allowed' });
    ws.send({ type: 'join', room: `workshop:${w.id}` });
    expect((await ws.next((m) => m.type === 'joined')).snapshot.workshop.me.displayName).toBe('Guest');
    ws.ws.terminate();
  });

  it('refuses wrong codes, then rate-limits guessing', async () => {
    const g = new Agent(t.app, '10.30.0.1');
    expect((await g.post('/api/workshops/join', { code: 'ZZZZZZ', displayName: 'X' })).statusCode).toBe(404);
    expect((await g.post('/api/workshops/join', { code: 'ABC0DE', displayName: 'X' })).statusCode).toBe(400);
    for (let i = 0; i < 9; i++) await g.post('/api/workshops/join', { code: 'ZZZZZZ', displayName: 'X' });
    const res = await g.post('/api/workshops/join', { code: 'ZZZZZZ', displayName: 'X' });
    expect(res.statusCode).toBe(429);
  });

  it('a locked room takes no newcomers but lets people back in', async () => {
    const w = await newWorkshop();
    const g = await guest(w.code);
    await facilitator.post(`/api/workshops/${w.id}/lock`, { locked: true });
    expect((await new Agent(t.app, '10.31.0.1').post('/api/workshops/join', { code: w.code, displayName: 'Late' })).statusCode).toBe(409);
    expect((await g.post('/api/workshops/join', { code: w.code, displayName: 'Guest' })).statusCode).toBe(200);
  });

  it('runs a live round: ballot over the websocket → ack → tally; reveal; close; replay after lastSeq', async () => {
    const w = await newWorkshop();
    const g = await guest(w.code, 'Ana', 'civil-society');
    await member.post('/api/workshops/join', { code: w.code, displayName: 'Member' });
    const projector = await connectWs(t.app, facilitator.cookieHeader());
    projector.send({ type: 'join', room: `workshop:${w.id}` });
    await projector.next((m) => m.type === 'joined');
    const phone = await connectWs(t.app, g.cookieHeader());
    phone.send({ type: 'join', room: `workshop:${w.id}` });
    const joined = await phone.next((m) => m.type === 'joined');

    const round = await dotRound(w.id);
    await phone.next((m) => m.event === 'rounds/opened');
    phone.send({ type: 'ballot', roundId: round.id, ballot: { dots: { [ids[1]!]: 3, [ids[2]!]: 2 } }, ref: 'b1' });
    expect(await phone.next((m) => m.type === 'ack')).toMatchObject({ roundId: round.id, ref: 'b1' });
    const tally = await projector.next((m) => m.event === 'rounds/tally' && m.data.participants === 1);
    expect(tally.data).toMatchObject({ revealed: false, items: null, participantsBySector: { 'civil-society': 1 } });
    expect((await member.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids[0]!]: 2 } })).statusCode).toBe(200);
    await projector.next((m) => m.event === 'rounds/tally' && m.data.participants === 2);

    // Bad ballots over the websocket: an error naming the problem, nothing stored, socket usable.
    phone.send({ type: 'ballot', roundId: round.id, ballot: { dots: { [ids[0]!]: 9 } }, ref: 'bad' });
    const err = await phone.next((m) => m.type === 'error' && m.ref === 'bad');
    expect(err).toMatchObject({ code: 'validation' });
    expect(err.errors[0].path).toBe(`body.dots.${ids[0]}`);
    phone.send({ type: 'ballot', roundId: '00000000-0000-4000-8000-000000000000', ballot: { dots: {} }, ref: 'nope' });
    expect(await phone.next((m) => m.type === 'error' && m.ref === 'nope')).toMatchObject({ code: 'not-found' });
    phone.send('{"type":"ballot"');
    await phone.next((m) => m.code === 'bad-message');
    phone.send({ type: 'ballot', roundId: round.id, ballot: { dots: {} }, padding: 'x'.repeat(20_000) });
    await phone.next((m) => m.code === 'too-large');
    expect((await g.get(`/api/rounds/${round.id}/ballot`)).json().ballot).toEqual({ dots: { [ids[1]!]: 3, [ids[2]!]: 2 } });

    // Participants cannot control the room.
    expect((await g.post(`/api/rounds/${round.id}/reveal`, { revealed: true })).statusCode).toBe(401);
    expect((await member.post(`/api/rounds/${round.id}/close`)).statusCode).toBe(403);

    await facilitator.post(`/api/rounds/${round.id}/reveal`, { revealed: true });
    const revealed = await phone.next((m) => m.event === 'rounds/tally' && m.data.revealed);
    expect(revealed.data.items[0]).toMatchObject({ proposalId: ids[1], score: 3, rank: 1 });

    phone.ws.terminate();
    await facilitator.post(`/api/rounds/${round.id}/close`);
    const back = await connectWs(t.app, g.cookieHeader());
    back.send({ type: 'join', room: `workshop:${w.id}`, lastSeq: joined.seq });
    const closed = await back.next((m) => m.event === 'rounds/closed');
    expect(closed.data).toMatchObject({ state: 'closed', revealed: true });
    expect(back.received.find((m) => m.type === 'joined').snapshot).toBeNull();
    back.send({ type: 'ballot', roundId: round.id, ballot: { dots: {} }, ref: 'late' });
    expect(await back.next((m) => m.ref === 'late')).toMatchObject({ type: 'error', code: 'round-closed' });
    back.ws.terminate();
    projector.ws.terminate();
  });

  it('closes a round itself at its deadline', async () => {
    const w = await newWorkshop();
    const ws = await connectWs(t.app, facilitator.cookieHeader());
    ws.send({ type: 'join', room: `workshop:${w.id}` });
    await ws.next((m) => m.type === 'joined');
    const round = await dotRound(w.id, { durationSec: 1 });
    const opened = await ws.next((m) => m.event === 'rounds/opened');
    expect(opened.data.round.closesAt).not.toBeNull();
    const closed = await ws.next((m) => m.event === 'rounds/closed', 4000);
    expect(closed.data.roundId).toBe(round.id);
    expect((await member.put(`/api/rounds/${round.id}/ballot`, { dots: {} })).statusCode).toBe(403);
    ws.ws.terminate();
  });

  it('a removed guest can no longer vote; closing records attendance by sector and the results', async () => {
    const w = await newWorkshop();
    const a = await guest(w.code, 'A', 'civil-society');
    const b = await guest(w.code, 'B', 'private-sector');
    await member.post('/api/workshops/join', { code: w.code, displayName: 'Member' });
    const round = await dotRound(w.id);
    await a.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids[2]!]: 3 } });
    const keyB = (await b.get(`/api/workshops/${w.id}`)).json().me.key;
    await facilitator.post(`/api/workshops/${w.id}/participants/remove`, { key: keyB });
    await b.refreshCsrf();
    expect((await b.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids[0]!]: 3 } })).statusCode).toBe(401);
    const present = (await facilitator.get(`/api/workshops/${w.id}/participants`)).json();
    expect(present.items.map((p: { displayName: string; voted: boolean }) => [p.displayName, p.voted])).toEqual([['A', true], ['Member', false]]);
    const outcome = (await facilitator.post(`/api/workshops/${w.id}/close`)).json();
    expect(outcome.attendance).toEqual({ total: 2, bySector: { 'civil-society': 1, academia: 1 }, guests: 1 });
    expect(outcome.rounds[0]).toMatchObject({ roundId: round.id, participants: 1, top: [{ proposalId: ids[2], score: 3, rank: 1 }, expect.anything(), expect.anything()] });
    expect((await t.app.inject({ url: '/api/processes/hall/workshops' })).json().items.find((x: { id: string }) => x.id === w.id).outcome.attendance.total).toBe(2);
    expect((await new Agent(t.app, '10.40.0.1').post('/api/workshops/join', { code: w.code, displayName: 'Too late' })).statusCode).toBe(404);
  });
});

describe.runIf(process.env.DATABASE_URL)('a workshop across two server processes', () => {
  it('a participant on process A votes; one on process B sees the tally change', async () => {
    const other = await siblingApp(t);
    try {
      const w = await newWorkshop();
      const g = await guest(w.code, 'On A', 'academia');
      const gB = new Agent(other.app, '10.50.0.1');
      await gB.post('/api/workshops/join', { code: w.code, displayName: 'On B', sector: 'executive' });
      const onB = await connectWs(other.app, gB.cookieHeader());
      onB.send({ type: 'join', room: `workshop:${w.id}` });
      await onB.next((m) => m.type === 'joined');
      const round = await dotRound(w.id);
      const onA = await connectWs(t.app, g.cookieHeader());
      onA.send({ type: 'ballot', roundId: round.id, ballot: { dots: { [ids[0]!]: 1 } } });
      await onA.next((m) => m.type === 'ack');
      const tally = await onB.next((m) => m.event === 'rounds/tally' && m.data.participants === 1);
      expect(tally.data.participantsBySector).toEqual({ academia: 1 });
      onA.ws.terminate();
      onB.ws.terminate();
    } finally {
      await other.close();
    }
  });
});
