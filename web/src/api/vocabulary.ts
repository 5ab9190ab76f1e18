/**
 * The domain's vocabularies as values for the web app. The source of truth is shared/ (zod
 * schemas); importing values from there would bundle zod (~50 kB gzipped), so the lists are
 * repeated here and the type checker proves them equal to shared's types, both ways.
 */
import type { Comment, MAX_COMMENT_DEPTH as SharedMaxDepth, PolicyArea, ProposalState, REPORT_REASONS as SharedReasons, Sector } from '@mesa/shared';

/** Compiles only when the list holds every member of T (and, through `satisfies`, nothing else). */
type Complete<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : never;

const areas = [
  'access-to-information', 'anti-corruption', 'civic-space', 'climate-and-environment',
  'digital-governance', 'fiscal-openness', 'gender-and-inclusion', 'justice',
  'media-freedom', 'public-participation',
] as const satisfies readonly PolicyArea[];
export const POLICY_AREAS: Complete<PolicyArea, typeof areas> = areas;

const sectors = [
  'executive', 'legislative', 'judiciary', 'independent', 'civil-society', 'academia', 'private-sector', 'resident',
] as const satisfies readonly Sector[];
export const SECTORS: Complete<Sector, typeof sectors> = sectors;

const states = ['submitted', 'evaluating', 'accepted', 'rejected', 'merged', 'withdrawn'] as const satisfies readonly ProposalState[];
export const PROPOSAL_STATES: Complete<ProposalState, typeof states> = states;

type Alignment = NonNullable<Comment['alignment']>;
const alignments = ['for', 'against', 'neutral'] as const satisfies readonly Alignment[];
export const ALIGNMENTS: Complete<Alignment, typeof alignments> = alignments;

type Reason = (typeof SharedReasons)[number];
const reasons = ['spam', 'offensive', 'off-topic', 'other'] as const satisfies readonly Reason[];
export const REPORT_REASONS: Complete<Reason, typeof reasons> = reasons;

export const MAX_COMMENT_DEPTH: typeof SharedMaxDepth = 3;
