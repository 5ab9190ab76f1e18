/**
 * Rights on open sockets: a session that ends closes its sockets at once (4401), a user whose
 * rights change leaves the rooms they may no longer be in, and every message is checked against
 * the session as stored now. On PostgreSQL, across server processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, residents, siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';
import { endSessionsOf } from '../auth.ts';
import { CLOSE_SESSION_ENDED } from './rights.ts';

type User = Agent & { userId?: string };
let t: TestApp;

/** `test:<id>` for anyone; `admins:<id>` for admins only. */
function defineTestRooms(app: TestApp['app']) {
  app.rooms.defineRoom('test', { authorize: async () => true, snapshot: async () => null });
  app.rooms.defineRoom('admins', { authorize: async (_id, peer) => peer.user?.isAdmin === true, snapshot: async () => null });
}

beforeAll(async () => {
  t = await testApp();
  defineTestRooms(t.app);
});
afterAll(async () => { await t.close(); });

const publish = (room: string, n: number) => t.app.rooms.publish({ room, event: 'test/counted', data: { n }, processId: null });

async function inRoom(agent: Agent | null, room: string, app = t.app): Promise<TestSocket> {
  const s = await connectWs(app, agent?.cookieHeader());
  s.send({ type: 'join', room });
  await s.next((m) => m.type === 'joined' && m.room === room);
  return s;
}

/** The socket's close, which must come well before the 30 s sweep would close it anyway. */
function closedSoon(s: TestSocket, ms = 2000) {
  return Promise.race([s.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket still open')), ms))]);
}

const heard = (s: TestSocket, n: number) => s.received.some((m) => m.type === 'event' && m.data?.n === n);

describe('sockets and the session they were opened with', () => {
  it('a sign-out closes every socket of that session at once (4401); other sessions keep hearing the room', async () => {
    const [a, b] = await residents(t, 2, 'signout') as [User, User];
    const first = await inRoom(a, 'test:signout');
    const second = await inRoom(a, 'test:signout');
    const other = await inRoom(b, 'test:signout');
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    expect(await closedSoon(first)).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect((await closedSoon(second)).code).toBe(CLOSE_SESSION_ENDED);
    await publish('test:signout', 1);
    await other.next((m) => m.type === 'event' && m.data.n === 1);
    expect(heard(first, 1) || heard(second, 1)).toBe(false);
    // The same cookie opens an anonymous socket now (the session is gone).
    const again = await connectWs(t.app, a.cookieHeader());
    again.send({ type: 'hand', raised: true });
    expect(await again.next((m) => m.type === 'error')).toMatchObject({ code: 'validation' });
    other.ws.terminate();
    again.ws.terminate();
  });

  it('a session deleted behind this process\'s back: the next message closes the socket and is not handled', async () => {
    const [a] = await residents(t, 1, 'behind') as [User];
    const s = await inRoom(a, 'test:behind');
    await t.db.deleteFrom('sessions').where('user_id', '=', a.userId!).execute(); // no notice of any kind
    s.send({ type: 'hand', raised: true });
    expect((await closedSoon(s)).code).toBe(CLOSE_SESSION_ENDED);
    expect(s.received.filter((m) => m.type === 'error')).toEqual([]); // the message never reached its handler
  });

  it('an expired session: the sweep closes its idle socket; a live one stays', async () => {
    const [old, fresh] = await residents(t, 2, 'expiry') as [User, User];
    const idle = await inRoom(old, 'test:expiry');
    const live = await inRoom(fresh, 'test:expiry');
    await t.db.updateTable('sessions').set({ created_at: new Date(Date.now() - 13 * 3600_000) }).where('user_id', '=', old.userId!).execute();
    await t.app.rooms.rights.sweep();
    expect((await closedSoon(idle)).code).toBe(CLOSE_SESSION_ENDED);
    await publish('test:expiry', 1);
    await live.next((m) => m.type === 'event' && m.data.n === 1);
    live.ws.terminate();
  });

  it('ending every session of a user (signed out everywhere) closes each of their sockets', async () => {
    const phone = new Agent(t.app, '10.1.0.1');
    const laptop = new Agent(t.app, '10.1.0.2');
    const me = await phone.signUp('everywhere@example.org');
    expect((await laptop.signIn('everywhere@example.org')).statusCode).toBe(200);
    const sockets = [await inRoom(phone, 'test:everywhere'), await inRoom(laptop, 'test:everywhere')];
    expect(await endSessionsOf(t.app, me.id)).toBe(2);
    expect((await Promise.all(sockets.map((s) => closedSoon(s)))).map((c) => c.code)).toEqual([CLOSE_SESSION_ENDED, CLOSE_SESSION_ENDED]);
    expect((await phone.get('/api/me')).statusCode).toBe(401);
  });

  it('an admin who is no longer one leaves the rooms only admins may be in, with not-allowed', async () => {
    const admin = await adminAgent(t, 'demoted@example.org');
    const me = (await admin.get('/api/me')).json();
    const s = await inRoom(admin, 'admins:x');
    await t.db.updateTable('users').set({ is_admin: false }).where('id', '=', me.id).execute();
    t.app.sessions.forgetUser(me.id); // what a route changing someone's rights calls once committed
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: 'admins:x' });
    await publish('admins:x', 1);
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong');
    expect(heard(s, 1)).toBe(false);
    s.send({ type: 'join', room: 'admins:x' });
    expect(await s.next((m) => m.type === 'error' && m.code === 'not-allowed' && s.received.filter((x) => x.code === 'not-allowed').length === 2)).toBeTruthy();
    expect(s.ws.readyState).toBe(1); // the socket stays open: only the room is lost
    s.ws.terminate();
  });

  it('after the bus was down, every socket checks again what changed unheard (a membership, an ended session)', async () => {
    const admin = await adminAgent(t, 'unheard@example.org');
    const me = (await admin.get('/api/me')).json();
    const [gone] = await residents(t, 1, 'unheard') as [User];
    const inAdmins = await inRoom(admin, 'admins:unheard');
    const ended = await inRoom(gone, 'test:unheard');
    await t.db.updateTable('users').set({ is_admin: false }).where('id', '=', me.id).execute();
    await t.db.deleteFrom('sessions').where('user_id', '=', gone.userId!).execute();
    await t.app.rooms.rights.recheckAll(); // what the rooms plugin does when the bus reconnects
    expect(await inAdmins.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: 'admins:unheard' });
    expect((await closedSoon(ended)).code).toBe(CLOSE_SESSION_ENDED);
    inAdmins.ws.terminate();
  });

  it('a frame over 256 KiB closes only that socket, with 1009', async () => {
    const s = await connectWs(t.app);
    s.ws.send('x'.repeat(300 * 1024));
    expect((await closedSoon(s)).code).toBe(1009);
    const ok = await connectWs(t.app);
    ok.send({ type: 'ping' });
    await ok.next((m) => m.type === 'pong');
    ok.ws.terminate();
  });
});

describe.runIf(process.env.DATABASE_URL)('rights across server processes (PostgreSQL NOTIFY)', () => {
  it('a sign-out in one process closes the session\'s socket in another at once; a role change there leaves the room', async () => {
    const other = await siblingApp(t);
    defineTestRooms(other.app);
    try {
      const [a] = await residents(t, 1, 'across') as [User];
      const s = await inRoom(a, 'test:across', other.app);
      expect((await a.post('/api/auth/logout')).statusCode).toBe(204); // served by t.app
      expect((await closedSoon(s)).code).toBe(CLOSE_SESSION_ENDED);

      const admin = await adminAgent(t, 'across-admin@example.org');
      const me = (await admin.get('/api/me')).json();
      const inAdmins = await inRoom(admin, 'admins:across', other.app);
      await t.db.updateTable('users').set({ is_admin: false }).where('id', '=', me.id).execute();
      t.app.sessions.forgetUser(me.id);
      expect(await inAdmins.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed', room: 'admins:across' });
      inAdmins.ws.terminate();
    } finally {
      await other.close();
    }
  });
});
