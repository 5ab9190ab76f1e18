// Prioritisation rounds as the web app calls them (shapes from shared/src/rounds.ts, types only).
import type { Ballot, Comparison, CreateRoundBody, Method, Round, RoundResults, Sector } from '@mesa/shared';
import type { Http } from '../../api/http.ts';
import type { Proposal } from '../proposals/proposals-api.ts';

export type { Ballot, Comparison, Method, Round, RoundResults } from '@mesa/shared';
export type ResultsItem = RoundResults['items'][number];
/** What the create form sends; the server fills in the defaults it documents. */
export type NewRound = Partial<CreateRoundBody> & Pick<CreateRoundBody, 'title' | 'method'>;

export interface PaperBallot {
  ballot: Ballot;
  memberId?: string;
  sector?: Sector;
  label?: string;
}

export interface Member {
  userId: string;
  displayName: string;
  role: string;
  sector: string | null;
  organisation: string | null;
}

const enc = encodeURIComponent;

export const roundsApi = {
  list(api: Http, slug: string): Promise<{ items: Round[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/rounds`);
  },
  get(api: Http, id: string): Promise<Round> {
    return api.request('GET', `/api/rounds/${enc(id)}`);
  },
  create(api: Http, slug: string, body: NewRound): Promise<Round> {
    return api.request('POST', `/api/processes/${enc(slug)}/rounds`, body);
  },
  open(api: Http, id: string): Promise<Round> {
    return api.request('POST', `/api/rounds/${enc(id)}/open`);
  },
  close(api: Http, id: string): Promise<Round> {
    return api.request('POST', `/api/rounds/${enc(id)}/close`);
  },
  reveal(api: Http, id: string, revealed: boolean): Promise<Round> {
    return api.request('POST', `/api/rounds/${enc(id)}/reveal`, { revealed });
  },
  /** The caller's own ballot, or null when they have none yet. */
  async myBallot(api: Http, id: string): Promise<Ballot | null> {
    try {
      return (await api.request<{ ballot: Ballot }>('GET', `/api/rounds/${enc(id)}/ballot`)).ballot;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  },
  saveBallot(api: Http, id: string, ballot: Ballot): Promise<{ ok: true }> {
    return api.request('PUT', `/api/rounds/${enc(id)}/ballot`, ballot);
  },
  compare(api: Http, id: string, comparison: Comparison): Promise<{ ok: true }> {
    return api.request('POST', `/api/rounds/${enc(id)}/comparisons`, comparison);
  },
  paperBallot(api: Http, id: string, body: PaperBallot): Promise<{ participant: string }> {
    return api.request('POST', `/api/rounds/${enc(id)}/paper-ballots`, body);
  },
  results(api: Http, id: string): Promise<RoundResults> {
    return api.request('GET', `/api/rounds/${enc(id)}/results`);
  },
  exportUrl(id: string, format: 'csv' | 'json'): string {
    return `/api/rounds/${enc(id)}/results/export?format=${format}`;
  },
  select(api: Http, slug: string, proposalIds: string[]): Promise<{ selected: number }> {
    return api.request('POST', `/api/processes/${enc(slug)}/selection`, { proposalIds });
  },
  members(api: Http, slug: string): Promise<{ items: Member[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/members`);
  },
  /**
   * The proposals of a round: the process's list pages first (100 at a time), then one by one
   * for any the list leaves out (merged or hidden ones, for instance).
   */
  async proposals(api: Http, slug: string, ids: readonly string[]): Promise<Map<string, Proposal>> {
    const wanted = new Set(ids);
    const found = new Map<string, Proposal>();
    let cursor: string | null = null;
    for (let page = 0; page < 30 && found.size < wanted.size; page++) {
      const query = new URLSearchParams({ sort: 'recent', limit: '100' });
      if (cursor) query.set('cursor', cursor);
      const res: { items: Proposal[]; nextCursor: string | null } = await api.request('GET', `/api/processes/${enc(slug)}/proposals?${query}`);
      for (const p of res.items) if (wanted.has(p.id)) found.set(p.id, p);
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    const missing = [...wanted].filter((id) => !found.has(id));
    for (let i = 0; i < missing.length; i += 6) {
      const batch = await Promise.all(missing.slice(i, i + 6).map((id) => api.request<Proposal>('GET', `/api/proposals/${enc(id)}`).catch(() => null)));
      for (const p of batch) if (p) found.set(p.id, p);
    }
    return found;
  },
};

export const METHODS_ONLINE: readonly Method[] = ['criteria', 'dots', 'ranking', 'pairwise'];

/** Whether the user runs rounds in this process (admin or facilitator). */
export function canManageRounds(user: { roles: string[]; memberships: { processSlug: string; role: string }[] } | null, slug: string): boolean {
  return !!user && (user.roles.includes('admin') || user.memberships.some((m) => m.processSlug === slug && m.role === 'facilitator'));
}

/** Whether the user may vote in a round: its process's forum members, or anyone signed in when residents may vote. */
export function canVote(user: { memberships: { processSlug: string; role: string }[] } | null, round: Pick<Round, 'processSlug' | 'eligibility'>): boolean {
  return !!user && (round.eligibility === 'residents' || user.memberships.some((m) => m.processSlug === round.processSlug && m.role === 'forum-member'));
}

export const roundPath = (id: string) => `/rounds/${enc(id)}`;
export const resultsPath = (id: string) => `/rounds/${enc(id)}/results`;
