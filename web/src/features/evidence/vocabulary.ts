/** The evidence vocabularies as values for the web app (repeated from shared/, checked equal to its types; see api/vocabulary.ts for why). */
import type { GENDERS as SharedGenders, MEETING_KINDS as SharedKinds } from '@mesa/shared';

type Complete<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : never;
type Of<A extends readonly string[]> = A[number];

const kinds = ['forum', 'public', 'follow-up'] as const satisfies readonly Of<typeof SharedKinds>[];
export const MEETING_KINDS: Complete<Of<typeof SharedKinds>, typeof kinds> = kinds;

const genders = ['woman', 'man', 'non-binary', 'self-described'] as const satisfies readonly Of<typeof SharedGenders>[];
export const GENDERS: Complete<Of<typeof SharedGenders>, typeof genders> = genders;

const statuses = ['not-started', 'in-progress', 'completed', 'delayed'] as const;
/** Milestone statuses (shared/src/commitments.ts MilestoneStatus). */
export const MILESTONE_STATUSES = statuses;
