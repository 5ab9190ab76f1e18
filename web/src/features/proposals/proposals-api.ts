// The open-call API (proposals, supports, answers, merges, imports) as the web app calls it (shapes from shared/src/proposals.ts, types only).
import type { CreateProposalBody, Proposal, ProposalState } from '@mesa/shared';
import type { PROPOSAL_SORTS } from '@mesa/shared/values';
import type { Http, UploadListeners } from '../../api/http.ts';

export type { Proposal, ProposalState } from '@mesa/shared';
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export interface ProposalFilters {
  area?: string;
  sector?: string;
  state?: string;
  q?: string;
  sort: ProposalSort;
}

export interface ProposalFacets {
  area: Record<string, number>;
  sector: Record<string, number>;
  state: Record<string, number>;
}

export interface ProposalPage {
  items: Proposal[];
  nextCursor: string | null;
  total: number;
  seed: string | null;
  facets?: ProposalFacets;
}

export interface ProposalStats {
  total: number;
  unanswered: number;
  draftAnswers: number;
  byState: Record<string, number>;
}

export interface SupportResult {
  proposalId: string;
  supports: number;
  supportedByMe: boolean;
}

export interface EditProposal {
  title?: string;
  body?: string;
  area?: string;
  organisation?: string | null;
}

export interface ImportResult {
  imported: number;
  references: string[];
}

const enc = encodeURIComponent;

/** The query string of a list request; empty filters are left out. */
export function listQuery(filters: ProposalFilters, extra: { seed?: string | null; cursor?: string | null; facets?: boolean; limit?: number }): string {
  const params = new URLSearchParams();
  for (const key of ['area', 'sector', 'state', 'q'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  params.set('sort', filters.sort);
  if (filters.sort === 'random' && extra.seed) params.set('seed', extra.seed);
  if (extra.facets) params.set('facets', 'true');
  if (extra.limit) params.set('limit', String(extra.limit));
  if (extra.cursor) params.set('cursor', extra.cursor);
  return params.toString();
}

export const proposalsApi = {
  list(api: Http, slug: string, query: string): Promise<ProposalPage> {
    return api.request('GET', `/api/processes/${enc(slug)}/proposals?${query}`);
  },
  stats(api: Http, slug: string): Promise<ProposalStats> {
    return api.request('GET', `/api/processes/${enc(slug)}/proposals/stats`);
  },
  get(api: Http, id: string): Promise<Proposal> {
    return api.request('GET', `/api/proposals/${enc(id)}`);
  },
  create(api: Http, slug: string, body: CreateProposalBody): Promise<Proposal> {
    return api.request('POST', `/api/processes/${enc(slug)}/proposals`, body);
  },
  edit(api: Http, id: string, patch: EditProposal): Promise<Proposal> {
    return api.request('PATCH', `/api/proposals/${enc(id)}`, patch);
  },
  withdraw(api: Http, id: string): Promise<Proposal> {
    return api.request('POST', `/api/proposals/${enc(id)}/withdraw`, {});
  },
  support(api: Http, id: string, on: boolean): Promise<SupportResult> {
    return api.request(on ? 'POST' : 'DELETE', `/api/proposals/${enc(id)}/supports`);
  },
  answer(api: Http, id: string, body: { state: Exclude<ProposalState, 'submitted' | 'merged' | 'withdrawn'>; answer: string; publish: boolean }): Promise<Proposal> {
    return api.request('POST', `/api/proposals/${enc(id)}/answer`, body);
  },
  publishAnswers(api: Http, slug: string, proposalIds?: string[]): Promise<{ published: number }> {
    return api.request('POST', `/api/processes/${enc(slug)}/answers/publish`, proposalIds ? { proposalIds } : {});
  },
  merge(api: Http, slug: string, body: { sourceIds: string[]; title: string; body: string; area?: string }): Promise<Proposal> {
    return api.request('POST', `/api/processes/${enc(slug)}/proposals/merge`, body);
  },
  /** The commitments drafted from a proposal (for its page's "carried into" links). */
  commitments(api: Http, id: string): Promise<{ items: { id: string; reference: string; title: string }[] }> {
    return api.request('GET', `/api/proposals/${enc(id)}/commitments`);
  },
  preview(api: Http, body: string): Promise<{ html: string }> {
    return api.request('POST', '/api/markdown/preview', { body });
  },
  /** Imports a JSON or CSV file (all rows or none), reporting the upload's progress. */
  importFile(api: Http, slug: string, file: Blob, type: 'text/csv' | 'application/json', on: UploadListeners = {}): Promise<ImportResult> {
    return api.upload(`/api/processes/${enc(slug)}/import`, file, type, on);
  },
  exportUrl(slug: string, format: 'csv' | 'json'): string {
    return `/api/processes/${enc(slug)}/proposals/export?format=${format}`;
  },
};
