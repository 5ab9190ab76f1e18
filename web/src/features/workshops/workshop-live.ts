/**
 * The state of one workshop as the console, participant and projector views show it: loaded
 * over HTTP, then kept by the `workshop:<id>` room (snapshot `{workshop, tally, hands}` on join;
 * round, tally, agenda, lock, presence, tables, broadcast, hands, questions and closing events).
 * After a reconnect the room replays what was missed, or sends a fresh snapshot from which
 * everything is rebuilt. `round` is the latest plenary round: breakout tables' own rounds live in
 * their table rooms (see table-live.ts); a round pulled back from the tables (`combinedFrom`)
 * shows its stored combined results.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Http } from '../../api/http.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { roundsApi, type Round } from '../rounds/rounds-api.ts';
import { measureServerClock, noteServerNow } from './server-clock.ts';
import { workshopsApi, type Attendance, type Broadcast, type Hand, type Outcome, type Question, type Tally, type Workshop } from './workshops-api.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export interface WorkshopLiveOptions {
  workshopId: () => string;
  api: () => Http;
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
  /** Raised hands, oldest first. */
  hands: Hand[] = [];
  /** Questions from the floor, in the order the server gives (unanswered and most upvoted first). */
  questions: Question[] = [];
  /** The facilitator's latest message/timer to everyone (read again on every reload). */
  broadcast: Broadcast | null = null;
  /** Each known round's table (null: the plenary); a round's table never changes. */
  private readonly tableOf = new Map<string, number | null>();
  /** Combined rounds' tallies, read once from their stored results. */
  private readonly combined = new Map<string, Tally>();
  /** Questions the reader upvoted or asked (the room's list is the same for everyone). */
  private readonly myVotes = new Set<string>();
  private readonly mine = new Set<string>();
  private questionsRequest = 0;
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
        if (isRecord(snapshot) && Array.isArray(snapshot.hands)) this.hands = snapshot.hands as Hand[];
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
      this.hands = [];
      this.questions = [];
      this.broadcast = null;
      void this.reload();
    }
  }

  /** Fetch the workshop (and its latest round) over HTTP. */
  async reload(): Promise<void> {
    const request = ++this.request;
    try {
      const id = this.options.workshopId();
      const [workshop, hands, broadcast] = await Promise.all([
        workshopsApi.get(this.options.api(), id),
        workshopsApi.hands(this.options.api(), id).catch(() => null),
        workshopsApi.lastBroadcast(this.options.api(), id).catch(() => null),
      ]);
      if (request !== this.request) return;
      if (hands) this.hands = hands.items;
      if (broadcast) this.broadcast = broadcast.broadcast;
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
    void this.loadQuestions();
    const latest = await this.latestPlenary(workshop);
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
      if (this.round?.id === latest.id && this.round.combinedFrom) {
        // The room's tally of a combined round counts its own ballots (none): show the stored results.
        this.tally = this.combined.get(latest.id) ?? this.tally;
        if (!this.combined.has(latest.id)) await this.loadCombined(latest.id);
      }
    }
    if (workshop.state === 'closed' && !this.outcome) {
      this.outcome = await workshopsApi.outcome(this.options.api(), workshop.id).catch(() => null);
    }
    this.host.requestUpdate();
  }

  /** The latest round held in the plenary (tables' rounds are skipped); learns unknown rounds' tables. */
  private async latestPlenary(workshop: Workshop): Promise<Workshop['rounds'][number] | null> {
    const unknown = workshop.rounds.filter((r) => !this.tableOf.has(r.id));
    if (unknown.length > 3) {
      // Many at once (a first load after tables voted): one list of the process's rounds.
      try {
        for (const r of (await roundsApi.list(this.options.api(), workshop.processSlug)).items) this.tableOf.set(r.id, r.tableNo);
      } catch {
        // one by one below
      }
    }
    for (const summary of [...workshop.rounds].reverse()) {
      if (!this.tableOf.has(summary.id)) {
        try {
          const r = await roundsApi.get(this.options.api(), summary.id);
          this.tableOf.set(r.id, r.tableNo);
          if (r.tableNo === null) this.round = r;
        } catch {
          continue;
        }
      }
      if (this.tableOf.get(summary.id) === null) return summary;
    }
    return null;
  }

  private async loadCombined(roundId: string): Promise<void> {
    try {
      const r = await roundsApi.results(this.options.api(), roundId);
      const tally: Tally = {
        roundId, state: 'closed', revealed: true, participants: r.participants, paperBallots: r.paperBallots,
        participantsBySector: r.participantsBySector, items: r.items.map((i) => ({ proposalId: i.proposalId, score: i.score, rank: i.rank })),
      };
      this.combined.set(roundId, tally);
      if (this.round?.id === roundId) this.tally = tally;
      this.host.requestUpdate();
    } catch {
      // the next resync tries again
    }
  }

  /** Questions over HTTP: the reader's own view (their upvotes; hidden ones for facilitators). */
  async loadQuestions(): Promise<void> {
    const request = ++this.questionsRequest;
    try {
      const items = (await workshopsApi.questions(this.options.api(), this.options.workshopId())).items;
      if (request !== this.questionsRequest) return;
      this.myVotes.clear();
      for (const q of items) {
        if (q.votedByMe) this.myVotes.add(q.id);
        if (q.mine) this.mine.add(q.id);
      }
      this.questions = items;
      this.host.requestUpdate();
    } catch {
      // not in the workshop (yet): no questions shown
    }
  }

  /** The reader upvotes (or takes back) a question: remembered for the room's next list; counts come from the server. */
  noteVote(id: string, voted: boolean): void {
    if (voted) this.myVotes.add(id);
    else this.myVotes.delete(id);
    this.questions = this.questions.map((q) => (q.id === id ? { ...q, votedByMe: voted } : q));
    this.host.requestUpdate();
  }

  /** The reader asked this question. */
  noteAsked(id: string): void {
    this.mine.add(id);
    // The room's list may have come before the answer to the question sent.
    this.questions = this.questions.map((q) => (q.id === id ? { ...q, mine: true } : q));
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
        this.tableOf.set(round.id, round.tableNo ?? null);
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
        const seated = (data as { seated?: { key?: unknown; table?: unknown } }).seated;
        if (seated && w.me && seated.key === w.me.key && typeof seated.table === 'number') this.workshop = { ...this.workshop!, me: { ...w.me, table: seated.table } };
        break;
      }
      case 'workshop/tables-formed': {
        const count = typeof data.count === 'number' ? data.count : w.tables;
        const seats = Array.isArray(data.seats) ? (data.seats as Array<{ key: string; table: number }>) : [];
        const mine = w.me ? seats.find((s) => s.key === w.me!.key) : undefined;
        this.workshop = { ...w, tables: count, me: w.me ? { ...w.me, table: mine?.table ?? null } : null };
        break;
      }
      case 'workshop/tables-closed':
        this.workshop = { ...w, tables: 0, me: w.me ? { ...w.me, table: null } : null };
        break;
      case 'workshop/broadcast': {
        const b = { message: typeof data.message === 'string' ? data.message : null, endsAt: typeof data.endsAt === 'string' ? data.endsAt : null };
        this.broadcast = b;
        break;
      }
      case 'workshop/hands':
        if (Array.isArray(data.queue)) this.hands = data.queue as Hand[];
        break;
      case 'workshop/questions':
        // Facilitators also see hidden questions: they read their own list; others take the room's.
        if (w.canFacilitate) void this.loadQuestions();
        else if (Array.isArray(data.items)) {
          this.questionsRequest += 1;
          this.questions = (data.items as Question[]).map((q) => ({ ...q, mine: this.mine.has(q.id), votedByMe: this.myVotes.has(q.id) }));
        }
        break;
      case 'workshop/question-hidden':
        if (w.canFacilitate) void this.loadQuestions();
        else if (data.hidden === true) this.questions = this.questions.filter((q) => q.id !== data.questionId);
        else void this.loadQuestions();
        break;
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
