/** Open call: proposals, their supports, answers, merges, imports and the list query. */
import { z } from 'zod';
import { text } from './text.ts';
import { Locale, PolicyArea, Sector } from './taxonomy.ts';
import { ANSWER_STATES, IMPORT_CSV_MAX_BYTES, IMPORT_JSON_MAX_BYTES, PROPOSAL_SORTS, PROPOSAL_STATES } from './values.ts';

export { ANSWER_STATES, IMPORT_CSV_MAX_BYTES, IMPORT_JSON_MAX_BYTES, PROPOSAL_SORTS, PROPOSAL_STATES };

export const ProposalState = z.enum(PROPOSAL_STATES);
export type ProposalState = z.infer<typeof ProposalState>;

export const ProposalTitle = text().trim().min(3).max(150);
export const ProposalBody = text().trim().min(1).max(10_000);

export const CreateProposalBody = z.strictObject({
  title: ProposalTitle,
  body: ProposalBody,
  area: PolicyArea,
  sector: Sector,
  organisation: text().trim().max(500).optional(),
  lang: Locale.optional(),
});
export type CreateProposalBody = z.infer<typeof CreateProposalBody>;

export const EditProposalBody = z.strictObject({
  title: ProposalTitle.optional(),
  body: ProposalBody.optional(),
  area: PolicyArea.optional(),
  organisation: text().trim().max(500).nullable().optional(),
});

export const Answer = z.object({ state: ProposalState, text: z.string(), publishedAt: z.string().nullable() });

export const Proposal = z.object({
  id: z.string(),
  reference: z.string(),
  externalRef: z.string().nullable(),
  processSlug: z.string(),
  title: z.string(),
  body: z.string(),
  /** The body rendered from the safe markdown subset (no raw HTML, safe links only). */
  bodyHtml: z.string(),
  area: PolicyArea,
  sector: Sector,
  organisation: z.string().nullable(),
  lang: z.string(),
  state: ProposalState,
  authorName: z.string().nullable(),
  supports: z.number().int(),
  supportedByMe: z.boolean(),
  commentsCount: z.number().int(),
  answer: Answer.nullable(),
  /** Admins only: the reasoned answer saved as a draft and not yet published (publishedAt null). */
  draftAnswer: Answer.nullable().optional(),
  mergedInto: z.string().nullable(),
  mergedFrom: z.array(z.string()),
  selectedForDrafting: z.boolean(),
  hidden: z.boolean(),
  /** Whether the caller wrote it. */
  mine: z.boolean(),
  /** Whether the caller may still edit it (author, open call, no support or comment yet). */
  editableByMe: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalListQuery = z.strictObject({
  area: PolicyArea.optional(),
  sector: Sector.optional(),
  state: ProposalState.optional(),
  q: text().trim().max(200).optional(),
  sort: z.enum(PROPOSAL_SORTS).default('recent'),
  /** Seed of the `random` order, so paging through it is stable. */
  seed: text().max(40).optional(),
  facets: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().max(400).optional(),
  lang: text().optional(),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuery>;

const Counts = z.record(z.string(), z.number().int());
export const ProposalFacets = z.object({ area: Counts, sector: Counts, state: Counts });
export const ProposalList = z.object({
  items: z.array(Proposal),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  seed: z.string().nullable(),
  facets: ProposalFacets.optional(),
});

export const SupportResult = z.object({ proposalId: z.string(), supports: z.number().int(), supportedByMe: z.boolean() });

export const AnswerBody = z.strictObject({
  state: z.enum(ANSWER_STATES),
  answer: text().trim().min(1).max(5000),
  /** false saves a draft to publish later (in bulk). */
  publish: z.boolean().default(true),
});
export const PublishAnswersBody = z.strictObject({ proposalIds: z.array(z.uuid()).max(1000).optional() });

export const MergeBody = z.strictObject({
  sourceIds: z.array(z.uuid()).min(2).max(50),
  title: ProposalTitle,
  body: ProposalBody,
  area: PolicyArea.optional(),
});

export const ProposalStats = z.object({
  total: z.number().int(),
  unanswered: z.number().int(),
  draftAnswers: z.number().int(),
  byState: Counts,
});

/** One row of an import, in the fixtures' shape or in Mesa's own field names. */
export const ImportItem = z.strictObject({
  title: ProposalTitle.optional(),
  body: ProposalBody.optional(),
  summary: ProposalBody.optional(),
  area: PolicyArea.optional(),
  challengeArea: PolicyArea.optional(),
  sector: Sector.optional(),
  branch: Sector.optional(),
  organisation: text().trim().max(500).optional(),
  leadInstitution: text().trim().max(500).optional(),
  ref: text().trim().max(60).optional(),
  lang: text().trim().max(10).optional(),
  governmentLevel: text().optional(),
  region: text().optional(),
}).superRefine((row, ctx) => {
  if (!row.body && !row.summary) ctx.addIssue({ code: 'custom', path: ['body'], message: 'body-or-summary' });
  if (!row.area && !row.challengeArea) ctx.addIssue({ code: 'custom', path: ['area'], message: 'area-required' });
});
export type ImportItem = z.infer<typeof ImportItem>;

export const ImportResult = z.object({ imported: z.number().int(), references: z.array(z.string()) });
