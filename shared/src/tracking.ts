/** Public tracking of an adopted plan: dated milestone updates, the dashboard, the monitor's notes. */
import { z } from 'zod';
import { storable, text } from './text.ts';
import { MilestoneStatus } from './commitments.ts';

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000).check(storable);

export const MilestoneUpdateBody = z.strictObject({
  status: MilestoneStatus,
  progress: z.number().int().min(0).max(100),
  note: text().trim().max(5000).default(''),
  evidenceUrl: HttpUrl.nullable().optional(),
});
export type MilestoneUpdateBody = z.infer<typeof MilestoneUpdateBody>;

export const MonitorNote = z.object({ id: z.string(), body: z.string(), authorName: z.string().nullable(), createdAt: z.string() });
export const MonitorNoteBody = z.strictObject({ body: text().trim().min(1).max(5000) });

export const MilestoneUpdate = z.object({
  id: z.string(),
  milestoneId: z.string(),
  milestoneTitle: z.string(),
  commitmentId: z.string(),
  commitmentReference: z.string(),
  status: MilestoneStatus,
  progress: z.number().int(),
  note: z.string(),
  evidenceUrl: z.string().nullable(),
  authorName: z.string().nullable(),
  source: z.enum(['form', 'import']),
  createdAt: z.string(),
  monitorNotes: z.array(MonitorNote),
});
export type MilestoneUpdate = z.infer<typeof MilestoneUpdate>;

export const TrackedMilestone = z.object({
  id: z.string(), title: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), responsible: z.string(),
  status: MilestoneStatus, progress: z.number().int(),
  /** Not completed and its end date is past. */
  late: z.boolean(),
  /** Not completed and its end date falls within the next 30 days. */
  dueSoon: z.boolean(),
  lastUpdateAt: z.string().nullable(),
});
export type TrackedMilestone = z.infer<typeof TrackedMilestone>;

export const TrackedCommitment = z.object({
  id: z.string(), reference: z.string(), title: z.string(), leadInstitution: z.string(), state: z.string(),
  startsOn: z.string().nullable(), endsOn: z.string().nullable(),
  /** Duration-weighted mean of its milestones' progress (0..100, one decimal), null without milestones. */
  progress: z.number().nullable(),
  milestones: z.array(TrackedMilestone),
  /** Whether the caller may post updates on its milestones (admin or one of its drafters, the commitment's leads). */
  canUpdate: z.boolean(),
});
export type TrackedCommitment = z.infer<typeof TrackedCommitment>;

export const TrackingDashboard = z.object({
  process: z.object({ id: z.string(), slug: z.string(), title: z.string(), activePhase: z.string().nullable() }),
  generatedAt: z.string(),
  /** Mean of the commitments' progress (each commitment counts once), null without any. */
  progress: z.number().nullable(),
  commitments: z.array(TrackedCommitment),
  due: z.array(z.object({ milestoneId: z.string(), title: z.string(), commitmentReference: z.string(), endsOn: z.string(), status: MilestoneStatus, progress: z.number().int() })),
  late: z.array(z.object({ milestoneId: z.string(), title: z.string(), commitmentReference: z.string(), endsOn: z.string(), status: MilestoneStatus, progress: z.number().int(), daysLate: z.number().int() })),
  updates: z.array(MilestoneUpdate),
  feedUrl: z.string(),
  /** Whether the caller may write monitor notes (membership role `monitor`, or admin). */
  canMonitor: z.boolean(),
});
export type TrackingDashboard = z.infer<typeof TrackingDashboard>;

/** One row of a progress import: the milestone by id, or by commitment reference and its 1-based position. */
export const ProgressImportRow = z.strictObject({
  milestoneId: z.uuid().optional(),
  commitment: text().trim().max(40).optional(),
  milestone: z.coerce.number().int().min(1).max(50).optional(),
  status: MilestoneStatus,
  progress: z.coerce.number().int().min(0).max(100),
  note: text().trim().max(5000).default(''),
  evidenceUrl: HttpUrl.optional(),
}).refine((r) => r.milestoneId !== undefined || (r.commitment !== undefined && r.milestone !== undefined), { message: 'milestone-unnamed', path: ['milestoneId'] });
export type ProgressImportRow = z.infer<typeof ProgressImportRow>;
export const ProgressImportReport = z.object({
  imported: z.number().int(),
  rows: z.array(z.object({ row: z.number().int(), milestoneId: z.string(), commitmentReference: z.string(), status: MilestoneStatus, progress: z.number().int() })),
});
