/** Prioritisation rounds over HTTP: creation, ballots, comparisons, results, selection. */
import { z } from 'zod';
import { text } from './text.ts';
import { Ballot, Comparison, Criterion, Method } from './scoring/types.ts';
import { Sector } from './taxonomy.ts';

export const ROUND_STATES = ['draft', 'open', 'closed'] as const;
export const Eligibility = z.enum(['forum', 'residents']);

export const CreateRoundBody = z.strictObject({
  title: text().trim().min(3).max(200),
  method: Method,
  proposalIds: z.array(z.uuid()).min(1).max(2000).optional(),
  criteria: z.array(Criterion).min(1).max(6).optional(),
  dotsPerParticipant: z.number().int().min(1).max(100).optional(),
  maxDotsPerItem: z.number().int().min(1).max(100).optional(),
  maxRanked: z.number().int().min(1).max(100).optional(),
  options: z.array(text().trim().min(1).max(200)).min(2).max(20).optional(),
  workshopId: z.uuid().optional(),
  /** A breakout table's own round (with workshopId). */
  tableNo: z.number().int().min(1).max(50).optional(),
  durationSec: z.number().int().min(1).max(60 * 60 * 24 * 30).optional(),
  resultsVisible: z.boolean().default(false),
  eligibility: Eligibility.default('forum'),
  equalSectorWeight: z.boolean().default(false),
});
export type CreateRoundBody = z.infer<typeof CreateRoundBody>;

export const Round = z.object({
  id: z.string(),
  processSlug: z.string(),
  workshopId: z.string().nullable(),
  tableNo: z.number().int().nullable(),
  combinedFrom: z.array(z.string()).nullable(),
  title: z.string(),
  method: Method,
  state: z.enum(ROUND_STATES),
  items: z.array(z.string()),
  criteria: z.array(Criterion),
  dotsPerParticipant: z.number().int(),
  maxDotsPerItem: z.number().int(),
  maxRanked: z.number().int(),
  resultsVisible: z.boolean(),
  eligibility: Eligibility,
  equalSectorWeight: z.boolean(),
  seed: z.string(),
  description: z.string(),
  ballots: z.number().int(),
  openedAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Round = z.infer<typeof Round>;

export const BallotBody = Ballot;
export const ComparisonBody = Comparison;
export const PaperBallotBody = z.strictObject({
  ballot: Ballot,
  /** The forum member this paper ballot belongs to; without one it is an anonymous paper ballot. */
  memberId: z.uuid().optional(),
  sector: Sector.optional(),
  label: text().trim().max(100).optional(),
});

export const ResultsItem = z.object({
  proposalId: z.string(),
  score: z.number(),
  rank: z.number().int(),
  bySector: z.record(z.string(), z.number()),
  ballots: z.number().int(),
  criteria: z.record(z.string(), z.number()).optional(),
  quadrant: z.enum(['quick-win', 'major-project', 'fill-in', 'reconsider']).optional(),
  firstPreferences: z.number().int().optional(),
  wins: z.number().int().optional(),
  losses: z.number().int().optional(),
  title: z.string().optional(),
  reference: z.string().optional(),
});
export const RoundResults = z.object({
  roundId: z.string(),
  method: Method,
  final: z.boolean(),
  description: z.string(),
  participants: z.number().int(),
  participantsBySector: z.record(z.string(), z.number()),
  paperBallots: z.number().int(),
  equalSectorWeight: z.boolean(),
  seed: z.string(),
  items: z.array(ResultsItem),
});
export type RoundResults = z.infer<typeof RoundResults>;

export const SelectionBody = z.strictObject({ proposalIds: z.array(z.uuid()).max(500) });
