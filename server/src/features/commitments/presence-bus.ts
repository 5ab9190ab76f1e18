/**
 * Field presence across server processes (PostgreSQL only; PGlite is one process). Each process
 * NOTIFYs its share of a room when it changes (at most every 50 ms per room), asks the others for theirs when a room gets its
 * first local socket, repeats its shares every 20 s and says goodbye on shutdown. A process not
 * heard from for 65 s (crashed, cut off) is forgotten. Nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { reconnectDelay } from '../../plugins/rooms/bus.ts';
import type { FieldPresence, ProcessShare } from './presence.ts';

const CHANNEL = 'mesa_presence';
const HEARTBEAT_MS = 20_000;
const FORGET_AFTER_MS = 65_000;
/** NOTIFY payloads are capped at 8000 bytes. */
const MAX_PAYLOAD = 7500;
const FLUSH_MS = 50;

interface Notice { p: string; room?: string; share?: ProcessShare; ask?: true; bye?: true }

/** The notice as JSON under the payload cap: long member lists are cut (the count stays right). */
export function encodeNotice(n: Notice): string {
  let out = JSON.stringify(n);
  if (!n.share) return out;
  let members = n.share.members;
  while (Buffer.byteLength(out) > MAX_PAYLOAD && members.length > 0) {
    members = members.slice(0, Math.floor(members.length / 2));
    out = JSON.stringify({ ...n, share: { ...n.share, members } });
  }
  return out;
}

export async function startPresenceBus(app: FastifyInstance, presence: FieldPresence) {
  const url = app.config.databaseUrl;
  if (app.engine !== 'postgres' || !url) return;
  const self = randomUUID();
  const heard = new Map<string, number>();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;

  const send = (n: Omit<Notice, 'p'>) => sql`select pg_notify(${CHANNEL}, ${encodeNotice({ p: self, ...n })})`.execute(app.db)
    .then(() => undefined, (err: unknown) => { if (!closed) app.log.warn({ err }, 'presence notice failed'); });

  // Local changes are sent at most every 50 ms per room (50 people joining at once: one notice).
  const pending = new Set<string>();
  const announced = new Set<string>();
  let flushing: NodeJS.Timeout | undefined;
  const flush = () => {
    flushing = undefined;
    for (const room of pending) {
      const share = presence.localShare(room);
      // A room this process just started serving: ask the others who is already there.
      const ask = share.count > 0 && !announced.has(room);
      if (share.count > 0) announced.add(room); else announced.delete(room);
      void send({ room, share, ...(ask ? { ask: true as const } : {}) });
    }
    pending.clear();
  };
  presence.onLocalChange = (room) => {
    pending.add(room);
    flushing ??= setTimeout(flush, FLUSH_MS);
  };

  const onNotice = (raw: string) => {
    let n: Notice;
    try { n = JSON.parse(raw) as Notice; } catch { return; }
    if (typeof n.p !== 'string' || n.p === self) return;
    if (n.bye) {
      heard.delete(n.p);
      presence.forgetProcess(n.p);
      return;
    }
    heard.set(n.p, Date.now());
    if (typeof n.room !== 'string') return;
    if (n.share && Number.isInteger(n.share.count) && Array.isArray(n.share.members)) presence.remote(n.room, n.p, n.share);
    if (n.ask) {
      const mine = presence.localShare(n.room);
      if (mine.count > 0) void send({ room: n.room, share: mine });
    }
  };

  // Like the room bus: tried again with backoff (0.25 s doubling to 5 s) for as long as it takes.
  const reconnectLater = () => {
    if (closed) return;
    retry = setTimeout(() => { connect().catch(() => reconnectLater()); }, reconnectDelay(attempt++));
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    c.on('notification', (msg) => { if (msg.channel === CHANNEL && msg.payload) onNotice(msg.payload); });
    const lost = () => {
      if (closed || client !== c) return;
      client = null;
      c.end().catch(() => {});
      reconnectLater();
    };
    c.on('error', (err) => { app.log.warn({ err }, 'presence listener connection lost'); lost(); });
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    client = c;
    attempt = 0;
    // After (re)connecting, catch up: ask the others about every room we serve.
    for (const room of presence.localRooms()) void send({ room, share: presence.localShare(room), ask: true });
  };
  await connect();

  const beat = setInterval(() => {
    for (const room of presence.localRooms()) void send({ room, share: presence.localShare(room) });
    const now = Date.now();
    for (const [p, at] of heard) {
      if (now - at > FORGET_AFTER_MS) {
        heard.delete(p);
        presence.forgetProcess(p);
      }
    }
  }, HEARTBEAT_MS);
  beat.unref();

  app.addHook('onClose', async () => {
    await send({ bye: true });
    closed = true;
    clearTimeout(flushing);
    clearInterval(beat);
    clearTimeout(retry);
    await client?.end().catch(() => {});
  });
}
