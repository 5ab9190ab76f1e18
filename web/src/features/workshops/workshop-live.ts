/**
 * The state of one workshop as the console, participant and projector views show it: loaded
 * over HTTP, then kept by the `workshop:<id>` room (snapshot `{workshop, tally}` on join; round,
 * tally, agenda, lock, presence and closing events). After a reconnect the room replays what was
 * missed, or sends a fresh snapshot from which everything is rebuilt.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../../api/client.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { roundsApi, type Round } from '../rounds/rounds-api.ts';
import { measureServerClock, noteServerNow } from './server-clock.ts';
import { workshopsApi, type Attendance, type Outcome, type Tally, type Workshop } from './workshops-api.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export interface WorkshopLiveOptions {
  workshopId: () => string;
  api: () => ApiClient;
  /** Any room event, after the state was updated (e.g. the console refreshes its participant list). */
  onEvent?: (event: string, data: unknown) => void;
}

export class WorkshopLive implements ReactiveController {
  workshop: Workshop | null = null;
  /** The latest round of the workshop, whole. */
  round: Round | null = null;
  tally: Tally | null = null;
  outcome: Outcome | null = null;
  /** The reader was removed by the facilitator. */
  removed = false;
  error: unknown = null;
  readonly room: RoomController;
  private loadedId = '';
  private request = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: WorkshopLiveOptions,
  ) {
    host.addController(this);
    this.room = new RoomController(host, {
      room: () => (this.workshop && !this.removed ? `workshop:${this.workshop.id}` : null),
      onEvent: (event, data) => this.apply(event, data),
      onJoined: (snapshot, resync) => {
        if (isRecord(snapshot) && isRecord(snapshot.workshop)) void this.rebuild(snapshot.workshop as unknown as Workshop, (snapshot.tally ?? null) as Tally | null);
        else if (resync) void this.reload();
      },
      onError: (code) => {
        if (code === 'not-allowed' && this.workshop) this.removed = this.workshop.me !== null && !this.workshop.canFacilitate;
        this.host.requestUpdate();
      },
    });
  }

  hostConnected(): void {
    void measureServerClock();
  }

  hostUpdate(): void {
    const id = this.options.workshopId();
    if (id && id !== this.loadedId) {
      this.loadedId = id;
      this.workshop = this.round = this.tally = this.outcome = null;
      this.removed = false;
      this.error = null;
      void this.reload();
    }
  }

  /** Fetch the workshop (and its latest round) over HTTP. */
  async reload(): Promise<void> {
    const request = ++this.request;
    try {
      const workshop = await workshopsApi.get(this.options.api(), this.options.workshopId());
      if (request !== this.request) return;
      await this.rebuild(workshop, this.tally);
    } catch (err) {
      if (request !== this.request) return;
      if (!this.workshop) this.error = err;
      this.host.requestUpdate();
    }
  }

  /** Replace the state with what the server says now. */
  private async rebuild(workshop: Workshop, tally: Tally | null): Promise<void> {
    // A snapshot is made without the request's host: keep the link the HTTP answer gave.
    this.workshop = { ...workshop, joinUrl: this.workshop?.joinUrl && !workshop.joinUrl?.startsWith('http') ? this.workshop.joinUrl : workshop.joinUrl };
    this.error = null;
    const latest = workshop.rounds.at(-1);
    if (!latest) {
      this.round = null;
      this.tally = null;
    } else {
      if (tally?.roundId === latest.id) this.tally = tally;
      else if (this.tally?.roundId !== latest.id) this.tally = null;
      if (this.round?.id !== latest.id || this.round.state !== latest.state) {
        try {
          this.round = await roundsApi.get(this.options.api(), latest.id);
        } catch {
          // keep what we had; the next event or resync tries again
        }
      }
    }
    if (workshop.state === 'closed' && !this.outcome) {
      this.outcome = await workshopsApi.outcome(this.options.api(), workshop.id).catch(() => null);
    }
    this.host.requestUpdate();
  }

  private apply(event: string, data: unknown): void {
    const w = this.workshop;
    if (!w || !isRecord(data)) return;
    switch (event) {
      case 'rounds/opened': {
        const round = data.round as Round;
        if (!isRecord(round)) break;
        noteServerNow(round.openedAt);
        this.round = round;
        this.tally = { roundId: round.id, state: 'open', revealed: round.resultsVisible, participants: 0, paperBallots: 0, participantsBySector: {}, items: null };
        const summary = { id: round.id, title: round.title, method: round.method, state: round.state, closesAt: round.closesAt, resultsVisible: round.resultsVisible };
        this.workshop = { ...w, rounds: [...w.rounds.filter((r) => r.id !== round.id), summary] };
        break;
      }
      case 'rounds/tally':
      case 'rounds/closed': {
        const tally = data as unknown as Tally;
        if (this.round && tally.roundId !== this.round.id && !w.rounds.some((r) => r.id === tally.roundId)) {
          // A round we have not heard of: fetch the workshop again.
          void this.reload();
          break;
        }
        if (this.round && tally.roundId !== this.round.id) break; // an older round's late tally
        this.tally = tally;
        if (this.round && this.round.state !== tally.state) this.round = { ...this.round, state: tally.state };
        this.workshop = { ...w, rounds: w.rounds.map((r) => (r.id === tally.roundId ? { ...r, state: tally.state, resultsVisible: tally.revealed } : r)) };
        if (!this.round) void this.reload();
        break;
      }
      case 'workshop/agenda-moved':
        if (typeof data.currentItem === 'number') this.workshop = { ...w, currentItem: data.currentItem };
        break;
      case 'workshop/locked':
        this.workshop = { ...w, locked: data.locked === true };
        break;
      case 'workshop/presence':
      case 'workshop/participant-removed': {
        const a = data as unknown as Attendance & { key?: string };
        if (typeof a.total === 'number') this.workshop = { ...w, participants: a.total, participantsBySector: a.bySector ?? {} };
        if (a.key && w.me?.key === a.key && !w.canFacilitate) this.removed = true;
        break;
      }
      case 'workshop/closed':
        this.workshop = { ...w, state: 'closed' };
        this.outcome = data as unknown as Outcome;
        if (this.round?.state === 'open') this.round = { ...this.round, state: 'closed' };
        break;
      default:
        return;
    }
    this.host.requestUpdate();
    this.options.onEvent?.(event, data);
  }
}
