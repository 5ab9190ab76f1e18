import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siblingApp, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  t.app.rooms.defineRoom('test', {
    authorize: async (id) => id !== 'secret',
    snapshot: async (id) => ({ id, fresh: true }),
  });
});
afterAll(async () => { await t.close(); });

const connect = (app = t.app) => connectWs(app);

const publish = (room: string, n: number) => t.app.rooms.publish({ room, event: 'test/counted', data: { n }, processId: null });

describe('rooms', () => {
  it('joins with a snapshot and receives events in order with growing sequence numbers', async () => {
    const c = await connect();
    c.send({ type: 'join', room: 'test:a' });
    const joined = await c.next((m) => m.type === 'joined');
    expect(joined).toEqual({ type: 'joined', room: 'test:a', seq: 0, snapshot: { id: 'a', fresh: true } });
    await Promise.all([1, 2, 3, 4, 5].map((n) => publish('test:a', n)));
    await c.next((m) => m.type === 'event' && m.seq === 5);
    const events = c.received.filter((m) => m.type === 'event');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => e.data.n).sort()).toEqual([1, 2, 3, 4, 5]);
    c.ws.terminate();
  });

  it('replays what a client missed when it rejoins with lastSeq, with no snapshot', async () => {
    const c = await connect();
    c.send({ type: 'join', room: 'test:b' });
    await c.next((m) => m.type === 'joined');
    await publish('test:b', 1);
    await c.next((m) => m.type === 'event' && m.seq === 1);
    c.ws.terminate();
    for (const n of [2, 3, 4]) await publish('test:b', n);

    const again = await connect();
    again.send({ type: 'join', room: 'test:b', lastSeq: 1 });
    const joined = await again.next((m) => m.type === 'joined');
    expect(joined).toMatchObject({ seq: 4, snapshot: null });
    await again.next((m) => m.type === 'event' && m.seq === 4);
    expect(again.received.filter((m) => m.type === 'event').map((e) => e.data.n)).toEqual([2, 3, 4]);
    await publish('test:b', 5);
    await again.next((m) => m.type === 'event' && m.seq === 5);
    again.ws.terminate();
  });

  it('sends a fresh snapshot when the missed events are no longer kept', async () => {
    await t.db.insertInto('rooms').values({ name: 'test:c', last_seq: 5000 }).execute();
    const c = await connect();
    c.send({ type: 'join', room: 'test:c', lastSeq: 10 });
    expect(await c.next((m) => m.type === 'joined')).toMatchObject({ seq: 5000, snapshot: { id: 'c', fresh: true } });
    c.ws.terminate();
  });

  it('answers bad messages, unknown rooms and forbidden rooms with an error, and keeps the socket open', async () => {
    const c = await connect();
    c.send('not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'bad-message' });
    c.send({ type: 'join', room: 'nope' });
    c.send({ type: 'dance' });
    c.send({ type: 'join', room: 'elsewhere:x' });
    expect(await c.next((m) => m.code === 'unknown-room')).toMatchObject({ room: 'elsewhere:x' });
    c.send({ type: 'join', room: 'test:secret' });
    expect(await c.next((m) => m.code === 'not-allowed')).toMatchObject({ room: 'test:secret' });
    expect(c.received.filter((m) => m.code === 'bad-message')).toHaveLength(3);
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    c.ws.terminate();
  });

  it('stops delivering after leave', async () => {
    const c = await connect();
    c.send({ type: 'join', room: 'test:d' });
    await c.next((m) => m.type === 'joined');
    c.send({ type: 'leave', room: 'test:d' });
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    await publish('test:d', 1);
    const other = await connect();
    other.send({ type: 'join', room: 'test:d', lastSeq: 0 });
    await other.next((m) => m.type === 'event' && m.seq === 1);
    expect(c.received.filter((m) => m.type === 'event')).toHaveLength(0);
    c.ws.terminate();
    other.ws.terminate();
  });
});

describe.runIf(process.env.DATABASE_URL)('rooms across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  it('delivers events published by another process, in order, including large ones', async () => {
    const other = await siblingApp(t);
    other.app.rooms.defineRoom('test', { authorize: async () => true, snapshot: async () => null });
    try {
      const c = await connect(other.app);
      c.send({ type: 'join', room: 'test:x' });
      await c.next((m) => m.type === 'joined');
      await Promise.all([1, 2, 3].map((n) => publish('test:x', n)));
      await t.app.rooms.publish({ room: 'test:x', event: 'test/big', data: { text: 'x'.repeat(20_000) }, processId: null });
      const big = await c.next((m) => m.type === 'event' && m.seq === 4);
      expect(big.data.text).toHaveLength(20_000);
      expect(c.received.filter((m) => m.type === 'event').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      c.ws.terminate();
    } finally {
      await other.close();
    }
  });
});
