/**
 * The one websocket of the page (`/ws`, same origin, cookie auth), shared by every room
 * subscription: joins and leaves rooms, remembers the last `seq` of each room, reconnects with
 * exponential backoff and rejoins with `lastSeq` so the server replays what was missed.
 */
import type { ClientMessage, ServerMessage } from '@mesa/shared';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

/** What a subscriber hears about its room. */
export interface RoomListener {
  /** The server accepted the join. `resync` is true when this is not the first join (after a reconnect or a gap): reload what may be stale. */
  joined?(snapshot: unknown, seq: number, resync: boolean): void;
  event?(event: string, data: unknown, seq: number): void;
  error?(code: string, message: string): void;
  status?(status: ConnectionStatus): void;
  /** Who is in the room (`presence {room, count, members?}`), as the server sends it. */
  presence?(message: Extract<ServerMessage, { type: 'presence' }>): void;
}

interface Room {
  listeners: Set<RoomListener>;
  lastSeq: number | undefined;
  /** Joined at least once: the next `joined` is a resync. */
  joinedOnce: boolean;
}

/** A message the server answered by its `ref` with an `error` (or that got no answer). */
export class RoomCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'RoomCallError';
  }
}

interface PendingCall {
  resolve: (ack: Extract<ServerMessage, { type: 'ack' }>) => void;
  reject: (err: RoomCallError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export const PING_EVERY_MS = 25_000;
/** After the browser says it is back online, an open socket must answer a ping within this time or be replaced. */
const PROBE_MS = 3000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** Keep an idle socket a little while, so moving between pages does not reconnect. */
const LINGER_MS = 15_000;

export class RoomConnection {
  private socket: WebSocket | null = null;
  private readonly rooms = new Map<string, Room>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  /** Nothing came back since the last ping: the next tick drops the socket. */
  private awaitingPong = false;
  private current: ConnectionStatus = 'offline';
  private readonly calls = new Map<string, PendingCall>();
  private nextRef = 0;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly url: () => string = defaultUrl) {
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => this.wake());
      // A device waking from sleep may hold a socket that silently died.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') this.wake();
      });
    }
  }

  /**
   * Send a message that the server answers by `ref` (`ballot` → `ack`); rejects with a
   * RoomCallError when it answers with an error, when the socket is not open (code `offline`)
   * or when no answer comes within `timeoutMs` (code `timeout`).
   */
  call(message: Extract<ClientMessage, { type: 'ballot' }>, timeoutMs = 8000): Promise<Extract<ServerMessage, { type: 'ack' }>> {
    if (!this.isOpen()) return Promise.reject(new RoomCallError('offline', 'not connected'));
    const ref = `c${++this.nextRef}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(ref);
        reject(new RoomCallError('timeout', 'no answer'));
      }, timeoutMs);
      this.calls.set(ref, { resolve, reject, timer });
      this.send({ ...message, ref });
    });
  }

  /**
   * Send a room message that needs no answer (e.g. `yjs` in a commitment's room); false when the
   * socket is not open, so the caller keeps it for later.
   */
  post(message: ClientMessage | { type: string; room: string; [key: string]: unknown }): boolean {
    if (!this.isOpen()) return false;
    this.socket!.send(JSON.stringify(message));
    return true;
  }

  /** Back online or visible again: reconnect now, or check that the open socket still answers. */
  private wake(): void {
    if (!this.socket) {
      this.reconnectSoon(0);
      return;
    }
    if (!this.isOpen() || this.probeTimer !== undefined) return;
    const socket = this.socket;
    this.send({ type: 'ping' });
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (this.socket === socket) socket.close(4001, 'no answer after wake');
    }, PROBE_MS);
  }

  private failCalls(): void {
    for (const [ref, call] of this.calls) {
      clearTimeout(call.timer);
      call.reject(new RoomCallError('offline', 'connection lost'));
      this.calls.delete(ref);
    }
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Subscribe to a room; returns the function that unsubscribes. */
  subscribe(name: string, listener: RoomListener): () => void {
    clearTimeout(this.lingerTimer);
    let room = this.rooms.get(name);
    if (!room) {
      room = { listeners: new Set(), lastSeq: undefined, joinedOnce: false };
      this.rooms.set(name, room);
    }
    const first = room.listeners.size === 0;
    room.listeners.add(listener);
    listener.status?.(this.current);
    if (first && this.isOpen()) this.sendJoin(name, room);
    else if (!first && room.joinedOnce && this.isOpen()) {
      // The room is already joined for another subscriber: this one is in at once.
      const seq = room.lastSeq ?? 0;
      queueMicrotask(() => listener.joined?.(undefined, seq, false));
    }
    this.ensureSocket();
    return () => this.unsubscribe(name, listener);
  }

  /** Drop the socket and open a new one (e.g. after sign-in, so the server sees the new session). */
  restart(): void {
    if (!this.socket) return;
    const old = this.socket;
    this.detach(old);
    old.close(1000, 'restart');
    this.socket = null;
    this.setStatus('connecting');
    this.reconnectSoon(0);
  }

  private unsubscribe(name: string, listener: RoomListener): void {
    const room = this.rooms.get(name);
    if (!room || !room.listeners.delete(listener)) return;
    if (room.listeners.size > 0) return;
    this.rooms.delete(name);
    if (this.isOpen()) this.send({ type: 'leave', room: name });
    if (this.rooms.size === 0) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = setTimeout(() => this.closeIdle(), LINGER_MS);
    }
  }

  private isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private ensureSocket(): void {
    if (this.socket || this.retryTimer !== undefined || this.rooms.size === 0) return;
    this.connect();
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.rooms.size === 0) return;
    this.setStatus('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      // The backoff is reset by the first `joined`, not here: a server that accepts and then drops
      // the socket at once must not be hammered.
      this.awaitingPong = false;
      this.setStatus('live');
      for (const [name, room] of this.rooms) this.sendJoin(name, room);
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
    };
    socket.onmessage = (e) => this.onMessage(e.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.detach(socket);
      this.failCalls();
      this.socket = null;
      this.setStatus(this.rooms.size ? 'connecting' : 'offline');
      this.scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  private detach(socket: WebSocket): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private ping(): void {
    if (!this.isOpen()) return;
    if (this.awaitingPong) {
      // The previous ping went unanswered: the connection is dead even if the browser has not noticed.
      this.socket!.close(4000, 'ping timeout');
      return;
    }
    this.awaitingPong = true;
    this.send({ type: 'ping' });
  }

  private scheduleRetry(): void {
    if (this.rooms.size === 0) {
      this.setStatus('offline');
      return;
    }
    // Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... up to 30 s.
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectSoon(base / 2 + Math.random() * (base / 2));
  }

  private reconnectSoon(delay: number): void {
    if (this.socket) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private closeIdle(): void {
    if (this.rooms.size > 0 || !this.socket) return;
    const socket = this.socket;
    this.detach(socket);
    socket.close(1000, 'idle');
    this.socket = null;
    this.setStatus('offline');
  }

  private sendJoin(name: string, room: Room): void {
    this.send(room.lastSeq === undefined ? { type: 'join', room: name } : { type: 'join', room: name, lastSeq: room.lastSeq });
  }

  private send(message: ClientMessage): void {
    if (this.isOpen()) this.socket!.send(JSON.stringify(message));
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const room of this.rooms.values()) for (const l of room.listeners) l.status?.(status);
  }

  private onMessage(raw: unknown): void {
    this.awaitingPong = false; // any message shows the connection is alive
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    let msg: ServerMessage | null;
    try {
      msg = parseServerMessage(JSON.parse(String(raw)));
    } catch {
      return;
    }
    if (!msg) return;
    switch (msg.type) {
      case 'joined': {
        this.attempt = 0;
        const room = this.rooms.get(msg.room);
        if (!room) return;
        // A rejoin with lastSeq gets `joined` with no snapshot, then the missed events: keep
        // lastSeq where it is so that they count. A snapshot means replay was impossible.
        const replaying = room.lastSeq !== undefined && msg.snapshot == null;
        const resync = room.joinedOnce && !replaying;
        room.joinedOnce = true;
        if (!replaying) room.lastSeq = msg.seq;
        for (const l of [...room.listeners]) l.joined?.(msg.snapshot, msg.seq, resync);
        return;
      }
      case 'event': {
        const room = this.rooms.get(msg.room);
        if (!room) return;
        if (room.lastSeq !== undefined && msg.seq <= room.lastSeq) return; // seen already
        const gap = room.lastSeq !== undefined && msg.seq > room.lastSeq + 1;
        room.lastSeq = msg.seq;
        // Events carry absolute values (counts, whole comments), so applying one late is harmless.
        for (const l of [...room.listeners]) l.event?.(msg.event, msg.data, msg.seq);
        // A hole in the numbering: something was lost; let the page reload what it shows.
        if (gap) for (const l of [...room.listeners]) l.joined?.(undefined, msg.seq, true);
        return;
      }
      case 'ack': {
        const call = msg.ref ? this.calls.get(msg.ref) : undefined;
        if (!call || !msg.ref) return;
        this.calls.delete(msg.ref);
        clearTimeout(call.timer);
        call.resolve(msg);
        return;
      }
      case 'error': {
        const call = msg.ref ? this.calls.get(msg.ref) : undefined;
        if (call && msg.ref) {
          this.calls.delete(msg.ref);
          clearTimeout(call.timer);
          call.reject(new RoomCallError(msg.code, msg.message, msg.errors ?? []));
          return;
        }
        const room = msg.room ? this.rooms.get(msg.room) : undefined;
        if (msg.code === 'resync' && room && msg.room) {
          // The server could not replay what this room missed: join afresh (a snapshot comes back, and the page reloads).
          room.lastSeq = undefined;
          this.sendJoin(msg.room, room);
          return;
        }
        const targets = msg.room ? [room] : [...this.rooms.values()];
        for (const r of targets) for (const l of r ? [...r.listeners] : []) l.error?.(msg.code, msg.message);
        return;
      }
      case 'presence': {
        const room = this.rooms.get(msg.room);
        for (const l of room ? [...room.listeners] : []) l.presence?.(msg);
        return;
      }
      case 'pong':
        return;
    }
  }
}

/**
 * The shape checks of shared/src/rooms.ts `ServerMessage`, by hand: zod itself would more than
 * double the size of the page's script for these few fields.
 */
export function parseServerMessage(value: unknown): ServerMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  const str = (k: string) => typeof m[k] === 'string';
  const int = (k: string) => Number.isInteger(m[k]);
  switch (m.type) {
    case 'joined':
      return str('room') && int('seq') ? (m as ServerMessage) : null;
    case 'event':
      return str('room') && int('seq') && str('event') ? (m as ServerMessage) : null;
    case 'presence':
      return str('room') && int('count') ? (m as ServerMessage) : null;
    case 'error':
      return str('code') && str('message') && (m.room === undefined || str('room')) && (m.ref === undefined || str('ref')) && (m.errors === undefined || Array.isArray(m.errors))
        ? (m as ServerMessage)
        : null;
    case 'pong':
      return m as ServerMessage;
    case 'ack':
      return str('roundId') && (m.ref === undefined || str('ref')) ? (m as ServerMessage) : null;
    default:
      return null;
  }
}

function defaultUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/ws`;
}

/** The page's one connection. */
export const roomConnection = new RoomConnection();
