// Live workshops as the web app calls them (shapes from shared/src/workshops.ts, types only).
import type { CreateWorkshopBody, Sector, Workshop, WorkshopOutcome } from '@mesa/shared';
import type { z } from 'zod';
import type { Http } from '../../api/http.ts';
import type { Round } from '../rounds/rounds-api.ts';

export type { Workshop } from '@mesa/shared';
export type Outcome = z.infer<typeof WorkshopOutcome>;
export type NewWorkshop = CreateWorkshopBody;
export type AgendaEntry = Workshop['agenda'][number];
export type WorkshopRoundSummary = Workshop['rounds'][number];

export interface WorkshopListItem {
  id: string;
  title: string;
  startsAt: string;
  mode: Workshop['mode'];
  state: 'open' | 'closed';
  outcome: Outcome | null;
}

export interface Attendance {
  total: number;
  bySector: Record<string, number>;
  guests: number;
}

export interface ParticipantRow {
  key: string;
  displayName: string;
  sector: string | null;
  guest: boolean;
  joinedAt: string;
  voted: boolean;
}

/** The running tally of a round as the workshop room sends it (`rounds/tally`, `rounds/closed`, snapshot). */
export interface Tally {
  roundId: string;
  state: 'draft' | 'open' | 'closed';
  revealed: boolean;
  participants: number;
  paperBallots: number;
  participantsBySector: Record<string, number>;
  items: Array<{ proposalId: string; score: number; rank: number }> | null;
}

/** Someone in the raised-hands queue (oldest first). */
export interface Hand {
  key: string;
  displayName: string;
  sector: string | null;
  raisedAt: string;
}

/** A question from the floor; `mine`, `votedByMe` and `hidden` are the reader's view of it. */
export interface Question {
  id: string;
  body: string;
  authorName: string;
  mine?: boolean;
  hidden: boolean;
  answered: boolean;
  votes: number;
  votedByMe?: boolean;
  createdAt: string;
}

export interface TableMember {
  key: string;
  displayName: string;
  sector: string | null;
}

/** One breakout table as the facilitator watches it: who sits there, its rounds and ballots in. */
export interface TableProgress {
  table: number;
  members: TableMember[];
  rounds: Array<{ id: string; title: string; state: string; ballots: number }>;
}

/** A message and/or a timer the facilitator sent to the plenary and every table. */
export interface Broadcast {
  message: string | null;
  endsAt: string | null;
}

export type TableStrategy = 'random' | 'balanced' | 'manual';

const enc = encodeURIComponent;

export const workshopsApi = {
  list(api: Http, slug: string): Promise<{ items: WorkshopListItem[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/workshops`);
  },
  create(api: Http, slug: string, body: NewWorkshop): Promise<Workshop> {
    return api.request('POST', `/api/processes/${enc(slug)}/workshops`, body);
  },
  get(api: Http, id: string): Promise<Workshop> {
    return api.request('GET', `/api/workshops/${enc(id)}`);
  },
  join(api: Http, body: { code: string; displayName: string; sector?: Sector }): Promise<Workshop> {
    return api.request('POST', '/api/workshops/join', body);
  },
  /** A signed-in member of the process joins as themself, without the code (which only facilitators see). */
  joinAsMember(api: Http, id: string, body: { displayName: string }): Promise<Workshop> {
    return api.request('POST', `/api/workshops/${enc(id)}/join`, body);
  },
  moveTo(api: Http, id: string, current: number): Promise<Workshop> {
    return api.request('POST', `/api/workshops/${enc(id)}/agenda`, { current });
  },
  lock(api: Http, id: string, locked: boolean): Promise<Workshop> {
    return api.request('POST', `/api/workshops/${enc(id)}/lock`, { locked });
  },
  remove(api: Http, id: string, key: string): Promise<{ ok: true }> {
    return api.request('POST', `/api/workshops/${enc(id)}/participants/remove`, { key });
  },
  participants(api: Http, id: string): Promise<{ roundId: string | null; items: ParticipantRow[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/participants`);
  },
  close(api: Http, id: string): Promise<Outcome> {
    return api.request('POST', `/api/workshops/${enc(id)}/close`);
  },
  outcome(api: Http, id: string): Promise<Outcome> {
    return api.request('GET', `/api/workshops/${enc(id)}/outcome`);
  },
  formTables(api: Http, id: string, body: { count: number; strategy: TableStrategy; assignments?: Record<string, number> }): Promise<{ count: number; seats: Array<{ key: string; table: number }> }> {
    return api.request('POST', `/api/workshops/${enc(id)}/tables`, body);
  },
  closeTables(api: Http, id: string): Promise<{ ok: true }> {
    return api.request('DELETE', `/api/workshops/${enc(id)}/tables`);
  },
  tables(api: Http, id: string): Promise<{ items: TableProgress[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/tables`);
  },
  myTable(api: Http, id: string): Promise<{ table: number | null; members: TableMember[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/tables/mine`);
  },
  broadcast(api: Http, id: string, body: { message?: string; timerSec?: number }): Promise<Broadcast> {
    return api.request('POST', `/api/workshops/${enc(id)}/broadcast`, body);
  },
  /** The latest message/timer sent to everyone (null when none). */
  lastBroadcast(api: Http, id: string): Promise<{ broadcast: Broadcast | null }> {
    return api.request('GET', `/api/workshops/${enc(id)}/broadcast`);
  },
  combine(api: Http, id: string, roundIds: string[], title: string): Promise<Round> {
    return api.request('POST', `/api/workshops/${enc(id)}/tables/combine`, { roundIds, title });
  },
  hands(api: Http, id: string): Promise<{ items: Hand[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/hands`);
  },
  hand(api: Http, id: string, raised: boolean): Promise<{ items: Hand[] }> {
    return api.request('POST', `/api/workshops/${enc(id)}/hands`, { raised });
  },
  lowerHand(api: Http, id: string, key: string): Promise<{ items: Hand[] }> {
    return api.request('POST', `/api/workshops/${enc(id)}/hands/lower`, { key });
  },
  questions(api: Http, id: string): Promise<{ items: Question[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/questions`);
  },
  ask(api: Http, id: string, body: string): Promise<{ id: string }> {
    return api.request('POST', `/api/workshops/${enc(id)}/questions`, { body });
  },
  upvote(api: Http, questionId: string, value: 0 | 1): Promise<{ ok: true }> {
    return api.request('PUT', `/api/workshop-questions/${enc(questionId)}/vote`, { value });
  },
  answered(api: Http, questionId: string, answered: boolean): Promise<{ ok: true }> {
    return api.request('POST', `/api/workshop-questions/${enc(questionId)}/answered`, { answered });
  },
  /** Moderation (admins): hide a question from everyone, or show it again. */
  hideQuestion(api: Http, questionId: string, hidden: boolean): Promise<unknown> {
    return api.request('POST', `/api/moderation/questions/${enc(questionId)}/${hidden ? 'hide' : 'unhide'}`, {});
  },
  /** Report a question to the moderators (signed-in readers); enough reports hide it pending review. */
  reportQuestion(api: Http, questionId: string, reason: 'spam' | 'offensive' | 'off-topic' | 'other'): Promise<unknown> {
    return api.request('POST', '/api/reports', { targetType: 'questions', targetId: questionId, reason });
  },
};

export const workshopPath = (id: string) => `/workshops/${enc(id)}`;
export const consolePath = (id: string) => `/workshops/${enc(id)}/console`;
export const projectorPath = (id: string) => `/workshops/${enc(id)}/projector`;
export const joinPath = (code: string) => `/join/${enc(code)}`;

/** The absolute join link of a workshop on this site. */
export function joinUrl(code: string): string {
  return `${location.origin}${joinPath(code)}`;
}

/** Titles of a round's items: agenda proposals by id (poll options are their own titles). */
export function itemTitles(workshop: Workshop | null): Map<string, { title: string; reference?: string }> {
  const out = new Map<string, { title: string; reference?: string }>();
  for (const a of workshop?.agenda ?? []) if (a.proposalId) out.set(a.proposalId, { title: a.title, reference: a.reference });
  return out;
}
