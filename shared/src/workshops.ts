/** Live workshops: creation, joining by code, the facilitator's controls, the outcome. */
import { z } from 'zod';
import { storable, text } from './text.ts';
import { Sector } from './taxonomy.ts';

/** Join codes avoid look-alike characters (0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JoinCode = z.string().trim().toUpperCase().regex(/^[A-HJKMNP-Z2-9]{6}$/, 'code-format');

export const AgendaItem = z.union([
  z.strictObject({ proposalId: z.uuid() }),
  /** A working session on a commitment of the same process: the web shows its editor next to the rounds. */
  z.strictObject({ commitmentId: z.uuid() }),
  z.strictObject({ title: text().trim().min(1).max(300) }),
]);
export const WorkshopMode = z.enum(['online', 'in-person', 'hybrid']);

export const CreateWorkshopBody = z.strictObject({
  title: text().trim().min(3).max(200),
  agenda: z.array(AgendaItem).min(1).max(100),
  startsAt: z.iso.datetime({ offset: true }),
  mode: WorkshopMode,
  videoUrl: z.url({ protocol: /^https?$/ }).max(500).check(storable).optional(),
});
export type CreateWorkshopBody = z.infer<typeof CreateWorkshopBody>;

export const JoinWorkshopBody = z.strictObject({
  code: JoinCode,
  displayName: text().trim().min(1).max(60),
  sector: Sector.optional(),
});

export const Participant = z.object({
  key: z.string(),
  displayName: z.string(),
  sector: z.string().nullable(),
  guest: z.boolean(),
  joinedAt: z.string(),
});

export const Workshop = z.object({
  id: z.string(),
  processSlug: z.string(),
  title: z.string(),
  agenda: z.array(z.object({ proposalId: z.string().optional(), commitmentId: z.string().optional(), title: z.string(), reference: z.string().optional() })),
  currentItem: z.number().int(),
  startsAt: z.string(),
  mode: WorkshopMode,
  videoUrl: z.string().nullable(),
  code: z.string().nullable(),
  joinUrl: z.string().nullable(),
  state: z.enum(['open', 'closed']),
  locked: z.boolean(),
  participants: z.number().int(),
  participantsBySector: z.record(z.string(), z.number()),
  /** Whether the caller runs this workshop (facilitator or admin). */
  canFacilitate: z.boolean(),
  me: z.object({ key: z.string(), displayName: z.string(), sector: z.string().nullable(), table: z.number().int().nullable() }).nullable(),
  /** How many breakout tables are formed (0: everyone in the plenary). */
  tables: z.number().int(),
  rounds: z.array(z.object({ id: z.string(), title: z.string(), method: z.string(), state: z.string(), closesAt: z.string().nullable(), resultsVisible: z.boolean() })),
});
export type Workshop = z.infer<typeof Workshop>;

export const WorkshopOutcome = z.object({
  workshopId: z.string(),
  closedAt: z.string(),
  attendance: z.object({ total: z.number().int(), bySector: z.record(z.string(), z.number()), guests: z.number().int() }),
  rounds: z.array(z.object({ roundId: z.string(), title: z.string(), method: z.string(), participants: z.number().int(), top: z.array(z.object({ proposalId: z.string(), score: z.number(), rank: z.number().int() })) })),
});
