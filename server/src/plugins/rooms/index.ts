/**
 * Live rooms over one websocket endpoint (/ws). Features publish events with
 * `app.rooms.publish(...)` and declare room kinds with `app.rooms.defineRoom(...)`.
 */
import { randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import { ClientMessage, type ServerMessage } from '@mesa/shared';
import { touchSession } from '../auth.ts';
import { asProblem } from '../problems.ts';
import { noticePayload, PgListener, CHANNEL } from './bus.ts';
import { RoomHub, type Peer, type RoomKind } from './hub.ts';
import { FairGate, JOINS_AT_ONCE, MAX_JOINS_IN_FLIGHT, MAX_ROOMS_PER_SOCKET, SocketCounts } from './limits.ts';
import { isRightsNotice, SocketRights } from './rights.ts';
import { socketError } from './socket-errors.ts';
import { SESSION_CACHE_MS } from '../session-cache.ts';
import { appendEvent } from './store.ts';
import type { Conn } from '../../db/database.ts';

type FeatureMessage = Exclude<ClientMessage, { type: 'join' | 'leave' | 'ping' }>;
/** Handles a feature's websocket message; whatever it throws is sent back as an `error`. */
export type MessageHandler<T extends FeatureMessage['type']> = (peer: Peer, msg: Extract<FeatureMessage, { type: T }>) => Promise<ServerMessage | void>;

export interface Rooms {
  /**
   * Stores the event with the room's next number and delivers it to every process; returns its seq.
   * Pass `data` as a function of the transaction for state snapshots (queues, counts): it is read
   * once the room is locked, so events carrying state arrive in the order the state changed.
   */
  publish(e: { room: string; event: string; data: unknown | ((trx: Conn) => Promise<unknown>); processId: string | null }): Promise<number>;
  defineRoom(kind: string, def: RoomKind): void;
  /** Lets a feature take a message type (ballot, hand, ...) from sockets. */
  onMessage<T extends FeatureMessage['type']>(type: T, handler: MessageHandler<T>): void;
  readonly hub: RoomHub;
  /** Open sockets and their rights (sweep, re-checks). */
  readonly rights: SocketRights;
}

declare module 'fastify' {
  interface FastifyInstance { rooms: Rooms }
}

const PING_EVERY_MS = 30_000;
const TOUCH_EVERY_MS = 60_000;
/** Frames above this are refused with an error (the socket stays open); far larger ones close it. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** Per socket: a burst of 20 messages, then 10 a second. */
const BUCKET = { size: 20, perSecond: 10 };

/** Sessions of open sockets are checked this often for an end nobody announced (expiry, a missed notice). */
const SWEEP_EVERY_MS = 30_000;

function reply(socket: WebSocket, msg: ServerMessage) {
  if (socket.readyState === 1) socket.send(JSON.stringify(msg));
}

export default fp(async function roomsPlugin(app: FastifyInstance) {
  const hub = new RoomHub(app.db, app.log);
  const rights = new SocketRights(app.db, hub, app.log);
  // Rights changes share the rooms' channel; `origin` lets a process skip its own.
  const origin = randomUUID();
  const listener = app.engine === 'postgres' && app.config.databaseUrl
    ? new PgListener(app.config.databaseUrl, (n) => {
      if (!isRightsNotice(n)) return hub.receive(n);
      if (n.from === origin) return;
      app.sessions.applyRemote(n.rights);
      rights.apply(n.rights);
    }, () => { hub.resyncAll(); void rights.recheckAll(); }, app.log)
    : null;
  if (listener) await listener.start();
  // Called once the change is committed: this process's sockets at once, then the others'.
  app.sessions.onChange((change) => {
    rights.apply(change);
    if (!listener) return;
    app.db.selectNoFrom((eb) => eb.fn('pg_notify', [eb.val(CHANNEL), eb.val(JSON.stringify({ rights: change, from: origin }))]).as('n')).execute()
      .catch((err: Error) => app.log.warn({ err: err.message }, 'rights notice not sent; the sweep will catch up'));
  });
  const sweeper = setInterval(() => { rights.sweep().catch((err: Error) => app.log.warn({ err: err.message }, 'socket sweep failed')); }, SWEEP_EVERY_MS);
  sweeper.unref();
  const counts = new SocketCounts({ perAddress: app.config.wsMaxPerAddress, perSession: app.config.wsMaxPerSession });
  const gate = new FairGate(JOINS_AT_ONCE);

  const handlers = new Map<string, MessageHandler<never>>();
  const rooms: Rooms = {
    hub,
    rights,
    defineRoom: (kind, def) => hub.defineRoom(kind, def),
    onMessage: (type, handler) => { handlers.set(type, handler as unknown as MessageHandler<never>); },
    async publish(e) {
      const event = await app.db.transaction().execute(async (trx) => {
        const { seq, data } = await appendEvent(trx, e);
        const stored = { room: e.room, seq, event: e.event, data: data ?? null };
        if (listener) await trx.selectNoFrom((eb) => eb.fn('pg_notify', [eb.val(CHANNEL), eb.val(noticePayload(stored))]).as('n')).execute();
        return stored;
      });
      if (listener) {
        hub.changed(e.room); // at once for this process's caches; the bus brings it to the others
        listener.nudge(); // the database answers: a listener waiting to reconnect tries now
      } else hub.receive(event);
      return event.seq;
    },
  };
  app.decorate('rooms', rooms);

  await app.register(websocket, { options: { maxPayload: 256 * 1024 }, errorHandler: socketError });

  app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const address = request.ip;
    const admitted = counts.admit(address, request.sessionId);
    if (admitted !== 'ok') {
      reply(socket, { type: 'error', code: 'too-many', message: admitted === 'address' ? 'too many sockets from this address' : 'too many sockets for this session' });
      socket.close(1013, 'too many sockets');
      return;
    }
    const peer: Peer = { socket, user: request.user, guest: request.guest, sessionId: request.sessionId, rooms: new Set(), epoch: 0 };
    rights.add(peer);
    /** Rooms with a join under way on this socket. */
    const joining = new Set<string>();
    let rightsReadAt = Date.now();
    let alive = true;
    let lastTouch = Date.now();
    let tokens = BUCKET.size;
    let refilled = Date.now();
    // One socket's messages are handled in the order sent (a raise then a lower stays lowered).
    let inOrder: Promise<unknown> = Promise.resolve();
    const pinger = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_EVERY_MS);
    socket.on('pong', () => { alive = true; });

    socket.on('message', (raw: Buffer) => {
      alive = true;
      const now = Date.now();
      tokens = Math.min(BUCKET.size, tokens + ((now - refilled) / 1000) * BUCKET.perSecond);
      refilled = now;
      if (tokens < 1) return reply(socket, { type: 'error', code: 'rate-limited', message: 'too many messages; slow down' });
      tokens -= 1;
      if (raw.length > MAX_MESSAGE_BYTES) return reply(socket, { type: 'error', code: 'too-large', message: `messages are at most ${MAX_MESSAGE_BYTES} bytes` });
      if (peer.sessionId && Date.now() - lastTouch > TOUCH_EVERY_MS) {
        lastTouch = Date.now();
        touchSession(app, peer.sessionId).catch(() => {});
      }
      let parsed: ReturnType<typeof ClientMessage.safeParse>;
      try {
        parsed = ClientMessage.safeParse(JSON.parse(String(raw)));
      } catch {
        return reply(socket, { type: 'error', code: 'bad-message', message: 'messages are JSON objects' });
      }
      if (!parsed.success) {
        // Messages written into a schema (a NUL in a text, ...) are keys under `problems:field.`.
        const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'message', message: request.t(`problems:field.${i.message}`, { defaultValue: i.message }) }));
        return reply(socket, { type: 'error', code: 'bad-message', message: `${errors[0]?.path ?? 'message'}: ${errors[0]?.message ?? 'invalid'}`, errors });
      }
      const msg = parsed.data;
      if (msg.type === 'ping') return reply(socket, { type: 'pong' });
      if (msg.type === 'leave') return hub.leave(peer, msg.room);
      if (msg.type !== 'join') {
        const handler = handlers.get(msg.type);
        if (!handler) return reply(socket, { type: 'error', code: 'bad-message', message: `${msg.type} is not taken here` });
        // Each message is authorised against the session as stored now, not as it was at connect.
        inOrder = inOrder.then(async () => ((await rights.current(peer)) ? handler(peer, msg as never) : undefined)).then((answer) => { if (answer) reply(socket, answer); }).catch((caught: unknown) => {
          // A ProblemError, or an unreachable database as `unavailable`: the socket stays open either way.
          const err = asProblem(caught);
          const known = err !== null;
          if (!known) app.log.error({ err: caught }, 'websocket message failed');
          reply(socket, {
            type: 'error', code: known ? err.code : 'internal', message: known ? request.t(`problems:detail.${err.detailKey ?? err.code}`, { ...err.params, defaultValue: err.code }) : 'failed',
            ...('ref' in msg && msg.ref ? { ref: msg.ref } : {}), ...(known && err.errors ? { errors: err.errors.map((e) => ({ path: e.path, message: request.t(`problems:field.${e.message}`, { defaultValue: e.message }) })) } : {}),
          });
        });
        return;
      }
      // The same room asked again while its join is under way: that join's `joined` answers both.
      if (joining.has(msg.room)) return;
      if (!peer.rooms.has(msg.room) && peer.rooms.size + joining.size >= MAX_ROOMS_PER_SOCKET) {
        return reply(socket, { type: 'error', code: 'too-many', room: msg.room, message: `a socket is in ${MAX_ROOMS_PER_SOCKET} rooms at most` });
      }
      if (joining.size >= MAX_JOINS_IN_FLIGHT) {
        return reply(socket, { type: 'error', code: 'rate-limited', room: msg.room, message: `at most ${MAX_JOINS_IN_FLIGHT} joins at once` });
      }
      joining.add(msg.room);
      gate.run(address, async () => {
        if (socket.readyState !== 1) return 'ok' as const;
        // Joins see a signed-out session no later than a request would (the sockets of a session ended here close at once).
        if (peer.sessionId && Date.now() - rightsReadAt > SESSION_CACHE_MS) {
          rightsReadAt = Date.now();
          if (!(await rights.current(peer))) return 'ok' as const;
        }
        return hub.join(peer, msg.room, msg.lastSeq);
      }).then((result) => {
        if (result !== 'ok') reply(socket, { type: 'error', code: result, room: msg.room, message: `cannot join ${msg.room}` });
      }).finally(() => { joining.delete(msg.room); }).catch((err) => {
        const problem = asProblem(err);
        if (!problem) app.log.error({ err }, 'join failed');
        reply(socket, problem
          ? { type: 'error', code: problem.code, room: msg.room, message: request.t(`problems:detail.${problem.detailKey ?? problem.code}`, { ...problem.params, defaultValue: problem.code }) }
          : { type: 'error', code: 'internal', room: msg.room, message: 'join failed' });
      });
    });

    socket.on('close', () => {
      clearInterval(pinger);
      hub.leaveAll(peer);
      rights.remove(peer);
      counts.release(address, peer.sessionId);
    });
  });

  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await listener?.close();
  });
}, { name: 'rooms', dependencies: ['db', 'auth'] });
