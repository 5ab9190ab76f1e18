/** Pure rules of the open call: who may edit or support what, references, search terms, import rows. */
import type { ImportItem, PhaseKind, ProposalState } from '@mesa/shared';
import { foldForSearch } from '../../lib/markdown.ts';

/** The states a proposal can be supported in: `supportProblem` below and, as SQL, repo.ts's `supportableNow`. */
export const SUPPORTABLE_STATES: readonly ProposalState[] = ['submitted', 'evaluating', 'accepted'];

export function reference(number: number): string {
  return `P-${String(number).padStart(4, '0')}`;
}

/** An author may edit until the first support or comment, while the open call lasts. */
export function canEdit(p: { authorId: string | null; state: ProposalState; supports: number; commentsCount: number }, userId: string | undefined, activePhase: PhaseKind | null): boolean {
  return userId !== undefined && p.authorId === userId && activePhase === 'open-call'
    && p.state === 'submitted' && p.supports === 0 && p.commentsCount === 0;
}

/** Why a proposal cannot be supported now (besides the phase), or null. */
export function supportProblem(p: { state: ProposalState; hidden: boolean }): 'not-supportable' | null {
  return !p.hidden && SUPPORTABLE_STATES.includes(p.state) ? null : 'not-supportable';
}

/** The text search runs on: title, body, organisation and reference, folded. */
export function searchText(p: { title: string; body: string; organisation?: string | null; reference: string; externalRef?: string | null }): string {
  return foldForSearch([p.reference, p.externalRef ?? '', p.title, p.organisation ?? '', p.body].join(' '));
}

/**
 * searchText without its reference: what an import stages before its numbers are reserved
 * (import-repo.ts puts the folded reference and a space before it, which gives searchText).
 */
export function searchTextAfterReference(p: { title: string; body: string; organisation?: string | null; externalRef?: string | null }): string {
  return foldForSearch([p.externalRef ?? '', p.title, p.organisation ?? '', p.body].join(' '));
}

/** A prefix tsquery from what a person typed ("electoral ref" → "electoral:* & ref:*"), or null. */
export function toPrefixQuery(input: string): string | null {
  const words = foldForSearch(input).split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** The title of an imported item without one: its first sentence, cut at 150 characters. */
export function titleFromSummary(summary: string): string {
  const first = summary.trim().split(/(?<=[.!?])\s/u)[0] ?? summary;
  const clean = first.trim().replace(/[.!?]$/u, '');
  return clean.length <= 150 ? clean : `${clean.slice(0, 149).trimEnd()}…`;
}

export interface NewProposal {
  title: string; body: string; area: string; sector: string; organisation: string | null; lang: string; externalRef: string | null;
}

/** Maps an import row (fixture or Mesa field names) onto a proposal. */
export function fromImportItem(row: ImportItem, defaultLang: string): NewProposal {
  const body = (row.body ?? row.summary)!;
  return {
    title: row.title ?? titleFromSummary(body),
    body,
    area: (row.area ?? row.challengeArea)!,
    sector: row.sector ?? row.branch ?? 'resident',
    organisation: row.organisation ?? row.leadInstitution ?? null,
    lang: row.lang ?? defaultLang,
    externalRef: row.ref ?? null,
  };
}
