// The open-call API (proposals, supports, answers, merges, imports) as the web app calls it.
import type { CreateProposalBody, Proposal, ProposalState } from '@mesa/shared';
import type { IMPORT_CSV_MAX_BYTES as SharedCsvMax, IMPORT_JSON_MAX_BYTES as SharedJsonMax } from '@mesa/shared';
import type { ApiClient, UploadListeners } from './client.ts';

export type { Proposal, ProposalState } from '@mesa/shared';
export type ProposalSort = 'recent' | 'supports' | 'comments' | 'random';

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

/** The server's import limits (shared's values, repeated to keep zod out of the bundle; the types prove them equal). */
export const IMPORT_CSV_MAX_BYTES: typeof SharedCsvMax = 67_108_864;
export const IMPORT_JSON_MAX_BYTES: typeof SharedJsonMax = 10_485_760;

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
  list(api: ApiClient, slug: string, query: string): Promise<ProposalPage> {
    return api.request('GET', `/api/processes/${enc(slug)}/proposals?${query}`);
  },
  stats(api: ApiClient, slug: string): Promise<ProposalStats> {
    return api.request('GET', `/api/processes/${enc(slug)}/proposals/stats`);
  },
  get(api: ApiClient, id: string): Promise<Proposal> {
    return api.request('GET', `/api/proposals/${enc(id)}`);
  },
  create(api: ApiClient, slug: string, body: CreateProposalBody): Promise<Proposal> {
    return api.request('POST', `/api/processes/${enc(slug)}/proposals`, body);
  },
  edit(api: ApiClient, id: string, patch: EditProposal): Promise<Proposal> {
    return api.request('PATCH', `/api/proposals/${enc(id)}`, patch);
  },
  withdraw(api: ApiClient, id: string): Promise<Proposal> {
    return api.request('POST', `/api/proposals/${enc(id)}/withdraw`, {});
  },
  support(api: ApiClient, id: string, on: boolean): Promise<SupportResult> {
    return api.request(on ? 'POST' : 'DELETE', `/api/proposals/${enc(id)}/supports`);
  },
  answer(api: ApiClient, id: string, body: { state: Exclude<ProposalState, 'submitted' | 'merged' | 'withdrawn'>; answer: string; publish: boolean }): Promise<Proposal> {
    return api.request('POST', `/api/proposals/${enc(id)}/answer`, body);
  },
  publishAnswers(api: ApiClient, slug: string, proposalIds?: string[]): Promise<{ published: number }> {
    return api.request('POST', `/api/processes/${enc(slug)}/answers/publish`, proposalIds ? { proposalIds } : {});
  },
  merge(api: ApiClient, slug: string, body: { sourceIds: string[]; title: string; body: string; area?: string }): Promise<Proposal> {
    return api.request('POST', `/api/processes/${enc(slug)}/proposals/merge`, body);
  },
  preview(api: ApiClient, body: string): Promise<{ html: string }> {
    return api.request('POST', '/api/markdown/preview', { body });
  },
  /** Imports a JSON or CSV file (all rows or none), reporting the upload's progress. */
  importFile(api: ApiClient, slug: string, file: Blob, type: 'text/csv' | 'application/json', on: UploadListeners = {}): Promise<ImportResult> {
    return api.upload(`/api/processes/${enc(slug)}/import`, file, type, on);
  },
  exportUrl(slug: string, format: 'csv' | 'json'): string {
    return `/api/processes/${enc(slug)}/proposals/export?format=${format}`;
  },
};
