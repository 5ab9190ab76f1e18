// Live workshops as the web app calls them (shapes from shared/src/workshops.ts, types only).
import type { CreateWorkshopBody, Sector, Workshop, WorkshopOutcome } from '@mesa/shared';
import type { z } from 'zod';
import type { ApiClient } from '../../api/client.ts';

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

const enc = encodeURIComponent;

export const workshopsApi = {
  list(api: ApiClient, slug: string): Promise<{ items: WorkshopListItem[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/workshops`);
  },
  create(api: ApiClient, slug: string, body: NewWorkshop): Promise<Workshop> {
    return api.request('POST', `/api/processes/${enc(slug)}/workshops`, body);
  },
  get(api: ApiClient, id: string): Promise<Workshop> {
    return api.request('GET', `/api/workshops/${enc(id)}`);
  },
  join(api: ApiClient, body: { code: string; displayName: string; sector?: Sector }): Promise<Workshop> {
    return api.request('POST', '/api/workshops/join', body);
  },
  moveTo(api: ApiClient, id: string, current: number): Promise<Workshop> {
    return api.request('POST', `/api/workshops/${enc(id)}/agenda`, { current });
  },
  lock(api: ApiClient, id: string, locked: boolean): Promise<Workshop> {
    return api.request('POST', `/api/workshops/${enc(id)}/lock`, { locked });
  },
  remove(api: ApiClient, id: string, key: string): Promise<{ ok: true }> {
    return api.request('POST', `/api/workshops/${enc(id)}/participants/remove`, { key });
  },
  participants(api: ApiClient, id: string): Promise<{ roundId: string | null; items: ParticipantRow[] }> {
    return api.request('GET', `/api/workshops/${enc(id)}/participants`);
  },
  close(api: ApiClient, id: string): Promise<Outcome> {
    return api.request('POST', `/api/workshops/${enc(id)}/close`);
  },
  outcome(api: ApiClient, id: string): Promise<Outcome> {
    return api.request('GET', `/api/workshops/${enc(id)}/outcome`);
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
