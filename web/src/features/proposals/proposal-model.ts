/** Pure helpers of the open-call pages: validation, filters and applying live events. */
import { ANSWER_STATES, MAX_COMMENT_DEPTH, POLICY_AREAS, PROPOSAL_SORTS, PROPOSAL_STATES, SECTORS } from '@mesa/shared/values';
import type { Translate } from '../../contexts/i18n.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import type { Proposal, ProposalFacets, ProposalFilters } from './proposals-api.ts';

export { ANSWER_STATES, MAX_COMMENT_DEPTH, POLICY_AREAS, PROPOSAL_STATES, SECTORS };
export const TITLE_MAX = 150;
export const TITLE_MIN = 3;
export const BODY_MAX = 10_000;
export const ORGANISATION_MAX = 200;
export const ANSWER_MAX = 5000;
export type AnswerState = (typeof ANSWER_STATES)[number];
export const PROPOSAL_FIELDS = ['title', 'body', 'area', 'sector', 'organisation', 'lang'] as const;

export interface ProposalDraft {
  title: string;
  body: string;
  area: string;
  sector: string;
  organisation: string;
  lang: string;
}

/** The form's own checks, worded for the reader; the server has the last word. */
export function validateProposal(t: Translate, d: ProposalDraft, editing = false): FieldErrors {
  const errors: FieldErrors = {};
  const title = d.title.trim();
  if (!title) errors.title = t('proposals:errors.titleRequired');
  else if (title.length < TITLE_MIN) errors.title = t('proposals:errors.titleShort', { min: TITLE_MIN });
  else if (title.length > TITLE_MAX) errors.title = t('proposals:errors.titleLong', { max: TITLE_MAX });
  const body = d.body.trim();
  if (!body) errors.body = t('proposals:errors.bodyRequired');
  else if (body.length > BODY_MAX) errors.body = t('proposals:errors.bodyLong', { max: BODY_MAX.toLocaleString() });
  if (!(POLICY_AREAS as readonly string[]).includes(d.area)) errors.area = t('proposals:errors.areaRequired');
  if (!editing && !(SECTORS as readonly string[]).includes(d.sector)) errors.sector = t('proposals:errors.sectorRequired');
  if (d.organisation.trim().length > ORGANISATION_MAX) errors.organisation = t('proposals:errors.organisationLong', { max: ORGANISATION_MAX });
  return errors;
}

/** Whether a proposal pushed live belongs in a list shown with these filters (full-text search cannot be judged here). */
export function matchesFilters(p: Proposal, f: ProposalFilters): boolean {
  if (f.q?.trim()) return false;
  if (f.area && p.area !== f.area) return false;
  if (f.sector && p.sector !== f.sector) return false;
  if (f.state && p.state !== f.state) return false;
  return true;
}

const Q_MAX = 200;
const SEED = /^[0-9a-zA-Z_-]{1,40}$/;
const FILTER_KEYS = ['area', 'sector', 'state', 'q', 'sort', 'seed'] as const;

/** The list's filters, sort and random seed read from a URL query string; unknown values are left out. */
export function filtersFromSearch(search: string): { filters: ProposalFilters; seed: string | null } {
  const params = new URLSearchParams(search);
  const pick = (key: string, allowed: readonly string[]) => {
    const v = params.get(key);
    return v && allowed.includes(v) ? v : undefined;
  };
  const filters: ProposalFilters = { sort: (pick('sort', PROPOSAL_SORTS) as ProposalFilters['sort'] | undefined) ?? 'recent' };
  const area = pick('area', POLICY_AREAS);
  const sector = pick('sector', SECTORS);
  const state = pick('state', PROPOSAL_STATES);
  const q = params.get('q')?.trim().slice(0, Q_MAX);
  if (area) filters.area = area;
  if (sector) filters.sector = sector;
  if (state) filters.state = state;
  if (q) filters.q = q;
  const seed = filters.sort === 'random' ? params.get('seed') : null;
  return { filters, seed: seed && SEED.test(seed) ? seed : null };
}

/**
 * `search` with the list's filters written in (the default sort and empty filters left out, the
 * seed only for the random order); other parameters are kept. Starts with `?` unless empty.
 */
export function searchWithFilters(search: string, f: ProposalFilters, seed: string | null): string {
  const params = new URLSearchParams(search);
  for (const key of FILTER_KEYS) params.delete(key);
  for (const key of ['area', 'sector', 'state', 'q'] as const) {
    const value = f[key]?.trim();
    if (value) params.set(key, value);
  }
  if (f.sort !== 'recent') params.set('sort', f.sort);
  if (f.sort === 'random' && seed) params.set('seed', seed);
  const out = params.toString();
  return out ? `?${out}` : '';
}

/** Whether two sets of filters ask for the same list. */
export function sameFilters(a: ProposalFilters, b: ProposalFilters): boolean {
  return a.sort === b.sort && (['area', 'sector', 'state', 'q'] as const).every((k) => (a[k]?.trim() || '') === (b[k]?.trim() || ''));
}

/** Facet counts with one more proposal counted. */
export function countIn(facets: ProposalFacets | undefined, p: Proposal): ProposalFacets | undefined {
  if (!facets) return facets;
  const bump = (counts: Record<string, number>, key: string) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 });
  return { area: bump(facets.area, p.area), sector: bump(facets.sector, p.sector), state: bump(facets.state, p.state) };
}

/** The item with `patch` applied, for the one whose id matches. */
export function patchItem<T extends { id: string }>(items: T[], id: string, patch: Partial<T>): T[] {
  return items.map((item) => (item.id === id ? { ...item, ...patch } : item));
}

/** Is this a record with the given keys (for reading room event data defensively)? */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Path of a proposal's page. */
export const proposalPath = (id: string) => `/proposals/${encodeURIComponent(id)}`;
/** Path of a process page. */
export const processPath = (slug: string) => `/processes/${encodeURIComponent(slug)}`;

export interface CountChange {
  proposalId: string;
  supports?: number;
  commentsCount?: number;
}

/** The count changes of a `proposals/supports-changed` event: `{changes: [...]}`, or one change. */
export function countChanges(data: unknown): CountChange[] {
  if (!isRecord(data)) return [];
  const list = Array.isArray(data.changes) ? data.changes : [data];
  const out: CountChange[] = [];
  for (const c of list) {
    if (!isRecord(c) || typeof c.proposalId !== 'string') continue;
    out.push({
      proposalId: c.proposalId,
      ...(typeof c.supports === 'number' ? { supports: c.supports } : {}),
      ...(typeof c.commentsCount === 'number' ? { commentsCount: c.commentsCount } : {}),
    });
  }
  return out;
}
