/** Commitments on the OGP template: drafting, milestones, versions, live co-editing. */
import { z } from 'zod';
import { PolicyArea } from './taxonomy.ts';

/** The long text fields of the template; also the names of the shared texts in the commitment's Yjs document. */
export const TEXT_FIELDS = [
  'problem', 'causes', 'statusQuo', 'description', 'expectedResults', 'howItSolves',
  'relevanceTransparency', 'relevanceParticipation', 'relevanceAccountability', 'relevanceTechnology',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const MAX_FIELD_CHARS = 20_000;

const Day = z.iso.date();
export const CommitmentState = z.enum(['drafting', 'in-consultation', 'final']);
export const MilestoneStatus = z.enum(['not-started', 'in-progress', 'completed', 'delayed']);

export const MilestoneInput = z.strictObject({
  title: z.string().trim().min(1).max(300),
  deliverable: z.string().trim().max(1000).default(''),
  startsOn: Day.nullable().default(null),
  endsOn: Day.nullable().default(null),
  responsible: z.string().trim().max(300).default(''),
});
export const Milestone = z.object({
  id: z.string(), title: z.string(), deliverable: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(),
  responsible: z.string(), status: MilestoneStatus, progress: z.number().int(),
});

export const Stakeholders = z.strictObject({
  government: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  civilSociety: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
});

export const Fields = z.object(Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string()])) as Record<TextField, z.ZodString>);
export const FieldsPatch = z.strictObject(Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string().max(MAX_FIELD_CHARS).optional()])) as Record<TextField, z.ZodOptional<z.ZodString>>);

export const CreateCommitmentBody = z.strictObject({
  title: z.string().trim().min(3).max(300),
  sourceProposalIds: z.array(z.uuid()).min(1).max(20),
  area: PolicyArea,
  leadInstitution: z.string().trim().max(300).optional(),
});

export const PatchCommitmentBody = z.strictObject({
  baseVersion: z.number().int().min(0),
  title: z.string().trim().min(3).max(300).optional(),
  area: PolicyArea.optional(),
  leadInstitution: z.string().trim().max(300).optional(),
  supportingStakeholders: Stakeholders.optional(),
  startsOn: Day.nullable().optional(),
  endsOn: Day.nullable().optional(),
  contact: z.string().trim().max(300).optional(),
  fields: FieldsPatch.optional(),
  milestones: z.array(MilestoneInput).max(50).optional(),
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
});
export type Commitment = z.infer<typeof Commitment>;

export const VersionBody = z.strictObject({ label: z.string().trim().min(1).max(100) });
export const CommitmentVersion = z.object({ id: z.string(), label: z.string(), version: z.number().int(), createdAt: z.string(), authorName: z.string().nullable() });
export const FieldDiff = z.object({ field: z.string(), parts: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })) });
export const NumberingBody = z.strictObject({ prefix: z.string().regex(/^[A-Z]{2,8}$/), start: z.number().int().min(1).max(9999) });
