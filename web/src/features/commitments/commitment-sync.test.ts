import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomListener } from '../../controllers/room-connection.ts';
import { CommitmentSync, fromBase64, MAX_UPDATE_BYTES, SEND_EVERY_MS, toBase64, type SyncConnection } from './commitment-sync.ts';

/** The server side of a commitment room as the real one behaves: joined with a snapshot, every update relayed to all (the sender too). */
class FakeRoomServer {
  readonly doc = new Y.Doc();
  seq = 0;
  readonly sizes: number[] = [];
  private readonly clients = new Set<FakeConnection>();
  connect(): FakeConnection {
    const c = new FakeConnection(this);
    this.clients.add(c);
    return c;
  }
  receive(from: FakeConnection, msg: { type: string; room: string; [k: string]: unknown }) {
    if (msg.type !== 'yjs') return;
    const bytes = fromBase64(msg.update as string);
    this.sizes.push(bytes.length);
    Y.applyUpdate(this.doc, bytes);
    this.seq++;
    for (const c of this.clients) if (c.online) c.deliver('commitment/yjs', { update: msg.update }, this.seq);
    void from;
  }
}

class FakeConnection implements SyncConnection {
  online = true;
  listeners: RoomListener[] = [];
  constructor(private readonly server: FakeRoomServer) {}
  subscribe(_room: string, l: RoomListener) {
    this.listeners.push(l);
    if (this.online) this.join(l);
    return () => { this.listeners = this.listeners.filter((x) => x !== l); };
  }
  join(l: RoomListener) {
    l.joined?.({ yjs: toBase64(Y.encodeStateAsUpdate(this.server.doc)), version: 3 }, this.server.seq, false);
  }
  post(msg: { type: string; room: string; [k: string]: unknown }) {
    if (!this.online) return false;
    this.server.receive(this, msg);
    return true;
  }
  deliver(event: string, data: unknown, seq: number) {
    for (const l of this.listeners) l.event?.(event, data, seq);
  }
  drop() {
    this.online = false;
    for (const l of this.listeners) l.status?.('connecting');
  }
  /** Back: the server could not replay, so it sends a fresh snapshot. */
  back() {
    this.online = true;
    for (const l of this.listeners) l.status?.('live');
    for (const l of this.listeners) this.join(l);
  }
}

const text = (s: CommitmentSync, f = 'problem') => s.text(f).toString();
/** Let the batches go out. */
const tick = () => vi.advanceTimersByTime(SEND_EVERY_MS + 1);
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CommitmentSync', () => {
  it('two editors typing in one field see each other’s text', () => {
    const server = new FakeRoomServer();
    const versions: number[] = [];
    const a = new CommitmentSync('c1', server.connect(), { version: (v) => versions.push(v) });
    const b = new CommitmentSync('c1', server.connect());
    a.start();
    b.start();
    a.text('problem').insert(0, 'Data is late.');
    tick();
    b.text('problem').insert(b.text('problem').length, ' And incomplete.');
    tick();
    expect(text(a)).toBe('Data is late. And incomplete.');
    expect(text(b)).toBe(text(a));
    expect(server.doc.getText('problem').toString()).toBe(text(a));
    expect(versions).toEqual([3]);
  });

  it('edits made offline are sent on rejoin and merge with what others did meanwhile', () => {
    const server = new FakeRoomServer();
    const connB = server.connect();
    const a = new CommitmentSync('c1', server.connect());
    const b = new CommitmentSync('c1', connB);
    a.start();
    b.start();
    a.text('description').insert(0, 'Middle.');
    tick();
    connB.drop();
    b.text('description').insert(0, '[B offline] ');
    a.text('description').insert(a.text('description').length, ' [A meanwhile]');
    tick();
    expect(text(a, 'description')).toBe('Middle. [A meanwhile]');
    expect(b.isJoined).toBe(false);
    connB.back();
    expect(text(a, 'description')).toBe('[B offline] Middle. [A meanwhile]');
    expect(text(b, 'description')).toBe(text(a, 'description'));
  });

  it('a long offline session is sent in pieces the server accepts', () => {
    const server = new FakeRoomServer();
    const conn = server.connect();
    const a = new CommitmentSync('c1', conn);
    a.start();
    conn.drop();
    for (let i = 0; i < 40; i++) a.text('causes').insert(a.text('causes').length, `Paragraph ${i}: ${'é'.repeat(400)}\n`);
    tick();
    expect(server.sizes).toEqual([]);
    conn.back();
    expect(server.sizes.length).toBeGreaterThan(1);
    expect(Math.max(...server.sizes)).toBeLessThanOrEqual(MAX_UPDATE_BYTES);
    expect(server.doc.getText('causes').toString()).toBe(text(a, 'causes'));
  });

  it('sends nothing on rejoin when the server already has everything', () => {
    const server = new FakeRoomServer();
    const conn = server.connect();
    const a = new CommitmentSync('c1', conn);
    a.start();
    a.text('problem').insert(0, 'x');
    a.text('problem').delete(0, 1);
    tick();
    const sent = server.sizes.length;
    conn.drop();
    conn.back();
    expect(server.sizes.length).toBe(sent);
  });

  it('typing is sent in batches, and what the server refused for its rate is sent again', () => {
    const server = new FakeRoomServer();
    const conn = server.connect();
    const a = new CommitmentSync('c1', conn);
    a.start();
    for (const ch of 'Typed fast by a keen drafter.') a.text('problem').insert(a.text('problem').length, ch);
    tick();
    expect(server.sizes).toHaveLength(1);
    // The server drops the next message (rate-limited) and says so.
    const post = conn.post.bind(conn);
    conn.post = () => true;
    a.text('problem').insert(0, 'Lost? ');
    tick();
    conn.post = post;
    expect(server.doc.getText('problem').toString()).toBe('Typed fast by a keen drafter.');
    for (const l of conn.listeners) l.error?.('rate-limited', 'too many messages; slow down');
    vi.advanceTimersByTime(2000);
    expect(server.doc.getText('problem').toString()).toBe('Lost? Typed fast by a keen drafter.');
  });

  it('passes on the structured version, and a change without one (published for consultation)', () => {
    const server = new FakeRoomServer();
    const conn = server.connect();
    const versions: number[] = [];
    let changed = 0;
    const a = new CommitmentSync('c1', conn, { version: (v) => versions.push(v), changed: () => changed++ });
    a.start();
    conn.deliver('commitment/updated', { version: 4 }, 1);
    conn.deliver('commitment/updated', { state: 'in-consultation', closesAt: '2030-01-01T00:00:00Z' }, 2);
    expect(versions).toEqual([3, 4]);
    expect(changed).toBe(1);
  });
});
