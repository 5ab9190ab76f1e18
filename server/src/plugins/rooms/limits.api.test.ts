/**
 * The flood, reproduced: one anonymous client opens 100 sockets and sends 20 joins on
 * each to a commitment in consultation (a Yjs snapshot per join). The caps refuse the excess with
 * `too-many` / `rate-limited`, every join gets exactly one answer, the snapshot is encoded once,
 * and requests are served meanwhile. Counts, not timings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';
import { stateEncodes } from '../../features/commitments/doc.ts';
import { MAX_JOINS_IN_FLIGHT, MAX_ROOMS_PER_SOCKET } from './limits.ts';

let t: TestApp;
let commitment: string;
const PER_ADDRESS = 60;

beforeAll(async () => {
  t = await testApp({ wsMaxPerAddress: PER_ADDRESS, wsMaxPerSession: 3 });
  t.app.rooms.defineRoom('test', { authorize: async () => true, snapshot: async () => null });
  const admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('flood'));
  await admin.post('/api/processes/flood/active-phase', { kind: 'open-call' });
  const source = (await admin.post('/api/processes/flood/proposals', { title: 'Open contracting', body: 'Publish contracts', area: 'anti-corruption', sector: 'civil-society' })).json().id;
  await admin.post('/api/processes/flood/selection', { proposalIds: [source] });
  await admin.post('/api/processes/flood/active-phase', { kind: 'drafting' });
  const [drafter] = await residents(t, 1, 'drafter') as [Agent & { userId?: string }];
  await admin.post('/api/processes/flood/members', { userId: drafter.userId, role: 'drafter' });
  commitment = (await drafter.post('/api/processes/flood/commitments', { title: 'Open contracting data', sourceProposalIds: [source], area: 'anti-corruption' })).json().id;
  await drafter.patch(`/api/commitments/${commitment}`, { baseVersion: 0, fields: { problem: 'Contracts are published late.'.repeat(50) } });
  const published = await admin.post('/api/processes/flood/consultation', { closesAt: new Date(Date.now() + 3600_000).toISOString() });
  expect(published.statusCode).toBe(200);
});
afterAll(async () => { await t.close(); });

/** A join's answer: `joined`, or an `error` naming the room. */
const answers = (s: TestSocket, room: string) => s.received.filter((m) => m.room === room && (m.type === 'joined' || m.type === 'error'));

describe('one anonymous client flooding the server with joins', () => {
  it('100 sockets × 20 joins: 40 sockets and the joins past 10 in flight refused, one encode, requests served', async () => {
    const room = `commitment:${commitment}`;
    const encodesBefore = stateEncodes.count;
    const sockets = await Promise.all(Array.from({ length: 100 }, () => connectWs(t.app, undefined, { address: '203.0.113.7' })));
    const refused = sockets.filter((s) => s.received.some((m) => m.code === 'too-many'));
    expect(refused).toHaveLength(100 - PER_ADDRESS);
    for (const s of refused) expect((await s.closed).code).toBe(1013);
    const open = sockets.filter((s) => !refused.includes(s));

    // Each socket: the commitment's room and 19 rooms of its own, all at once.
    const roomsOf = (i: number) => [room, ...Array.from({ length: 19 }, (_, k) => `test:s${i}-${k}`)];
    open.forEach((s, i) => { for (const r of roomsOf(i)) s.send({ type: 'join', room: r }); });
    // Requests while the joins are under way are answered (the joins take a few database slots at a time).
    const during = await Promise.all(Array.from({ length: 10 }, () => new Agent(t.app, '198.51.100.9').get(`/api/commitments/${commitment}`)));
    expect(during.map((r) => r.statusCode)).toEqual(Array(10).fill(200));

    const answered = (s: TestSocket, i: number) => roomsOf(i).flatMap((r) => answers(s, r));
    await Promise.all(open.map((s, i) => s.next(() => answered(s, i).length === 20, 20_000)));
    const all = open.flatMap((s, i) => answered(s, i));
    const joined = all.filter((m) => m.type === 'joined');
    const limited = all.filter((m) => m.code === 'rate-limited');
    expect(joined.length + limited.length).toBe(open.length * 20);
    for (const [i, s] of open.entries()) expect(answered(s, i).filter((m) => m.type === 'joined').length).toBeGreaterThanOrEqual(MAX_JOINS_IN_FLIGHT);
    expect(limited.length).toBeGreaterThan(0);
    const commitmentJoins = joined.filter((m) => m.room === room);
    expect(commitmentJoins.length).toBeGreaterThan(0);
    expect(stateEncodes.count - encodesBefore).toBe(1);
    expect(new Set(commitmentJoins.map((m) => m.snapshot.yjs)).size).toBe(1);

    // Once its sockets close, the address may connect again.
    for (const s of open) s.ws.terminate();
    await Promise.all(open.map((s) => s.closed));
    const again = await connectWs(t.app, undefined, { address: '203.0.113.7' });
    again.send({ type: 'ping' });
    await again.next((m) => m.type === 'pong');
    again.ws.terminate();
  }, 60_000);

  it('the same room asked again while its join is under way is the same join: answered once, no error', async () => {
    const s = await connectWs(t.app);
    for (let i = 0; i < 15; i++) s.send({ type: 'join', room: 'test:again' });
    await s.next((m) => m.type === 'joined' && m.room === 'test:again');
    s.send({ type: 'join', room: 'test:after' });
    await s.next((m) => m.type === 'joined' && m.room === 'test:after');
    expect(s.received.filter((m) => m.type === 'error')).toEqual([]);
    expect(answers(s, 'test:again').length).toBeLessThan(15);
    s.ws.terminate();
  });

  it('a session may have 3 sockets here (WS_MAX_PER_SESSION); the fourth is refused', async () => {
    const [r] = await residents(t, 1, 'tabs');
    const tabs = [await connectWs(t.app, r!.cookieHeader()), await connectWs(t.app, r!.cookieHeader()), await connectWs(t.app, r!.cookieHeader())];
    const fourth = await connectWs(t.app, r!.cookieHeader());
    expect(await fourth.next((m) => m.type === 'error')).toMatchObject({ code: 'too-many' });
    expect((await fourth.closed).code).toBe(1013);
    for (const s of tabs) expect(s.ws.readyState).toBe(1);
    for (const s of tabs) s.ws.terminate();
  });

  it('a socket is in 50 rooms at most; leaving one makes room for another', async () => {
    const s = await connectWs(t.app);
    for (let batch = 0; batch < MAX_ROOMS_PER_SOCKET / 10; batch++) {
      // A socket sends 10 messages a second after a burst of 20.
      if (batch >= 2) await new Promise((r) => setTimeout(r, 1000));
      const names = Array.from({ length: 10 }, (_, i) => `test:r${batch * 10 + i}`);
      for (const room of names) s.send({ type: 'join', room });
      await Promise.all(names.map((room) => s.next((m) => m.type === 'joined' && m.room === room)));
    }
    await new Promise((r) => setTimeout(r, 500));
    s.send({ type: 'join', room: 'test:one-too-many' });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'too-many', room: 'test:one-too-many' });
    s.send({ type: 'join', room: 'test:r0' }); // already in: a rejoin is not a new room
    await s.next((m) => m.type === 'joined' && m.room === 'test:r0' && s.received.filter((x) => x.room === 'test:r0').length === 2);
    s.send({ type: 'leave', room: 'test:r1' });
    s.send({ type: 'join', room: 'test:one-too-many' });
    await s.next((m) => m.type === 'joined' && m.room === 'test:one-too-many');
    s.ws.terminate();
  });
});
