/**
 * The facilitator's view of the breakout tables: in every table's room at once (the one shared
 * socket), so each table's round events arrive as they happen; the tables' members, rounds and
 * ballots in are read over HTTP after those events (at most every 250 ms), not polled.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Http } from '../../api/http.ts';
import { roomConnection } from '../../controllers/room-connection.ts';
import { workshopsApi, type TableProgress } from './workshops-api.ts';

export interface TablesWatchOptions {
  /** The workshop and how many tables it has now (0: none), or null before it is known. */
  workshop: () => { id: string; tables: number } | null;
  api: () => Http;
  onEvent?: (event: string, table: number) => void;
}

export class TablesWatch implements ReactiveController {
  tables: TableProgress[] = [];
  private readonly subscribed = new Map<string, () => void>();
  private connected = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;
  private loadedFor = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: TablesWatchOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdated(): void {
    if (this.connected) this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
    for (const off of this.subscribed.values()) off();
    this.subscribed.clear();
  }

  /** Read the tables again soon (several events in a burst make one request). */
  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 250);
  }

  async refresh(): Promise<void> {
    const w = this.options.workshop();
    if (!w) return;
    const request = ++this.request;
    if (w.tables === 0) {
      this.tables = [];
      this.host.requestUpdate();
      return;
    }
    try {
      const items = (await workshopsApi.tables(this.options.api(), w.id)).items;
      if (request !== this.request) return;
      this.tables = items;
      this.host.requestUpdate();
    } catch {
      // keep the last view; the next event tries again
    }
  }

  private sync(): void {
    const w = this.options.workshop();
    const want = new Set<string>();
    for (let n = 1; w && n <= w.tables; n++) want.add(`workshop:${w.id}:table:${n}`);
    for (const [name, off] of this.subscribed) {
      if (!want.has(name)) {
        off();
        this.subscribed.delete(name);
      }
    }
    for (const name of want) {
      if (this.subscribed.has(name)) continue;
      const table = Number(name.split(':').at(-1));
      this.subscribed.set(name, roomConnection.subscribe(name, {
        joined: (_snapshot, _seq, resync) => {
          if (resync) this.refreshSoon();
        },
        event: (event) => {
          this.refreshSoon();
          this.options.onEvent?.(event, table);
        },
      }));
    }
    const key = w ? `${w.id}:${w.tables}` : '';
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      void this.refresh();
    }
  }
}
