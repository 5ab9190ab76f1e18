/**
 * A participant's breakout table: the `workshop:<id>:table:<n>` room (snapshot `{table, tally}`,
 * then the table's own round events) and who sits there (over HTTP, reloaded when tables are
 * formed again or someone arrives late). Follows the reader to another table when re-seated.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Http } from '../../api/http.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { roundsApi, type Round } from '../rounds/rounds-api.ts';
import { noteServerNow } from './server-clock.ts';
import { workshopsApi, type Tally, type TableMember, type Workshop } from './workshops-api.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export interface TableLiveOptions {
  workshop: () => Workshop | null;
  api: () => Http;
  /** Whether the reader may be in a table room now (not removed, workshop open). */
  active: () => boolean;
  onEvent?: (event: string) => void;
}

export class TableLive implements ReactiveController {
  /** The table these members, round and tally belong to (null: not seated). */
  table: number | null = null;
  members: TableMember[] = [];
  /** The table's latest round, whole. */
  round: Round | null = null;
  tally: Tally | null = null;
  readonly room: RoomController;
  private request = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: TableLiveOptions,
  ) {
    host.addController(this);
    this.room = new RoomController(host, {
      room: () => {
        const w = this.options.workshop();
        return w?.me?.table && this.options.active() ? `workshop:${w.id}:table:${w.me.table}` : null;
      },
      onEvent: (event, data) => this.apply(event, data),
      onJoined: (snapshot, resync) => {
        if (isRecord(snapshot)) void this.fromSnapshot((snapshot.tally ?? null) as Tally | null);
        if (resync || isRecord(snapshot)) void this.reloadMembers();
      },
    });
  }

  hostUpdate(): void {
    const seat = this.options.workshop()?.me?.table ?? null;
    if (seat !== this.table) {
      this.table = seat;
      this.round = this.tally = null;
      this.members = [];
      if (seat) void this.reloadMembers();
    }
  }

  /** Who sits at the reader's table, over HTTP. */
  async reloadMembers(): Promise<void> {
    const w = this.options.workshop();
    if (!w?.me?.table) return;
    const request = ++this.request;
    try {
      const mine = await workshopsApi.myTable(this.options.api(), w.id);
      if (request !== this.request || mine.table !== this.table) return;
      this.members = mine.members;
      this.host.requestUpdate();
    } catch {
      // keep the last list; the next event tries again
    }
  }

  private async fromSnapshot(tally: Tally | null): Promise<void> {
    const table = this.table;
    if (!tally) {
      this.round = this.tally = null;
      this.host.requestUpdate();
      return;
    }
    try {
      const round = this.round?.id === tally.roundId && this.round.state === tally.state ? this.round : await roundsApi.get(this.options.api(), tally.roundId);
      if (table !== this.table) return;
      this.round = round;
      this.tally = tally;
    } catch {
      // the next event or resync tries again
    }
    this.host.requestUpdate();
  }

  private apply(event: string, data: unknown): void {
    if (!isRecord(data)) return;
    switch (event) {
      case 'rounds/opened': {
        const round = data.round as Round;
        if (!isRecord(round)) return;
        noteServerNow(round.openedAt);
        this.round = round;
        this.tally = { roundId: round.id, state: 'open', revealed: round.resultsVisible, participants: 0, paperBallots: 0, participantsBySector: {}, items: null };
        break;
      }
      case 'rounds/tally':
      case 'rounds/closed': {
        const tally = data as unknown as Tally;
        if (this.round?.id !== tally.roundId) {
          void this.fromSnapshot(tally);
          return;
        }
        this.tally = tally;
        if (this.round.state !== tally.state) this.round = { ...this.round, state: tally.state };
        break;
      }
      default:
        return;
    }
    this.host.requestUpdate();
    this.options.onEvent?.(event);
  }
}
