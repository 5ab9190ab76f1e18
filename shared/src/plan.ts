/** The adopted action plan: its metadata, endorsements, and the versioned JSON document it exports and imports. */
import { z } from 'zod';
import { storable, text } from './text.ts';
import { TEXT_FIELDS, type TextField } from './commitments.ts';
import { PhaseList } from './processes.ts';
import { Locale, PolicyArea } from './taxonomy.ts';

const Day = z.iso.date();
const IsoDateTime = z.iso.datetime({ offset: true });
const Text = (max: number) => text().trim().max(max);

export const EXPORT_FORMATS = ['json', 'csv', 'docx', 'pdf'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportTable = z.enum(['commitments', 'milestones']);
export const ExportQuery = z.strictObject({ format: ExportFormat, lang: Locale.optional(), table: ExportTable.default('commitments') });

/** The plan's metadata as an admin writes it (PUT replaces all of it). */
export const PlanMetaInput = z.strictObject({
  title: Text(300).default(''),
  periodStart: Day.nullable().default(null),
  periodEnd: Day.nullable().default(null),
  leadInstitution: Text(500).default(''),
  forum: Text(500).default(''),
  independentMonitor: Text(500).default(''),
  contact: Text(300).default(''),
  ogpPageUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(500).check(storable)]).default(''),
}).refine((p) => !p.periodStart || !p.periodEnd || p.periodStart <= p.periodEnd, { message: 'ends-before-start', path: ['periodEnd'] });
export type PlanMetaInput = z.infer<typeof PlanMetaInput>;

export const Plan = z.object({
  processSlug: z.string(),
  processTitle: z.string(),
  title: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  leadInstitution: z.string(),
  forum: z.string(),
  independentMonitor: z.string(),
  contact: z.string(),
  ogpPageUrl: z.string(),
  adoptedAt: z.string().nullable(),
  adoptedBy: z.string().nullable(),
  commitments: z.number().int(),
});
export type Plan = z.infer<typeof Plan>;

export const EndorseBody = z.strictObject({
  organisation: text().trim().min(2).max(300),
  representative: text().trim().min(2).max(200),
  role: text().trim().min(2).max(200),
  statement: Text(2000).default(''),
});
export const EndorsementStatus = z.enum(['pending', 'confirmed', 'rejected']);
export const Endorsement = z.object({
  id: z.string(),
  organisation: z.string(),
  representative: z.string(),
  role: z.string(),
  statement: z.string(),
  status: EndorsementStatus,
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export type Endorsement = z.infer<typeof Endorsement>;
export const EndorsementList = z.object({ items: z.array(Endorsement), mine: Endorsement.nullable() });
export const EndorsementsQuery = z.strictObject({ status: z.enum(['confirmed', 'pending', 'rejected', 'all']).default('confirmed'), lang: text().optional() });

// ---------------------------------------------------------------------------------------------
// The plan document: what `export?format=json` writes and `POST /api/plans/import` reads.

export const PLAN_SCHEMA_VERSION = '1.0';
export const PLAN_SCHEMA_PATH = '/api/schemas/plan.json';

export const PlanDocMilestone = z.strictObject({
  title: text().min(1).max(300),
  deliverable: text().max(1000),
  startsOn: Day.nullable(),
  endsOn: Day.nullable(),
  responsible: text().max(300),
  status: z.enum(['not-started', 'in-progress', 'completed', 'delayed']),
  progress: z.number().int().min(0).max(100),
});

export const PlanDocCommitment = z.strictObject({
  reference: text().min(1).max(40),
  title: text().min(3).max(300),
  area: PolicyArea,
  leadInstitution: text().max(500),
  supportingStakeholders: z.strictObject({ government: z.array(text().max(200)).max(30), civilSociety: z.array(text().max(200)).max(30) }),
  startsOn: Day.nullable(),
  endsOn: Day.nullable(),
  contact: text().max(300),
  fields: z.strictObject(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text().max(20_000)])) as Record<TextField, z.ZodString>),
  milestones: z.array(PlanDocMilestone).max(50),
});
export type PlanDocCommitment = z.infer<typeof PlanDocCommitment>;

export const PlanDocEndorsement = z.strictObject({
  organisation: text().min(2).max(300),
  representative: text().min(2).max(200),
  role: text().min(2).max(200),
  statement: text().max(2000),
  confirmedAt: IsoDateTime,
});

export const PlanDocument = z.strictObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  process: z.strictObject({
    slug: text().min(3).max(60).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    title: text().min(3).max(200),
    description: text().max(5000),
    language: Locale,
    phases: PhaseList,
  }),
  plan: z.strictObject({
    title: text().max(300),
    periodStart: Day.nullable(),
    periodEnd: Day.nullable(),
    leadInstitution: text().max(500),
    forum: text().max(500),
    independentMonitor: text().max(500),
    contact: text().max(300),
    ogpPageUrl: text().max(500),
    adoptedAt: IsoDateTime,
  }),
  commitments: z.array(PlanDocCommitment).max(500),
  endorsements: z.array(PlanDocEndorsement).max(1000),
  exportedAt: IsoDateTime,
}).meta({
  title: 'Mesa action plan',
  description: `An adopted open-government action plan on the OGP commitment template, version ${PLAN_SCHEMA_VERSION}. exportedAt is the only field that changes between two exports of the same plan.`,
});
export type PlanDocument = z.infer<typeof PlanDocument>;

export const PlanImportResult = z.object({ slug: z.string(), commitments: z.number().int(), endorsements: z.number().int() });
