/**
 * Rooms keep every socket in step through database errors: a gap that cannot be read is read
 * later (nothing skipped), a resync catches every room up (nothing twice), and on PostgreSQL the
 * room listener reconnects after failed attempts. Database errors here are real ones: a table
 * renamed away for a moment, connections to the test database refused for a moment.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';
import { appendEvent } from './store.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  t.app.rooms.defineRoom('test', { authorize: async () => true, snapshot: async (id) => ({ id }) });
});
afterAll(async () => { await t.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const publish = (room: string, n: number) => t.app.rooms.publish({ room, event: 'test/counted', data: { n }, processId: null });
/** Stores an event without telling any process: a notice lost while the listener was away. */
const storeQuietly = (room: string, n: number) => t.db.transaction().execute((trx) => appendEvent(trx, { room, event: 'test/counted', data: { n }, processId: null }));
const seqs = (c: TestSocket, room: string) => c.received.filter((m) => m.type === 'event' && m.room === room).map((m) => m.seq);
const rename = (from: string, to: string) => sql`alter table ${sql.table(from)} rename to ${sql.table(to)}`.execute(t.db);

async function joined(room: string) {
  const c = await connectWs(t.app);
  c.send({ type: 'join', room });
  await c.next((m) => m.type === 'joined' && m.room === room);
  return c;
}

describe('room delivery through database errors', () => {
  it('a gap that cannot be read is read again later: nothing skipped, nothing twice', async () => {
    const room = 'test:gap';
    const c = await joined(room);
    await publish(room, 1);
    await c.next((m) => m.type === 'event' && m.seq === 1);
    await storeQuietly(room, 2);
    await storeQuietly(room, 3);
    await rename('room_events', 'room_events_away');
    try {
      t.app.rooms.hub.receive({ room, seq: 3, ref: true }); // the gap 2..3 cannot be read now
      await sleep(400);
      expect(seqs(c, room)).toEqual([1]);
    } finally {
      await rename('room_events_away', 'room_events');
    }
    await c.next((m) => m.type === 'event' && m.seq === 3, 10_000);
    await publish(room, 4);
    await c.next((m) => m.type === 'event' && m.seq === 4);
    expect(seqs(c, room)).toEqual([1, 2, 3, 4]);
    expect(c.received.filter((m) => m.type === 'event' && m.room === room).map((m) => m.data.n)).toEqual([1, 2, 3, 4]);
    c.ws.terminate();
  });

  it('a resync while the room numbers cannot be read catches every room up once they can', async () => {
    const a = await joined('test:r1');
    const b = await joined('test:r2');
    await storeQuietly('test:r1', 1);
    await storeQuietly('test:r1', 2);
    await storeQuietly('test:r2', 1);
    await rename('rooms', 'rooms_away');
    try {
      t.app.rooms.hub.resyncAll();
      await sleep(300);
      expect(seqs(a, 'test:r1')).toEqual([]);
    } finally {
      await rename('rooms_away', 'rooms');
    }
    await a.next((m) => m.type === 'event' && m.seq === 2, 10_000);
    await b.next((m) => m.type === 'event' && m.seq === 1, 10_000);
    t.app.rooms.hub.resyncAll(); // a second resync with nothing new sends nothing
    await publish('test:r1', 3);
    await a.next((m) => m.type === 'event' && m.seq === 3);
    expect(seqs(a, 'test:r1')).toEqual([1, 2, 3]);
    expect(seqs(b, 'test:r2')).toEqual([1]);
    a.ws.terminate();
    b.ws.terminate();
  });

  it('a join that fails on a database error is answered with an error; the socket stays and can join later', async () => {
    const c = await connectWs(t.app);
    await rename('rooms', 'rooms_away');
    try {
      c.send({ type: 'join', room: 'test:j' });
      expect(await c.next((m) => m.type === 'error', 10_000)).toMatchObject({ room: 'test:j', code: 'internal' });
    } finally {
      await rename('rooms_away', 'rooms');
    }
    c.send({ type: 'join', room: 'test:j' });
    expect(await c.next((m) => m.type === 'joined')).toMatchObject({ room: 'test:j', seq: 0 });
    await publish('test:j', 1);
    await c.next((m) => m.type === 'event' && m.room === 'test:j' && m.seq === 1);
    c.ws.terminate();
  });
});

describe.skipIf(!process.env.DATABASE_URL)('the room listener on PostgreSQL', () => {
  it('reconnects after failed attempts and catches up on what another process published meanwhile', async () => {
    const other = await siblingApp(t);
    const dbName = (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name;
    // A database cannot refuse connections to itself: this is said from the server's main database.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const allowConnections = (yes: boolean) => admin.query(`alter database "${dbName}" allow_connections ${yes}`);
    try {
      const room = 'test:listener';
      const c = await joined(room);
      await other.app.rooms.publish({ room, event: 'test/counted', data: { n: 1 }, processId: null });
      await c.next((m) => m.type === 'event' && m.seq === 1);

      // Refuse new connections to this database, then cut both processes' room listeners: each
      // reconnection attempt fails until connections are allowed again.
      await allowConnections(false);
      try {
        const cut = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and query = 'LISTEN mesa_rooms' and pid <> pg_backend_pid()`.execute(t.db);
        expect(cut.rows[0]!.n).toBeGreaterThanOrEqual(2);
        // Published by the other process (its pool keeps its open connection) while this one cannot hear.
        await other.app.rooms.publish({ room, event: 'test/counted', data: { n: 2 }, processId: null });
        await sleep(1500); // several failed attempts
      } finally {
        await allowConnections(true);
      }
      await c.next((m) => m.type === 'event' && m.seq === 2, 15_000);
      await other.app.rooms.publish({ room, event: 'test/counted', data: { n: 3 }, processId: null });
      await c.next((m) => m.type === 'event' && m.seq === 3, 10_000);
      expect(seqs(c, room)).toEqual([1, 2, 3]);
      // A socket that connects now hears live events too.
      const late = await joined(room);
      await other.app.rooms.publish({ room, event: 'test/counted', data: { n: 4 }, processId: null });
      await late.next((m) => m.type === 'event' && m.seq === 4, 10_000);
      await c.next((m) => m.type === 'event' && m.seq === 4, 10_000);
      expect(seqs(c, room)).toEqual([1, 2, 3, 4]);
      c.ws.terminate();
      late.ws.terminate();
    } finally {
      await other.close();
      await admin.end();
    }
  }, 45_000);
});
