/**
 * Fixtures of the authorisation matrix, made through the API: one process resting in each phase
 * (not started, open call, prioritisation, drafting, consultation, adopted), each walked there
 * step by step so that it holds everything the earlier phases leave behind (proposals, comments,
 * rounds, workshops with guests, a commitment with its drafting team and milestones, a
 * consultation comment, the adopted plan, a milestone update, an endorsement), plus throwaway
 * processes for the routes whose success would change a phase.
 */
import type { LightMyRequestResponse } from 'fastify';
import { processBody, type Agent, type TestApp } from '../../../server/src/test/harness.ts';
import { type Caller, userIdOf } from './callers.ts';

export const PHASES = ['draft', 'open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
/** `draft`: a process published but with no phase open yet. */
export type PhaseKey = (typeof PHASES)[number];
const KINDS = PHASES.slice(1) as readonly Exclude<PhaseKey, 'draft'>[];

export const after = (phase: PhaseKey, than: PhaseKey) => PHASES.indexOf(phase) >= PHASES.indexOf(than);

export interface PhaseFixture {
  phase: PhaseKey;
  slug: string;
  processId: string;
  /** The guest of `workshop`, and its participant key; `guest2Key` is a second guest, the one a facilitator removes. */
  guest: Agent;
  guestKey: string;
  guest2Key: string;
  /** Workshops: the one in use; one only to join; one to lock; one to close; one closed with an outcome. */
  workshop: string;
  joinWorkshop: string;
  joinCode: string;
  lockWorkshop: string;
  closeWorkshop: string;
  closedWorkshop: string;
  /** A question the guest asked in `workshop`. */
  question: string;
  meeting: string;
  /** From the open call on: proposals of `author` (editable: no support nor comment yet; answer: with an answer drafted, not published). */
  proposals?: Record<'editable' | 'commented' | 'mergeA' | 'mergeB' | 'withdraw' | 'answer' | 'report' | 'hide', string>;
  /** Comments of `author` on `proposals.commented`. */
  comments?: Record<'mine' | 'del', string>;
  /** Rounds: `main` (dots, forum; open from prioritisation on), `draft` (never opened), `close`, `pair` (pairwise), `workshop` (dots, in `workshop`). */
  rounds?: Record<'main' | 'draft' | 'close' | 'pair' | 'workshop', string>;
  /** From drafting on: a commitment drafted from `proposals.editable`, `drafter` on its team, two milestones. */
  commitment?: string;
  reference?: string;
  milestones?: string[];
  /** From consultation on: `member`'s consultation comment on the commitment. */
  consultationComment?: string;
  /** Adopted: `drafter`'s update of the first milestone, and `author`'s endorsement (pending). */
  update?: string;
  endorsement?: string;
}

export interface World {
  t: TestApp;
  agents: Record<Exclude<Caller, 'guest'>, Agent>;
  /** Accounts no caller is: added as members or drafters by the routes that do that. */
  spare: Agent;
  /** An account with a real password, for the sign-in route. */
  login: { email: string; password: string };
  other: { slug: string };
  phases: Record<PhaseKey, PhaseFixture>;
}

function ok(res: LightMyRequestResponse, what: string, status = [200, 201, 204]) {
  if (!status.includes(res.statusCode)) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.statusCode === 204 ? {} : res.json();
}

const DAY = 86_400_000;
const futureIso = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Opens `kind` in `slug` (admin). */
async function open(admin: Agent, slug: string, kind: string) {
  ok(await admin.post(`/api/processes/${slug}/active-phase`, { kind }), `open ${kind} in ${slug}`);
}

/** A workshop created by `facilitator` in `slug`; returns its id and join code. */
async function workshop(facilitator: Agent, slug: string, title: string, agenda: unknown[] = [{ title: 'Welcome' }, { title: 'Priorities' }]) {
  const w = ok(await facilitator.post(`/api/processes/${slug}/workshops`, {
    title, agenda, startsAt: futureIso(1), mode: 'hybrid',
  }), `workshop ${title}`);
  return { id: w.id as string, code: w.code as string };
}

/** Joins as a new guest (from `agent`, an anonymous visitor); returns its participant key. */
async function joinAsGuest(agent: Agent, code: string, name: string) {
  const w = ok(await agent.post('/api/workshops/join', { code, displayName: name, sector: 'academia' }), `join ${name}`);
  const key = w.me.key as string;
  (agent as { guestId?: string }).guestId = key.slice('guest:'.length);
  await agent.refreshCsrf();
  return key;
}

/** A process walked to `phase`, with what each phase on the way leaves behind. */
export async function buildPhase(world: Omit<World, 'phases'>, phase: PhaseKey, newGuest: () => Agent): Promise<PhaseFixture> {
  const { agents: a } = world;
  const admin = a.admin;
  const slug = `authz-${phase}`;
  const created = ok(await admin.post('/api/processes', processBody(slug, -1)), `process ${slug}`);
  for (const [who, role, sector] of [['member', 'forum-member', 'civil-society'], ['facilitator', 'facilitator'], ['drafter', 'drafter'], ['monitor', 'monitor']] as const) {
    ok(await admin.post(`/api/processes/${slug}/members`, { userId: userIdOf(a[who]), role, ...(sector ? { sector } : {}) }), `member ${who}`);
  }
  // From the open call on, proposals first: the main workshop's agenda carries two of them, for its own round.
  let proposals: PhaseFixture['proposals'];
  if (phase !== 'draft') {
    await open(admin, slug, 'open-call');
    proposals = {} as NonNullable<PhaseFixture['proposals']>;
    for (const key of ['editable', 'commented', 'mergeA', 'mergeB', 'withdraw', 'answer', 'report', 'hide'] as const) {
      proposals[key] = ok(await a.author.post(`/api/processes/${slug}/proposals`, {
        title: `Proposal ${key} in ${phase}`, body: 'Publish the **budget** as open data.', area: 'fiscal-openness', sector: 'civil-society',
      }), `proposal ${key}`).id;
    }
  }
  const agenda = proposals ? [{ proposalId: proposals.editable }, { proposalId: proposals.commented }, { title: 'Open floor' }] : undefined;
  const w = await workshop(a.facilitator, slug, 'Main workshop', agenda);
  const join = await workshop(a.facilitator, slug, 'Joining workshop');
  const lock = await workshop(a.facilitator, slug, 'Workshop to lock');
  const close = await workshop(a.facilitator, slug, 'Workshop to close');
  const done = await workshop(a.facilitator, slug, 'Closed workshop');
  const guest = newGuest();
  const guestKey = await joinAsGuest(guest, w.code, `Guest ${phase}`);
  const guest2Key = await joinAsGuest(newGuest(), w.code, `Second guest ${phase}`);
  ok(await a.facilitator.post(`/api/workshops/${done.id}/close`), 'close workshop');
  const question = ok(await guest.post(`/api/workshops/${w.id}/questions`, { body: 'Who decides the final list?' }), 'question').id as string;
  const meeting = ok(await admin.post(`/api/processes/${slug}/meetings`, { heldOn: '2025-03-01', title: 'Forum meeting', kind: 'forum', attendance: { 'civil-society': 4 } }), 'meeting').id as string;
  const f: PhaseFixture = {
    phase, slug, processId: created.id, guest, guestKey, guest2Key, workshop: w.id, joinWorkshop: join.id, joinCode: join.code,
    lockWorkshop: lock.id, closeWorkshop: close.id, closedWorkshop: done.id, question, meeting, proposals,
  };
  if (!proposals) return f;

  const comment = async (body: string) => ok(await a.author.post(`/api/proposals/${proposals.commented}/comments`, { body, alignment: 'for' }), 'comment').id as string;
  f.comments = { mine: await comment('A first comment.'), del: await comment('A comment to delete.') };
  ok(await a.member.post(`/api/proposals/${proposals.commented}/supports`), 'support');
  ok(await admin.post(`/api/proposals/${proposals.answer}/answer`, { state: 'accepted', answer: 'Drafted, not published yet.', publish: false }), 'draft answer');
  const round = async (title: string, method: string, extra: Record<string, unknown> = {}) => ok(await a.facilitator.post(`/api/processes/${slug}/rounds`, {
    title, method, proposalIds: [proposals.editable, proposals.commented, proposals.answer], ...extra,
  }), `round ${title}`).id as string;
  f.rounds = {
    main: await round('Main round', 'dots'), draft: await round('Round never opened', 'dots'), close: await round('Round to close', 'dots'),
    pair: await round('Pairwise round', 'pairwise'), workshop: await round('Workshop round', 'dots', { workshopId: w.id, proposalIds: [proposals.editable, proposals.commented] }),
  };
  if (phase === 'open-call') return f;

  await open(admin, slug, 'prioritisation');
  for (const r of ['main', 'close', 'pair', 'workshop'] as const) ok(await a.facilitator.post(`/api/rounds/${f.rounds[r]}/open`), `open round ${r}`);
  ok(await a.member.put(`/api/rounds/${f.rounds.main}/ballot`, { dots: { [proposals.editable]: 2, [proposals.commented]: 1 } }), 'ballot');
  ok(await guest.put(`/api/rounds/${f.rounds.workshop}/ballot`, { dots: { [proposals.commented]: 1 } }), 'guest ballot');
  if (phase === 'prioritisation') return f;

  ok(await admin.post(`/api/processes/${slug}/selection`, { proposalIds: [proposals.editable, proposals.commented] }), 'selection');
  await open(admin, slug, 'drafting');
  const k = ok(await admin.post(`/api/processes/${slug}/commitments`, {
    title: `Open budget commitment (${phase})`, sourceProposalIds: [proposals.editable], area: 'fiscal-openness', leadInstitution: 'Finance office',
  }), 'commitment');
  f.commitment = k.id as string;
  f.reference = k.reference as string;
  ok(await admin.post(`/api/commitments/${f.commitment}/drafters`, { userId: userIdOf(a.drafter) }), 'drafter');
  const patched = ok(await a.drafter.patch(`/api/commitments/${f.commitment}`, {
    baseVersion: k.version, fields: { problem: 'Budget data is published as scanned PDFs.', description: 'Publish machine-readable budget data every month.' },
    startsOn: '2025-06-01', endsOn: '2027-06-30',
    milestones: [
      { title: 'Open data portal section', startsOn: '2025-06-01', endsOn: '2026-01-31', responsible: 'Finance office' },
      { title: 'Monthly releases', startsOn: '2026-02-01', endsOn: '2027-06-30', responsible: 'Finance office' },
    ],
  }), 'patch commitment');
  f.milestones = (patched.milestones as { id: string }[]).map((m) => m.id);
  if (phase === 'drafting') return f;

  ok(await admin.post(`/api/processes/${slug}/consultation`, { closesAt: futureIso(30), commitmentIds: [f.commitment] }), 'consultation');
  f.consultationComment = ok(await a.member.post(`/api/commitments/${f.commitment}/comments`, {
    body: 'Monthly is too rare.', anchor: { field: 'description', quote: 'every month' },
  }), 'consultation comment').id;
  if (phase === 'consultation') return f;

  ok(await admin.put(`/api/processes/${slug}/plan`, { title: `Plan ${phase}`, leadInstitution: 'Finance office', periodStart: '2025-06-01', periodEnd: '2027-06-30' }), 'plan');
  ok(await admin.post(`/api/processes/${slug}/adopt`), 'adopt');
  f.update = ok(await a.drafter.patch(`/api/milestones/${f.milestones[0]}`, { status: 'in-progress', progress: 30, note: 'Section drafted.' }), 'update').id;
  f.endorsement = ok(await a.author.post(`/api/processes/${slug}/endorsements`, { organisation: 'Open Budget Network', representative: 'A. Author', role: 'Coordinator' }), 'endorsement').id;
  return f;
}

/**
 * Throwaway processes for routes whose success changes a process for good (open a phase,
 * publish for consultation, adopt): each in `phase`, with a drafted commitment when asked.
 */
export class Sandboxes {
  #n = 0;
  constructor(private readonly admin: Agent) {}

  async process(phase: PhaseKey, withCommitment = false): Promise<{ slug: string }> {
    const slug = `authz-sandbox-${++this.#n}`;
    const admin = this.admin;
    ok(await admin.post('/api/processes', processBody(slug, -1)), `sandbox ${slug}`);
    if (!withCommitment) {
      if (phase !== 'draft') await open(admin, slug, phase);
      return { slug };
    }
    await open(admin, slug, 'open-call');
    const p = ok(await admin.post(`/api/processes/${slug}/proposals`, { title: 'Sandbox proposal', body: 'Text.', area: 'justice', sector: 'executive' }), 'sandbox proposal');
    ok(await admin.post(`/api/processes/${slug}/selection`, { proposalIds: [p.id] }), 'sandbox selection');
    await open(admin, slug, 'drafting');
    ok(await admin.post(`/api/processes/${slug}/commitments`, { title: 'Sandbox commitment', sourceProposalIds: [p.id], area: 'justice' }), 'sandbox commitment');
    if (after(phase, 'consultation')) ok(await admin.post(`/api/processes/${slug}/consultation`, { closesAt: futureIso(30) }), 'sandbox consultation');
    if (phase === 'adopted') ok(await admin.post(`/api/processes/${slug}/adopt`), 'sandbox adopt');
    else if (phase !== 'drafting' && phase !== 'consultation') await open(admin, slug, phase === 'draft' ? 'open-call' : phase);
    return { slug };
  }
}

export { KINDS };
