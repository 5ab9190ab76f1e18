/** The co-creation evidence report and the records it is computed from (public meetings, profiles). */
import { z } from 'zod';
import { storable, text } from './text.ts';
import { Sector } from './taxonomy.ts';
import { DISABILITY_ANSWERS, GENDERS, MEETING_KINDS, MIN_GROUP } from './values.ts';

export { DISABILITY_ANSWERS, GENDERS, MEETING_KINDS, MIN_GROUP };

export const Gender = z.enum(GENDERS);
export const DisabilityAnswer = z.enum(DISABILITY_ANSWERS);
export const ParticipantProfile = z.object({ gender: Gender.nullable(), disability: DisabilityAnswer.nullable() });
export type ParticipantProfile = z.infer<typeof ParticipantProfile>;
export const ParticipantProfileBody = z.strictObject({ gender: Gender.nullable().optional(), disability: DisabilityAnswer.nullable().optional() });

/** The key of the folded group of categories with fewer than MIN_GROUP people. */
export const FEWER_THAN_MIN = 'fewer-than-5';

export const MeetingKind = z.enum(MEETING_KINDS);
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000).check(storable);

export const MeetingBody = z.strictObject({
  heldOn: z.iso.date(),
  title: text().trim().min(3).max(300),
  kind: MeetingKind,
  attendance: z.partialRecord(Sector, z.number().int().min(0).max(100_000)).default({}),
  minutesUrl: HttpUrl.nullable().optional(),
});
export type MeetingBody = z.infer<typeof MeetingBody>;
export const Meeting = z.object({
  id: z.string(), heldOn: z.string(), title: z.string(), kind: MeetingKind,
  attendance: z.record(z.string(), z.number()), attendanceTotal: z.number().int(), minutesUrl: z.string().nullable(),
});
export type Meeting = z.infer<typeof Meeting>;

export const ReportedFiguresBody = z.strictObject({
  inputsReported: z.number().int().min(0).max(10_000_000).nullable(),
  note: text().trim().max(2000).default(''),
});

export const STANDARD_KEYS = [
  'forum', 'ogp-page', 'online-repository', 'advance-notice', 'open-channels', 'reasoned-response', 'open-implementation',
] as const;
export const StandardKey = z.enum(STANDARD_KEYS);
export type StandardKey = z.infer<typeof StandardKey>;
export const StandardStatus = z.enum(['met', 'not-met', 'not-yet']);
export type StandardStatus = z.infer<typeof StandardStatus>;
export const Standard = z.object({
  key: StandardKey,
  /** The same as key (the brief calls it id). */
  id: StandardKey,
  status: StandardStatus,
  /** Why, as a code the web words (e.g. `notice-short`), with figures in `params`. */
  reason: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  evidence: z.array(z.string()),
});
export type Standard = z.infer<typeof Standard>;

const Counts = z.record(z.string(), z.number());
export const EvidenceReport = z.object({
  process: z.object({ id: z.string(), slug: z.string(), title: z.string(), activePhase: z.string().nullable(), url: z.string() }),
  generatedAt: z.string(),
  /** Whole days between publishing the schedule and opening the first phase (null until a phase opens). */
  noticeDays: z.number().int().nullable(),
  notice: z.object({ publishedAt: z.string().nullable(), firstOpenedAt: z.string().nullable(), firstPhase: z.string().nullable() }),
  inputs: z.object({
    /** Inputs recorded in the portal: proposals (merged ones counted once each as submitted, merge results not) plus consultation comments. */
    total: z.number().int(),
    proposals: z.number().int(),
    consultationComments: z.number().int(),
    /** Proposals by the stakeholder sector of their source. */
    bySector: Counts,
    /** The sum of bySector (equals `proposals`). */
    sumBySector: z.number().int(),
    /** A total the process reports from outside the portal, when it recorded one. */
    reported: z.number().int().nullable(),
    reportedNote: z.string(),
    /** reported − sumBySector when they differ (the report shows both), else null. */
    gap: z.number().int().nullable(),
  }),
  participants: z.object({
    total: z.number().int(),
    bySector: Counts,
    /** Aggregates of at least 5; smaller groups folded into `fewer-than-5`; `not-said` counts those who did not say. */
    byGender: Counts,
    byDisability: Counts,
  }),
  organisations: z.object({ count: z.number().int(), names: z.array(z.string()) }),
  meetings: z.object({
    count: z.number().int(),
    attendance: z.number().int(),
    workshops: z.array(z.object({ id: z.string(), title: z.string(), startsAt: z.string(), state: z.string(), attendance: z.number().int(), bySector: Counts, url: z.string() })),
    public: z.array(Meeting),
    byKind: Counts,
  }),
  commitments: z.object({ count: z.number().int(), references: z.array(z.string()) }),
  consultation: z.object({ comments: z.number().int(), answered: z.number().int(), answeredShare: z.number().nullable() }),
  /** Share (0..1) of inputs (proposals + consultation comments) with a reasoned response; null without inputs. */
  reasonedResponseShare: z.number().nullable(),
  responses: z.object({ answered: z.number().int(), of: z.number().int() }),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), kind: z.string().nullable(), outsideSchedule: z.boolean() })),
  standards: z.array(Standard),
  /** The same list as `standards` (the brief calls it the checklist). */
  checklist: z.array(Standard),
});
export type EvidenceReport = z.infer<typeof EvidenceReport>;
