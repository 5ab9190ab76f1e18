/** Shapes of the scoring engine: a round's settings, ballots and results. */
import { z } from 'zod';
import { text } from '../text.ts';
import type { Sector } from '../taxonomy.ts';

export const METHODS = ['criteria', 'dots', 'ranking', 'pairwise', 'poll'] as const;
export const Method = z.enum(METHODS);
export type Method = z.infer<typeof Method>;

export const Criterion = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/), weight: z.number().positive().max(100) });
export type Criterion = z.infer<typeof Criterion>;
export const DEFAULT_CRITERIA: Criterion[] = [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 1 }];
export const SCALE = { min: 1, max: 5 } as const;

/** What the engine needs to know about a round. */
export interface RoundSettings {
  method: Method;
  /** Proposal ids, or poll options. */
  items: string[];
  criteria: Criterion[];
  dotsPerParticipant: number;
  maxDotsPerItem: number;
  maxRanked: number;
  /** Published seed that orders what is still tied after the method's own tie-break. */
  seed: string;
  equalSectorWeight: boolean;
}

export const CriteriaBallot = z.strictObject({ scores: z.record(text(), z.record(text(), z.number())) });
export const DotsBallot = z.strictObject({ dots: z.record(text(), z.number()) });
export const RankingBallot = z.strictObject({ ranking: z.array(text()) });
export const PollBallot = z.strictObject({ option: text() });
export const Ballot = z.union([CriteriaBallot, DotsBallot, RankingBallot, PollBallot]);
export type Ballot = z.infer<typeof Ballot>;

export const Comparison = z.union([
  z.strictObject({ winnerId: text(), loserId: text() }),
  z.strictObject({ skip: z.tuple([text(), text()]) }),
]);
export type Comparison = z.infer<typeof Comparison>;

/** One participant's say: a ballot (or, for pairwise, their comparisons), with their sector. */
export interface Vote {
  participant: string;
  sector: Sector | null;
  ballot?: Ballot;
  comparisons?: Comparison[];
}

export interface ResultItem {
  proposalId: string;
  score: number;
  rank: number;
  bySector: Partial<Record<Sector, number>>;
  /** How many participants said something about this item (abstentions excluded). */
  ballots: number;
  /** criteria: the mean of each criterion; with feasibility and impact, the matrix quadrant. */
  criteria?: Record<string, number>;
  quadrant?: Quadrant;
  /** ranking: how many put it first. pairwise: wins and losses. */
  firstPreferences?: number;
  wins?: number;
  losses?: number;
}

export type Quadrant = 'quick-win' | 'major-project' | 'fill-in' | 'reconsider';

export interface Results {
  method: Method;
  participants: number;
  participantsBySector: Partial<Record<Sector, number>>;
  equalSectorWeight: boolean;
  seed: string;
  items: ResultItem[];
}
