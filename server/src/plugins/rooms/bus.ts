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

/** Listens for notices from all processes; reconnects after a lost connection and asks for a resync. */
export class PgListener {
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly onNotice: (n: Notice) => void,
    private readonly onReconnect: () => void,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try { this.onNotice(JSON.parse(msg.payload) as Notice); } catch (err) { this.log.warn({ err }, 'bad room notice'); }
    });
    client.on('error', (err) => { this.log.warn({ err }, 'room listener connection lost'); this.#restart(client); });
    client.on('end', () => this.#restart(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#client = client;
  }

  #restart(client: pg.Client) {
    if (this.#closed || this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => {});
    this.#retry = setTimeout(() => {
      this.start().then(() => this.onReconnect()).catch(() => this.#restart(client));
    }, 1000);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#client?.end().catch(() => {});
  }
}
