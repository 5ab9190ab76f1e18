/** Pure rules of live workshops: join codes, who runs a workshop, who may join. */
import { randomInt } from 'node:crypto';
import { CODE_ALPHABET } from '@mesa/shared';

/** 6 characters from 31 unambiguous ones: 887 million codes, and join attempts are rate-limited. */
export function newJoinCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

export const MAX_FAILED_JOINS_PER_MINUTE = 10;

/** Admins, the process's facilitators and the workshop's creator run it. */
export function canFacilitate(user: { id: string; isAdmin: boolean } | null, roles: Set<string>, createdBy: string | null): boolean {
  return !!user && (user.isAdmin || roles.has('facilitator') || createdBy === user.id);
}

export type JoinVerdict = 'ok' | 'closed' | 'locked';
/** A locked room takes no newcomers, but someone already in it may come back. */
export function joinVerdict(w: { state: string; locked: boolean }, alreadyIn: boolean): JoinVerdict {
  if (w.state === 'closed') return 'closed';
  if (w.locked && !alreadyIn) return 'locked';
  return 'ok';
}
