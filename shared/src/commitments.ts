/** Commitments on the OGP template: drafting, milestones, versions, live co-editing. */
import { z } from 'zod';
import { text } from './text.ts';
import { PolicyArea } from './taxonomy.ts';
import { MAX_FIELD_CHARS, MILESTONE_STATUSES, RESPONSE_OUTCOMES, STANCES, TEXT_FIELDS } from './values.ts';

export { MAX_FIELD_CHARS, MILESTONE_STATUSES, RESPONSE_OUTCOMES, STANCES, TEXT_FIELDS };

export type TextField = (typeof TEXT_FIELDS)[number];

const Day = z.iso.date();
export const CommitmentState = z.enum(['drafting', 'in-consultation', 'final']);
export const MilestoneStatus = z.enum(MILESTONE_STATUSES);

export const MilestoneInput = z.strictObject({
  title: text().trim().min(1).max(300),
  deliverable: text().trim().max(1000).default(''),
  startsOn: Day.nullable().default(null),
  endsOn: Day.nullable().default(null),
  responsible: text().trim().max(300).default(''),
});
export const Milestone = z.object({
  id: z.string(), title: z.string(), deliverable: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(),
  responsible: z.string(), status: MilestoneStatus, progress: z.number().int(),
});

export const Stakeholders = z.strictObject({
  government: z.array(text().trim().min(1).max(200)).max(30).default([]),
  civilSociety: z.array(text().trim().min(1).max(200)).max(30).default([]),
});

export const Fields = z.object(Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string()])) as Record<TextField, z.ZodString>);
export const FieldsPatch = z.strictObject(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text().max(MAX_FIELD_CHARS).optional()])) as Record<TextField, z.ZodOptional<z.ZodString>>);

export const CreateCommitmentBody = z.strictObject({
  title: text().trim().min(3).max(300),
  sourceProposalIds: z.array(z.uuid()).min(1).max(20),
  area: PolicyArea,
  leadInstitution: text().trim().max(300).optional(),
});

export const PatchCommitmentBody = z.strictObject({
  baseVersion: z.number().int().min(0),
  title: text().trim().min(3).max(300).optional(),
  area: PolicyArea.optional(),
  leadInstitution: text().trim().max(300).optional(),
  supportingStakeholders: Stakeholders.optional(),
  startsOn: Day.nullable().optional(),
  endsOn: Day.nullable().optional(),
  contact: text().trim().max(300).optional(),
  fields: FieldsPatch.optional(),
  milestones: z.array(MilestoneInput).max(50).optional(),
});

// ---- public consultation ----
export const Stance = z.enum(STANCES);
export const ResponseOutcome = z.enum(RESPONSE_OUTCOMES);

/** POST /api/processes/:slug/consultation: publish commitments (all drafts when no ids) until closesAt. */
export const PublishConsultationBody = z.strictObject({
  closesAt: z.iso.datetime({ offset: true }),
  commitmentIds: z.array(z.uuid()).min(1).max(200).optional(),
});
export const PublishConsultationResult = z.object({
  closesAt: z.string(),
  items: z.array(z.object({ id: z.string(), reference: z.string(), versionId: z.string().nullable() })),
});

/** Where a commitment's consultation stands, as the viewer sees it. */
export const ConsultationSummary = z.object({
  closesAt: z.string().nullable(),
  /** Taking comments and stances now (published, before its closing date, in the consultation phase). */
  open: z.boolean(),
  /** The version recorded when it was published ("for consultation"). */
  versionId: z.string().nullable(),
  comments: z.number().int(),
  unanswered: z.number().int(),
  stances: z.record(z.string(), z.object({ agree: z.number().int(), disagree: z.number().int() })),
  myStances: z.record(z.string(), Stance),
  followers: z.number().int(),
  following: z.boolean(),
});
export type ConsultationSummary = z.infer<typeof ConsultationSummary>;

export const StanceBody = z.strictObject({ stance: Stance.nullable() });
export const StanceResult = z.object({ field: z.string(), stance: Stance.nullable(), agree: z.number().int(), disagree: z.number().int() });
export const FollowResult = z.object({ following: z.boolean(), followers: z.number().int() });

/** The reasoned reply of the drafting team to a consultation comment. */
export const ResponseBody = z.strictObject({
  outcome: ResponseOutcome,
  text: text().trim().min(1).max(5000),
  versionId: z.uuid().optional(),
});
export const CommentResponse = z.object({
  outcome: ResponseOutcome, text: z.string(), versionId: z.string().nullable(), versionLabel: z.string().nullable(),
  authorName: z.string().nullable(), respondedAt: z.string(),
});

export const FieldReport = z.object({
  field: z.string(), comments: z.number().int(), answered: z.number().int(), agree: z.number().int(), disagree: z.number().int(),
});
export const CommitmentReport = z.object({
  id: z.string(), reference: z.string(), title: z.string(), closesAt: z.string().nullable(),
  comments: z.number().int(), answered: z.number().int(), answeredShare: z.number(),
  outcomes: z.object({ accepted: z.number().int(), partially: z.number().int(), 'not-accepted': z.number().int() }),
  sections: z.array(FieldReport),
  /** What changed between the "for consultation" version and the latest (or "final") one. */
  changes: z.object({
    from: z.object({ id: z.string(), label: z.string() }).nullable(),
    to: z.object({ id: z.string(), label: z.string() }).nullable(),
    fields: z.array(z.object({ field: z.string(), insertedWords: z.number().int(), deletedWords: z.number().int() })),
  }),
});
export const ProcessReport = z.object({
  processSlug: z.string(), comments: z.number().int(), answered: z.number().int(), answeredShare: z.number(),
  outcomes: CommitmentReport.shape.outcomes, commitments: z.array(CommitmentReport),
});

export const Commitment = z.object({
  id: z.string(),
  reference: z.string(),
  processSlug: z.string(),
  title: z.string(),
  state: CommitmentState,
  area: PolicyArea,
  leadInstitution: z.string(),
  supportingStakeholders: z.object({ government: z.array(z.string()), civilSociety: z.array(z.string()) }),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  contact: z.string(),
  fields: Fields,
  milestones: z.array(Milestone),
  sources: z.array(z.string()),
  drafters: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  version: z.number().int(),
  canEdit: z.boolean(),
  updatedAt: z.string(),
  consultation: ConsultationSummary,
});
export type Commitment = z.infer<typeof Commitment>;

export const VersionBody = z.strictObject({ label: text().trim().min(1).max(100) });
export const CommitmentVersion = z.object({ id: z.string(), label: z.string(), version: z.number().int(), createdAt: z.string(), authorName: z.string().nullable() });
export const FieldDiff = z.object({ field: z.string(), parts: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })) });
export const NumberingBody = z.strictObject({ prefix: z.string().regex(/^[A-Z]{2,8}$/), start: z.number().int().min(1).max(9999) });

/** A commitment as listed on a proposal it was drafted from. */
export const FedCommitment = z.object({ id: z.string(), reference: z.string(), title: z.string(), state: CommitmentState });
export type FedCommitment = z.infer<typeof FedCommitment>;
