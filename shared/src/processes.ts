/** Co-creation processes, their phases and their public timeline log. */
import { z } from 'zod';
import { text } from './text.ts';
import { Locale, MembershipRole, PhaseKind, Sector } from './taxonomy.ts';

const IsoDateTime = z.iso.datetime({ offset: true });

export const Phase = z.object({ kind: PhaseKind, startsAt: IsoDateTime, endsAt: IsoDateTime });
export type Phase = z.infer<typeof Phase>;

export const PhaseInput = z.strictObject({ kind: PhaseKind, startsAt: IsoDateTime, endsAt: IsoDateTime })
  .refine((p) => Date.parse(p.startsAt) < Date.parse(p.endsAt), { message: 'ends-before-start', path: ['endsAt'] });

/** Phases in their natural order, each once, each ending after it starts (the database checks the last too). */
export const PhaseList = z.array(PhaseInput).min(1).max(5).superRefine((phases, ctx) => {
  const kinds = phases.map((p) => p.kind);
  if (new Set(kinds).size !== kinds.length) ctx.addIssue({ code: 'custom', message: 'phase-repeated' });
  const order = PhaseKind.options;
  const sorted = [...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (sorted.join() !== kinds.join()) ctx.addIssue({ code: 'custom', message: 'phase-order' });
});

export const Slug = z.string().min(3).max(60).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug-format');

export const CreateProcessBody = z.strictObject({
  slug: Slug,
  title: text().trim().min(3).max(200),
  description: text().trim().max(5000).default(''),
  language: Locale.default('en'),
  phases: PhaseList,
});
export type CreateProcessBody = z.infer<typeof CreateProcessBody>;

export const ReplacePhasesBody = z.strictObject({ phases: PhaseList });
export const OpenPhaseBody = z.strictObject({ kind: PhaseKind });

export const TimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.enum(['created', 'phase-opened', 'phases-changed']),
  actorName: z.string().nullable(),
  detail: z.object({
    kind: PhaseKind.optional(),
    outsideSchedule: z.boolean().optional(),
    phases: z.array(Phase).optional(),
  }),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Process = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  language: Locale,
  phases: z.array(Phase),
  activePhase: PhaseKind.nullable(),
  timeline: z.array(TimelineEntry),
  createdAt: z.string(),
});
export type Process = z.infer<typeof Process>;

export const ProcessList = z.object({ items: z.array(Process), nextCursor: z.string().nullable(), total: z.number().int() });

export const AddMemberBody = z.strictObject({
  userId: z.uuid(),
  role: MembershipRole,
  sector: Sector.optional(),
  organisation: text().trim().max(200).optional(),
});
export const MemberView = z.object({
  userId: z.string(), displayName: z.string(), role: MembershipRole,
  sector: Sector.nullable(), organisation: z.string().nullable(),
});
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().max(200).optional(),
  lang: text().optional(),
});
