/** Pure helpers of the open-call pages: validation, filters and applying live events. */
import { MAX_COMMENT_DEPTH, POLICY_AREAS, PROPOSAL_STATES, SECTORS } from '../../api/vocabulary.ts';
import type { Translate } from '../../contexts/i18n.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import type { Proposal, ProposalFacets, ProposalFilters } from '../../api/proposals.ts';

export { MAX_COMMENT_DEPTH, POLICY_AREAS, PROPOSAL_STATES, SECTORS };
export const TITLE_MAX = 150;
export const TITLE_MIN = 3;
export const BODY_MAX = 10_000;
export const ORGANISATION_MAX = 200;
export const ANSWER_MAX = 5000;
export const ANSWER_STATES = ['evaluating', 'accepted', 'rejected'] as const;
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
