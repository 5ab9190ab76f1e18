/**
 * Pure rules of the evidence report: the notice given before the first phase, small-group
 * folding of self-described answers, and the OGP Participation and Co-Creation Standards.
 */
import { FEWER_THAN_MIN, MIN_GROUP, type PhaseKind, type Standard, type StandardKey, type StandardStatus } from '@mesa/shared';

const DAY = 24 * 60 * 60 * 1000;
/** "About two weeks" of notice, as OGP asks. */
export const NOTICE_DAYS_REQUIRED = 14;
/** "Progress shared at least twice a year": no stretch longer than half a year without an update. */
export const MAX_DAYS_WITHOUT_UPDATE = 183;
export const GOVERNMENT_SECTORS = new Set(['executive', 'legislative', 'judiciary', 'independent']);

export interface TimelineFact { at: Date; action: string; kind?: string | null; phases?: { kind: string; startsAt: string }[] }

/**
 * The notice given before the first phase opened: from the publication of the schedule whose date
 * for that phase was still the one in force when it opened (a later change to other phases does not
 * reset it; a change to that phase's date does) to the opening, in whole days.
 */
export function noticeOf(timeline: TimelineFact[]) {
  const sorted = [...timeline].sort((a, b) => a.at.getTime() - b.at.getTime());
  const opening = sorted.find((e) => e.action === 'phase-opened' && e.kind);
  if (!opening) return { noticeDays: null, publishedAt: lastPublication(sorted)?.at ?? null, firstOpenedAt: null, firstPhase: null };
  const publications = sorted.filter((e) => (e.action === 'created' || e.action === 'phases-changed') && e.at.getTime() <= opening.at.getTime());
  const startOf = (e: TimelineFact) => e.phases?.find((p) => p.kind === opening.kind)?.startsAt ?? null;
  const last = publications.at(-1);
  if (!last) return { noticeDays: null, publishedAt: null, firstOpenedAt: opening.at, firstPhase: opening.kind! };
  const inForce = startOf(last);
  let from = last;
  for (let i = publications.length - 1; i >= 0 && startOf(publications[i]!) === inForce; i--) from = publications[i]!;
  return {
    noticeDays: Math.floor((opening.at.getTime() - from.at.getTime()) / DAY),
    publishedAt: from.at, firstOpenedAt: opening.at, firstPhase: opening.kind!,
  };
}
const lastPublication = (sorted: TimelineFact[]) => sorted.filter((e) => e.action === 'created' || e.action === 'phases-changed').at(-1);

/**
 * Counts safe to publish: each category of fewer than MIN_GROUP people is folded into
 * `fewer-than-5`; when that group itself is small, the next smallest categories join it, so no
 * figure below MIN_GROUP ever describes one named category. `not-said` is not sensitive and stays apart.
 */
export function foldSmallGroups(counts: Record<string, number>, notSaid = 0): Record<string, number> {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  let folded = 0;
  let foldedCategories = 0;
  const shown: [string, number][] = [];
  for (const [k, n] of entries) {
    if (n < MIN_GROUP) { folded += n; foldedCategories++; } else shown.push([k, n]);
  }
  // A folded group of one category, or of fewer than MIN_GROUP people, would still single people out.
  while (folded > 0 && (folded < MIN_GROUP || foldedCategories < 2) && shown.length > 0) {
    const [, n] = shown.shift()!;
    folded += n;
    foldedCategories++;
  }
  const out: Record<string, number> = Object.fromEntries(shown.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  if (folded > 0) out[FEWER_THAN_MIN] = folded;
  if (notSaid > 0) out['not-said'] = notSaid;
  return out;
}

/** A share 0..1 rounded to three decimals, or null when there is nothing to divide. */
export function share(part: number, of: number): number | null {
  return of === 0 ? null : Math.round((part / of) * 1000) / 1000;
}

export interface StandardFacts {
  slug: string;
  /** Phases opened at least once (from the timeline). */
  opened: Set<PhaseKind>;
  activePhase: PhaseKind | null;
  adoptedAt: Date | null;
  now: Date;
  forum: { governmentMembers: number; nonGovernmentMembers: number; meetings: number; name: string | null };
  ogpPageUrl: string | null;
  published: { proposals: number; meetings: number; meetingsWithoutMinutes: number; workshopsHeld: number; minutesUrls: string[] };
  noticeDays: number | null;
  inputs: { answered: number; of: number };
  updates: Date[];
}

type Verdict = { status: StandardStatus; reason: string; params?: Record<string, number | string>; evidence: string[] };

const PAST_INPUTS: PhaseKind[] = ['prioritisation', 'drafting', 'consultation', 'adopted'];

/** Each standard judged from the records, with links to where the portal shows the evidence. */
export function judgeStandards(f: StandardFacts): Standard[] {
  const base = `/processes/${encodeURIComponent(f.slug)}`;
  const started = f.opened.size > 0;
  const verdicts: Record<StandardKey, Verdict> = {
    forum: forumVerdict(f, base, started),
    'ogp-page': f.ogpPageUrl
      ? { status: 'met', reason: 'ogp-page-linked', evidence: [f.ogpPageUrl, base] }
      : { status: f.adoptedAt ? 'not-met' : 'not-yet', reason: 'ogp-page-missing', evidence: [base] },
    'online-repository': repositoryVerdict(f, base, started),
    'advance-notice': f.noticeDays === null
      ? { status: 'not-yet', reason: 'no-phase-opened', evidence: [base] }
      : { status: f.noticeDays >= NOTICE_DAYS_REQUIRED ? 'met' : 'not-met', reason: f.noticeDays >= NOTICE_DAYS_REQUIRED ? 'notice-enough' : 'notice-short', params: { days: f.noticeDays, required: NOTICE_DAYS_REQUIRED }, evidence: [`${base}/evidence#timeline`, base] },
    'open-channels': f.opened.has('open-call') || f.opened.has('consultation')
      ? { status: 'met', reason: 'channels-opened', params: { proposals: f.published.proposals }, evidence: [`${base}/proposals`] }
      : { status: [...f.opened].some((k) => PAST_INPUTS.includes(k)) ? 'not-met' : 'not-yet', reason: 'no-channel-opened', evidence: [base] },
    'reasoned-response': responseVerdict(f, base),
    'open-implementation': implementationVerdict(f, base),
  };
  return (Object.keys(verdicts) as StandardKey[]).map((key) => {
    const v = verdicts[key];
    return { key, id: key, status: v.status, reason: v.reason, params: v.params ?? {}, evidence: v.evidence };
  });
}

function forumVerdict(f: StandardFacts, base: string, started: boolean): Verdict {
  const params = { government: f.forum.governmentMembers, nonGovernment: f.forum.nonGovernmentMembers, meetings: f.forum.meetings };
  const evidence = [`${base}/evidence#meetings`, `${base}/plan`];
  if (f.forum.governmentMembers > 0 && f.forum.nonGovernmentMembers > 0 && f.forum.meetings > 0) return { status: 'met', reason: 'forum-meets', params, evidence };
  const reason = f.forum.governmentMembers + f.forum.nonGovernmentMembers === 0 ? 'forum-missing'
    : f.forum.governmentMembers === 0 || f.forum.nonGovernmentMembers === 0 ? 'forum-one-sided' : 'forum-no-meeting';
  return { status: started ? 'not-met' : 'not-yet', reason, params, evidence };
}

function repositoryVerdict(f: StandardFacts, base: string, started: boolean): Verdict {
  const p = f.published;
  const params = { proposals: p.proposals, meetings: p.meetings, withoutMinutes: p.meetingsWithoutMinutes };
  const evidence = [`${base}/evidence`, `${base}/proposals`, ...p.minutesUrls];
  if (!started) return { status: 'not-yet', reason: 'no-phase-opened', params, evidence };
  if (p.proposals + p.meetings + p.workshopsHeld === 0) return { status: 'not-met', reason: 'nothing-published', params, evidence };
  if (p.meetingsWithoutMinutes > 0) return { status: 'not-met', reason: 'minutes-missing', params, evidence };
  return { status: 'met', reason: 'records-public', params, evidence };
}

function responseVerdict(f: StandardFacts, base: string): Verdict {
  const { answered, of } = f.inputs;
  const params = { answered, of };
  const evidence = [`${base}/proposals`, `${base}/evidence#responses`];
  if (of === 0) return { status: 'not-yet', reason: 'no-inputs', params, evidence };
  if (answered >= of) return { status: 'met', reason: 'all-answered', params, evidence };
  // Responses are due by the adoption of the plan.
  return { status: f.adoptedAt ? 'not-met' : 'not-yet', reason: 'responses-pending', params, evidence };
}

function implementationVerdict(f: StandardFacts, base: string): Verdict {
  const evidence = [`${base}/tracking`, `/api/processes/${encodeURIComponent(f.slug)}/updates.atom`];
  if (!f.adoptedAt) return { status: 'not-yet', reason: 'not-adopted', evidence };
  const gap = longestGapDays(f.adoptedAt, f.updates, f.now);
  const params = { updates: f.updates.length, longestGapDays: gap, allowed: MAX_DAYS_WITHOUT_UPDATE };
  if (gap > MAX_DAYS_WITHOUT_UPDATE) return { status: 'not-met', reason: 'updates-too-rare', params, evidence };
  if (f.updates.length === 0) return { status: 'not-yet', reason: 'no-update-yet', params, evidence };
  return { status: 'met', reason: 'updates-regular', params, evidence };
}

/** The longest stretch, in whole days, from adoption through each update (after adoption) to now. */
export function longestGapDays(adoptedAt: Date, updates: Date[], now: Date): number {
  const points = [adoptedAt.getTime(), ...updates.map((d) => d.getTime()).filter((t) => t >= adoptedAt.getTime()).sort((a, b) => a - b), Math.max(now.getTime(), adoptedAt.getTime())];
  let longest = 0;
  for (let i = 1; i < points.length; i++) longest = Math.max(longest, points[i]! - points[i - 1]!);
  return Math.floor(longest / DAY);
}
