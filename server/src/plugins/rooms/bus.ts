/**
 * How room events reach every server process. With PGlite there is one process: events go
 * straight to the hub. With PostgreSQL each append NOTIFYs inside its transaction (delivered at
 * commit, in commit order) and every process LISTENs on one dedicated connection.
 */
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { RoomEvent } from './store.ts';

export const CHANNEL = 'mesa_rooms';
/** NOTIFY payloads are capped at 8000 bytes; bigger events are sent as a reference and read back. */
export const MAX_INLINE_PAYLOAD = 7000;

export type Notice = RoomEvent | { room: string; seq: number; ref: true };

export function noticePayload(e: RoomEvent): string {
  const full = JSON.stringify(e);
  return Buffer.byteLength(full) <= MAX_INLINE_PAYLOAD ? full : JSON.stringify({ room: e.room, seq: e.seq, ref: true });
}

/** First and longest wait between reconnection attempts (doubling, with jitter). */
export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 5000;

/**
 * The wait before reconnection attempt `attempt` (0 first): 0.25 s doubling to 5 s, each drawn
 * between half and all of that, so the processes behind one address do not all come back at once.
 */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Listens for notices from all processes on one dedicated connection. When it is lost (the
 * database restarted, stopped, the network cut) it reconnects with backoff for as long as it
 * takes, then asks for a resync: notices sent while it was away are gone, the events are not.
 */
export class PgListener {
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  #attempt = 0;
  #connecting = false;

  constructor(
    private readonly url: string,
    private readonly onNotice: (n: Notice) => void,
    private readonly onReconnect: () => void,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Connects and LISTENs; throws when the first connection fails (the server cannot start without its database). */
  async start(): Promise<void> {
    await this.#connect();
  }

  /** Whether the listening connection is up now (false while reconnecting). */
  get connected(): boolean {
    return this.#client !== null;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try { this.onNotice(JSON.parse(msg.payload) as Notice); } catch (err) { this.log.warn({ err }, 'bad room notice'); }
    });
    // 'error' and 'end' both come when a connection dies; #lost acts once per connection.
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.end().catch(() => {});
      throw err;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  #lost(client: pg.Client, err?: Error) {
    if (this.#closed || this.#client !== client) return; // a failed attempt, or already handled
    this.#client = null;
    this.log.warn({ err: err?.message }, 'room listener connection lost; reconnecting');
    client.end().catch(() => {});
    this.#attempt = 0;
    this.#schedule();
  }

  #schedule() {
    if (this.#closed) return;
    this.#retry = setTimeout(() => this.#attemptNow(), reconnectDelay(this.#attempt++));
  }

  #attemptNow() {
    this.#retry = undefined;
    this.#connecting = true;
    this.#connect().then(() => {
      this.#connecting = false;
      if (this.#closed) return;
      this.log.info({ attempts: this.#attempt }, 'room listener reconnected');
      this.#attempt = 0;
      this.onReconnect();
    }, (err: unknown) => {
      this.#connecting = false;
      if (this.#attempt <= 1 || this.#attempt % 10 === 0) this.log.warn({ err: (err as Error).message, attempt: this.#attempt }, 'room listener still reconnecting');
      this.#schedule();
    });
  }

  /**
   * The database answered someone else (a publish went through): while waiting to reconnect,
   * try now rather than at the end of a backoff of up to 5 s, so live events resume at once.
   */
  nudge() {
    if (this.#closed || this.#client || this.#connecting || !this.#retry) return;
    clearTimeout(this.#retry);
    this.#attemptNow();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
