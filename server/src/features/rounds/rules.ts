/** Pure rules of prioritisation rounds: default settings, who may manage or vote, when a round takes ballots. */
import { DEFAULT_CRITERIA, type CreateRoundBody, type MembershipRole, type RoundSettings, type Sector } from '@mesa/shared';

/** The engine settings of a new round, with the defaults filled in. */
export function settingsFor(body: CreateRoundBody, items: string[], seed: string): RoundSettings {
  return {
    method: body.method,
    items: body.method === 'poll' ? body.options ?? [] : items,
    criteria: body.criteria ?? DEFAULT_CRITERIA,
    dotsPerParticipant: body.dotsPerParticipant ?? 5,
    maxDotsPerItem: body.maxDotsPerItem ?? 3,
    maxRanked: body.maxRanked ?? Math.min(5, items.length || 5),
    seed,
    equalSectorWeight: body.equalSectorWeight,
  };
}

export interface Memberships { roles: Set<MembershipRole>; sector: Sector | null }

/** Admins and the process's facilitators run rounds. */
export function canManage(isAdmin: boolean, m: Memberships): boolean {
  return isAdmin || m.roles.has('facilitator');
}

/** Forum members vote; in a residents' round any signed-in person does (as their forum sector, else resident). */
export function voterSector(eligibility: string, m: Memberships): Sector | null | false {
  if (m.roles.has('forum-member')) return m.sector ?? 'resident';
  return eligibility === 'residents' ? 'resident' : false;
}

/** A round takes ballots while open and before its deadline. */
export function acceptsBallots(r: { state: string; closesAt: Date | null }, now: Date): boolean {
  return r.state === 'open' && (r.closesAt === null || now < r.closesAt);
}
