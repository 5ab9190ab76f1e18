/**
 * Who may call each route, kept by hand; the routes themselves come from the app (every
 * registered route needs an entry here, and an entry for a route that no longer exists fails).
 *
 * Each entry says who may call the route (`allow`, per phase when the phase changes it), in
 * which phases the action is open at all (`openIn`: elsewhere everyone is refused, and 409
 * `phase-closed` counts as a refusal), where to try it (`phases`, default every phase whose
 * process has the target), the target (`params`) and a body that would succeed for an allowed
 * caller, so that a caller let through by mistake really changes something and is caught.
 * A case marked `leak` documents a known authorisation leak: it is reported, not failed on,
 * until the feature is fixed and the mark removed.
 */
import type { LightMyRequestResponse } from 'fastify';
import { processBody } from '../../../server/src/test/harness.ts';
import { type Caller, CALLERS, MEMBERS, USERS } from './callers.ts';
import { after, type PhaseFixture, type PhaseKey, type Sandboxes, type World } from './fixtures.ts';

export interface Ctx {
  world: World;
  sandboxes: Sandboxes;
  /** A number never returned before (unique emails, slugs). */
  n: () => number;
  /** The commitment's current version (PATCH needs it as baseVersion). */
  version: (commitmentId: string) => Promise<number>;
  /** The adopted fixture's plan document (JSON export), for the import route. */
  planDocument: () => Promise<Record<string, unknown>>;
}

type Params = Record<string, string>;
export interface Case {
  /** A name when a route has several cases (e.g. per comment target). */
  label?: string;
  allow: readonly Caller[] | ((phase: PhaseKey) => readonly Caller[]);
  openIn?: readonly PhaseKey[];
  /** 409 problem codes other than `phase-closed` that also mean "closed in this phase" (why, in a comment). */
  closedCodes?: readonly string[];
  /** Phases to try; `once` for routes that belong to no process. */
  phases?: readonly PhaseKey[] | 'once';
  params?: (f: PhaseFixture, x: Ctx) => Params | undefined | Promise<Params | undefined>;
  query?: string;
  body?: (f: PhaseFixture, x: Ctx, caller: Caller) => unknown;
  /** Send as a fresh session of the caller: the route starts or ends sessions. */
  freshSession?: boolean;
  /** A field-level rule on every answer below 400: what is wrong, or null. */
  check?: (res: LightMyRequestResponse, caller: Caller, f: PhaseFixture) => string | null;
  /** Why no allowed call is expected to succeed (the coverage check is skipped). */
  noSuccess?: string;
  /** Not requested (why). */
  skip?: string;
  /** A known leak: reported and tolerated until fixed. */
  leak?: string;
}

const EVERYONE = CALLERS;
const ADMIN: readonly Caller[] = ['admin'];
const RUNNERS: readonly Caller[] = ['facilitator', 'admin'];
/** Those who see a workshop: its facilitators and admins, its participants (the guest), and members of the process of any role. */
const WORKSHOP_VIEWERS: readonly Caller[] = ['guest', 'member', 'facilitator', 'drafter', 'monitor', 'admin'];
/** Only participants act in the room (raise a hand, ask, upvote); facilitators and admins run it without taking part. */
const PARTICIPANTS: readonly Caller[] = ['guest'];
/** A commitment is read by everyone once published for consultation; while drafted, by the process's members and admins. */
const commitmentReaders = (phase: PhaseKey) => (after(phase, 'consultation') ? EVERYONE : MEMBERS);
const commitmentUsers = (phase: PhaseKey) => (after(phase, 'consultation') ? USERS : MEMBERS);

const WRITE_PHASES_ADMIN: readonly PhaseKey[] = ['open-call', 'adopted'];
const proposal = (k: keyof NonNullable<PhaseFixture['proposals']>) => (f: PhaseFixture) => (f.proposals ? { id: f.proposals[k] } : undefined);
const round = (k: keyof NonNullable<PhaseFixture['rounds']>) => (f: PhaseFixture) => (f.rounds ? { id: f.rounds[k] } : undefined);
const commitment = (f: PhaseFixture) => (f.commitment ? { id: f.commitment } : undefined);
const comment = (k: 'mine' | 'del') => (f: PhaseFixture) => (f.comments ? { id: f.comments[k] } : undefined);
const workshop = (k: 'workshop' | 'joinWorkshop' | 'lockWorkshop' | 'closeWorkshop' | 'closedWorkshop' = 'workshop') => (f: PhaseFixture) => ({ id: f[k] });
const DAY = 86_400_000;

/** The join code (and the join link, which carries it) only for those who run the workshop. */
function codeOnlyForRunners(res: LightMyRequestResponse, caller: Caller, f: PhaseFixture): string | null {
  if (RUNNERS.includes(caller)) return null;
  const body = res.json() as { code?: unknown; joinUrl?: unknown; items?: { code?: unknown; joinUrl?: unknown }[] };
  const seen = [body, ...(body.items ?? [])].some((w) => (w.code ?? null) !== null || (typeof w.joinUrl === 'string' && /\/join\/[A-Z0-9]{6}/.test(w.joinUrl)));
  return seen ? `${caller} sees a workshop join code in ${f.phase}` : null;
}

/** Drafted commitments only for the process's members and admins. */
function draftsOnlyForMembers(pick: (body: any) => { state: string }[]) {
  return (res: LightMyRequestResponse, caller: Caller, f: PhaseFixture) => {
    if (MEMBERS.includes(caller)) return null;
    const drafts = pick(res.json()).filter((c) => c.state === 'drafting');
    return drafts.length ? `${caller} sees ${drafts.length} drafted commitment(s) in ${f.phase}` : null;
  };
}

/** An answer drafted and not yet published only for admins. */
function answersAsPublished(pick: (body: any) => { draftAnswer?: unknown; answer: { publishedAt: string | null } | null }[]) {
  return (res: LightMyRequestResponse, caller: Caller, f: PhaseFixture) => {
    if (caller === 'admin') return null;
    const drafts = pick(res.json()).filter((p) => (p.draftAnswer ?? null) !== null || (p.answer !== null && p.answer.publishedAt === null));
    return drafts.length ? `${caller} sees ${drafts.length} answer(s) not yet published in ${f.phase}` : null;
  };
}

export const POLICY: Record<string, Case | Case[]> = {
  // ---- health, docs, accounts -------------------------------------------------------------
  'GET /healthz': { allow: EVERYONE, phases: 'once' },
  'GET /readyz': { allow: EVERYONE, phases: 'once' },
  'GET /livez': { allow: EVERYONE, phases: 'once' },
  'GET /api/openapi.json': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs/': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs/static/index.html': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs/static/swagger-initializer.js': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs/*': { allow: EVERYONE, phases: 'once', params: () => ({ '*': 'static/swagger-ui.css' }) },
  'GET /api/docs/json': { allow: EVERYONE, phases: 'once' },
  'GET /api/docs/yaml': { allow: EVERYONE, phases: 'once' },
  'GET /ws': { allow: EVERYONE, skip: 'the websocket upgrade; rights on sockets are the room tests\' (plugins/rooms)' },
  'GET /api/auth/csrf': { allow: EVERYONE, phases: 'once' },
  'POST /api/auth/register': {
    allow: EVERYONE, phases: 'once', freshSession: true,
    body: (_f, x) => ({ email: `authz-new-${x.n()}@example.org`, password: 'a long enough password', displayName: 'New person' }),
  },
  'POST /api/auth/login': { allow: EVERYONE, phases: 'once', freshSession: true, body: (_f, x) => x.world.login },
  // A guest's session is not an account's: it ends when the workshop removes them, not here.
  'POST /api/auth/logout': { allow: USERS, phases: 'once', freshSession: true },
  'GET /api/me': { allow: USERS, phases: 'once' },
  'PATCH /api/me': { allow: USERS, phases: 'once', body: (_f, _x, caller) => ({ displayName: `Authz ${caller} renamed` }) },
  'GET /api/me/profile': { allow: USERS, phases: 'once' },
  'PUT /api/me/profile': { allow: USERS, phases: 'once', body: () => ({ gender: 'self-described', disability: 'no' }) },

  // ---- processes ----------------------------------------------------------------------------
  'GET /api/processes': { allow: EVERYONE, phases: 'once' },
  'POST /api/processes': { allow: ADMIN, phases: 'once', body: (_f, x) => processBody(`authz-created-${x.n()}`) },
  'GET /api/processes/:slug': { allow: EVERYONE },
  'POST /api/processes/:slug/active-phase': {
    allow: ADMIN, phases: ['draft', 'drafting'],
    params: async (f, x) => x.sandboxes.process(f.phase),
    body: (f) => ({ kind: f.phase === 'draft' ? 'open-call' : 'consultation' }),
  },
  'PUT /api/processes/:slug/phases': {
    allow: ADMIN, phases: ['draft', 'adopted'],
    body: () => ({ phases: processBody('x').phases.map((p, i) => (i === 4 ? { ...p, endsAt: new Date(Date.parse(p.endsAt) + DAY).toISOString() } : p)) }),
  },
  // Facilitators read the members to enter paper ballots; nobody else but admins.
  'GET /api/processes/:slug/members': { allow: RUNNERS },
  'POST /api/processes/:slug/members': { allow: ADMIN, phases: ['draft', 'adopted'], body: (_f, x) => ({ userId: userIdOfSpare(x), role: 'monitor' }) },
  // The spare account the route above made a monitor.
  'DELETE /api/processes/:slug/members/:userId': { allow: ADMIN, phases: ['draft', 'adopted'], params: (f, x) => ({ slug: f.slug, userId: userIdOfSpare(x) }) },

  // ---- open call ----------------------------------------------------------------------------
  'GET /api/processes/:slug/proposals': { allow: EVERYONE, check: answersAsPublished((b) => b.items) },
  'POST /api/processes/:slug/proposals': {
    allow: USERS, openIn: ['open-call'], phases: ['open-call', 'prioritisation'],
    body: () => ({ title: 'Open contracting data', body: 'Publish every public contract.', area: 'anti-corruption', sector: 'resident' }),
  },
  // Counts only (how many, by state, how many unanswered or with a drafted answer): public.
  'GET /api/processes/:slug/proposals/stats': { allow: EVERYONE },
  'GET /api/proposals/:id': { allow: EVERYONE, params: proposal('answer'), check: answersAsPublished((b) => [b]) },
  'PATCH /api/proposals/:id': {
    allow: ['author'], openIn: ['open-call'], phases: ['open-call', 'drafting'], params: proposal('editable'),
    body: () => ({ title: 'Publish the budget as open data, monthly' }),
  },
  'POST /api/proposals/:id/withdraw': { allow: ['author'], openIn: ['open-call'], phases: ['open-call', 'prioritisation'], params: proposal('withdraw') },
  'POST /api/proposals/:id/supports': { allow: USERS, openIn: ['open-call'], phases: ['open-call', 'prioritisation'], params: proposal('editable') },
  'DELETE /api/proposals/:id/supports': { allow: USERS, openIn: ['open-call'], phases: ['open-call', 'prioritisation'], params: proposal('commented') },
  'POST /api/markdown/preview': { allow: USERS, phases: 'once', body: () => ({ body: '**bold**' }) },
  'POST /api/proposals/:id/answer': {
    allow: ADMIN, phases: WRITE_PHASES_ADMIN, params: proposal('answer'),
    body: () => ({ state: 'evaluating', answer: 'We are studying it with the finance office.', publish: false }),
  },
  'POST /api/processes/:slug/answers/publish': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, body: () => ({}) },
  'POST /api/processes/:slug/proposals/merge': {
    allow: ADMIN, phases: ['open-call', 'prioritisation'],
    body: (f) => f.proposals && ({ sourceIds: [f.proposals.mergeA, f.proposals.mergeB], title: 'Merged budget proposal', body: 'Both asked for open budget data.' }),
  },
  'POST /api/processes/:slug/import': {
    allow: ADMIN, phases: WRITE_PHASES_ADMIN,
    body: () => [{ title: 'Imported from a paper form', body: 'Open the procurement data.', area: 'anti-corruption', sector: 'civil-society' }],
  },
  'GET /api/processes/:slug/proposals/export': { allow: ADMIN, query: '?format=json' },

  // ---- rounds -------------------------------------------------------------------------------
  'GET /api/processes/:slug/rounds': { allow: EVERYONE },
  'POST /api/processes/:slug/rounds': {
    allow: RUNNERS, phases: ['prioritisation', 'adopted'],
    body: (f) => f.proposals && ({ title: 'Another round', method: 'ranking', proposalIds: [f.proposals.editable, f.proposals.commented] }),
  },
  'GET /api/rounds/:id': { allow: EVERYONE, params: round('main') },
  'POST /api/rounds/:id/open': { allow: RUNNERS, openIn: ['prioritisation', 'drafting'], phases: ['prioritisation', 'adopted'], params: round('draft') },
  'POST /api/rounds/:id/close': { allow: RUNNERS, phases: ['prioritisation', 'adopted'], params: round('close') },
  'POST /api/rounds/:id/reveal': { allow: RUNNERS, phases: ['prioritisation', 'adopted'], params: round('close'), body: () => ({ revealed: true }) },
  // One's own ballot: any account (404 when there is none); a guest only in its workshop's rounds.
  'GET /api/rounds/:id/ballot': [
    { label: 'forum round', allow: USERS, params: round('main') },
    { label: 'workshop round', allow: [...USERS, 'guest'], params: round('workshop') },
  ],
  'PUT /api/rounds/:id/ballot': [
    // A forum round takes the process's forum members only (not its facilitators, nor admins).
    {
      label: 'forum round', allow: ['member'], openIn: ['prioritisation', 'drafting'], phases: ['prioritisation', 'consultation'], params: round('main'),
      body: (f) => f.proposals && ({ dots: { [f.proposals.commented]: 3 } }),
    },
    // A workshop round takes those present in the room (here its guest), not members who have not joined it.
    {
      label: 'workshop round', allow: PARTICIPANTS, openIn: ['prioritisation', 'drafting'], phases: ['drafting', 'adopted'], params: round('workshop'),
      body: (f) => f.proposals && ({ dots: { [f.proposals.editable]: 2 } }),
    },
  ],
  'POST /api/rounds/:id/comparisons': {
    allow: ['member'], openIn: ['prioritisation', 'drafting'], phases: ['drafting', 'consultation'], params: round('pair'),
    body: (f) => f.proposals && ({ winnerId: f.proposals.editable, loserId: f.proposals.commented }),
  },
  'POST /api/rounds/:id/paper-ballots': {
    allow: RUNNERS, phases: ['prioritisation', 'adopted'], params: round('main'),
    body: (f) => f.proposals && ({ ballot: { dots: { [f.proposals.answer]: 1 } }, sector: 'private-sector', label: 'Table 3' }),
  },
  // Running results stay with those who run the round until it is revealed or closed.
  'GET /api/rounds/:id/results': { allow: RUNNERS, params: round('main') },
  'GET /api/rounds/:id/results/export': { allow: RUNNERS, params: round('main'), query: '?format=json' },
  'POST /api/processes/:slug/selection': {
    allow: ADMIN, phases: ['drafting', 'open-call'],
    body: (f) => f.proposals && ({ proposalIds: [f.proposals.editable, f.proposals.commented] }),
  },

  // ---- workshops ----------------------------------------------------------------------------
  'POST /api/processes/:slug/workshops': {
    allow: RUNNERS, phases: ['draft', 'adopted'],
    body: () => ({ title: 'Evening workshop', agenda: [{ title: 'Open floor' }], startsAt: new Date(Date.now() + 2 * DAY).toISOString(), mode: 'online' }),
  },
  'GET /api/processes/:slug/workshops': { allow: EVERYONE, check: codeOnlyForRunners },
  'GET /api/workshops/:id': { allow: WORKSHOP_VIEWERS, params: workshop(), check: codeOnlyForRunners },
  // Anyone with the code: a signed-in person joins as themself, anyone else becomes a guest.
  'POST /api/workshops/join': { allow: EVERYONE, phases: ['draft', 'adopted'], freshSession: true, body: (f) => ({ code: f.joinCode, displayName: 'Late arrival' }) },
  // Without the code: those who see the workshop already (members of the process of any role, those who run it).
  'POST /api/workshops/:id/join': {
    allow: ['member', 'facilitator', 'drafter', 'monitor', 'admin'], phases: ['draft', 'adopted'], params: workshop('joinWorkshop'), body: () => ({ displayName: 'Member in the room' }),
  },
  'POST /api/workshops/:id/agenda': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: () => ({ current: 1 }) },
  'POST /api/workshops/:id/lock': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop('lockWorkshop'), body: () => ({ locked: true }) },
  'POST /api/workshops/:id/participants/remove': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: (f) => ({ key: f.guest2Key }) },
  'GET /api/workshops/:id/participants': { allow: RUNNERS, params: workshop() },
  'POST /api/workshops/:id/close': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop('closeWorkshop') },
  // The recorded outcome of a closed workshop (attendance by sector, round results) is public, as in the process's workshop list.
  'GET /api/workshops/:id/outcome': { allow: EVERYONE, params: workshop('closedWorkshop') },
  'POST /api/workshops/:id/tables': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: () => ({ count: 2, strategy: 'balanced' }) },
  'DELETE /api/workshops/:id/tables': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop() },
  'GET /api/workshops/:id/tables': { allow: RUNNERS, params: workshop() },
  'POST /api/workshops/:id/broadcast': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: () => ({ message: 'Five minutes left', timerSec: 300 }) },
  'GET /api/workshops/:id/broadcast': { allow: WORKSHOP_VIEWERS, params: workshop() },
  'POST /api/workshops/:id/tables/combine': {
    allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: (f) => ({ roundIds: [f.rounds?.close ?? f.question], title: 'Plenary result' }),
    noSuccess: 'needs closed table rounds, which the fixtures do not run (tables.api tests do)',
  },
  'GET /api/workshops/:id/hands': { allow: WORKSHOP_VIEWERS, params: workshop() },
  'POST /api/workshops/:id/hands': { allow: PARTICIPANTS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: () => ({ raised: true }) },
  'GET /api/workshops/:id/tables/mine': { allow: PARTICIPANTS, params: workshop() },
  'POST /api/workshops/:id/hands/lower': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: (f) => ({ key: f.guestKey }) },
  'GET /api/workshops/:id/questions': { allow: WORKSHOP_VIEWERS, params: workshop() },
  'POST /api/workshops/:id/questions': { allow: PARTICIPANTS, phases: WRITE_PHASES_ADMIN, params: workshop(), body: () => ({ body: 'Is there a budget for this?' }) },
  'PUT /api/workshop-questions/:id/vote': { allow: PARTICIPANTS, phases: WRITE_PHASES_ADMIN, params: (f) => ({ id: f.question }), body: () => ({ value: 1 }) },
  'POST /api/workshop-questions/:id/answered': { allow: RUNNERS, phases: WRITE_PHASES_ADMIN, params: (f) => ({ id: f.question }), body: () => ({ answered: true }) },

  // ---- drafting -----------------------------------------------------------------------------
  'PUT /api/processes/:slug/commitment-numbering': { allow: ADMIN, phases: ['draft', 'drafting'], body: () => ({ prefix: 'AUTHZ', start: 40 }) },
  'GET /api/processes/:slug/commitments': { allow: EVERYONE, check: draftsOnlyForMembers((b) => b.items) },
  'POST /api/processes/:slug/commitments': {
    // Drafters by membership role (not only those already on a team) and admins.
    allow: ['drafter', 'admin'], openIn: ['drafting'], phases: ['drafting', 'consultation'],
    body: (f) => f.proposals && ({ title: 'Second commitment', sourceProposalIds: [f.proposals.commented], area: 'fiscal-openness' }),
  },
  'GET /api/proposals/:id/commitments': { allow: EVERYONE, params: proposal('editable'), check: draftsOnlyForMembers((b) => b.items) },
  'GET /api/commitments/:id': { allow: commitmentReaders, params: commitment },
  'PATCH /api/commitments/:id': {
    allow: ['drafter', 'admin'], openIn: ['drafting'], phases: ['drafting', 'consultation'], params: commitment,
    body: async (f, x) => ({ baseVersion: await x.version(f.commitment!), contact: `budget-${x.n()}@example.org` }),
  },
  'POST /api/commitments/:id/drafters': { allow: ADMIN, phases: ['drafting', 'adopted'], params: commitment, body: (_f, x) => ({ userId: userIdOfSpare(x) }) },
  // Naming a version is the drafting team's at any time (the adopted version is named so too).
  'POST /api/commitments/:id/versions': { allow: ['drafter', 'admin'], phases: ['drafting', 'adopted'], params: commitment, body: () => ({ label: 'after the forum' }) },
  'GET /api/commitments/:id/versions': { allow: commitmentReaders, params: commitment },
  'GET /api/commitments/:id/diff': { allow: commitmentReaders, params: commitment, query: '?from=current' },

  // ---- consultation -------------------------------------------------------------------------
  'POST /api/processes/:slug/consultation': {
    allow: ADMIN, phases: ['drafting', 'adopted'],
    // In drafting, a throwaway process (publishing opens the consultation); once adopted, the fixture (its commitment is final: refused).
    params: async (f, x) => (f.phase === 'drafting' ? x.sandboxes.process('drafting', true) : { slug: f.slug }),
    body: () => ({ closesAt: new Date(Date.now() + 20 * DAY).toISOString() }),
  },
  'PUT /api/commitments/:id/stances/:field': {
    allow: commitmentUsers, openIn: ['consultation'], phases: ['consultation', 'adopted'],
    // Once adopted the commitment is final: 409 consultation-not-open (a conflict) before the phase gate.
    closedCodes: ['conflict'],
    params: (f) => (f.commitment ? { id: f.commitment, field: 'description' } : undefined), body: () => ({ stance: 'agree' }),
  },
  'PUT /api/commitments/:id/follow': { allow: commitmentUsers, phases: ['drafting', 'consultation'], params: commitment },
  'DELETE /api/commitments/:id/follow': { allow: commitmentUsers, phases: ['drafting', 'consultation'], params: commitment },
  'POST /api/comments/:id/response': {
    allow: ['drafter', 'admin'], phases: ['consultation', 'adopted'], params: (f) => (f.consultationComment ? { id: f.consultationComment } : undefined),
    body: () => ({ outcome: 'partially', text: 'We will publish every two weeks where the data allows.' }),
  },
  // The drafting team's queue: drafters once they draft a commitment of the process, and admins.
  'GET /api/processes/:slug/reply-queue': { allow: (p) => (after(p, 'drafting') ? ['drafter', 'admin'] : ADMIN) },
  'GET /api/commitments/:id/consultation-report': { allow: commitmentReaders, params: commitment },
  'GET /api/processes/:slug/consultation-report': { allow: EVERYONE },

  // ---- plan -----------------------------------------------------------------------------------
  'GET /api/processes/:slug/plan': { allow: EVERYONE },
  'PUT /api/processes/:slug/plan': { allow: ADMIN, phases: ['consultation', 'adopted'], body: () => ({ title: 'Action plan', forum: 'Open government forum' }) },
  'POST /api/processes/:slug/adopt': {
    allow: ADMIN, phases: ['consultation', 'adopted'],
    params: async (f, x) => (f.phase === 'consultation' ? x.sandboxes.process('consultation', true) : { slug: f.slug }),
  },
  'POST /api/processes/:slug/endorsements': {
    allow: USERS, openIn: ['adopted'], phases: ['adopted', 'consultation'],
    body: () => ({ organisation: 'Neighbourhood association', representative: 'R. Person', role: 'Chair' }),
  },
  'GET /api/processes/:slug/endorsements': [
    {
      label: 'confirmed', allow: EVERYONE,
      check: (res, caller) => (caller !== 'admin' && (res.json().items as { status: string }[]).some((e) => e.status !== 'confirmed') ? `${caller} is listed unconfirmed endorsements` : null),
    },
    { label: 'all statuses', allow: ADMIN, query: '?status=all' },
  ],
  'POST /api/endorsements/:id/confirm': { allow: ADMIN, params: (f) => (f.endorsement ? { id: f.endorsement } : undefined) },
  'POST /api/endorsements/:id/reject': { allow: ADMIN, params: (f) => (f.endorsement ? { id: f.endorsement } : undefined) },
  'DELETE /api/endorsements/:id': { allow: ['author'], params: (f) => (f.endorsement ? { id: f.endorsement } : undefined) },
  'GET /api/processes/:slug/export': { allow: (p) => (p === 'adopted' ? EVERYONE : ADMIN), query: '?format=json' },
  'GET /api/schemas/plan.json': { allow: EVERYONE, phases: 'once' },
  'POST /api/plans/import': {
    allow: ADMIN, phases: 'once',
    body: async (_f, x) => {
      const doc = await x.planDocument();
      return { ...doc, process: { ...(doc.process as object), slug: `authz-imported-${x.n()}` } };
    },
  },

  // ---- evidence -----------------------------------------------------------------------------
  'GET /api/processes/:slug/evidence': { allow: EVERYONE },
  'GET /api/processes/:slug/meetings': { allow: EVERYONE },
  'POST /api/processes/:slug/meetings': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, body: () => ({ heldOn: '2025-04-02', title: 'Public meeting', kind: 'public' }) },
  'DELETE /api/processes/:slug/meetings/:id': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, params: (f) => ({ slug: f.slug, id: f.meeting }) },
  'PUT /api/processes/:slug/reported-figures': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, body: () => ({ inputsReported: 120, note: 'Paper forms' }) },

  // ---- tracking -----------------------------------------------------------------------------
  'PATCH /api/milestones/:id': {
    // The commitment's leads (its drafters) and admins, once the plan is adopted.
    allow: ['drafter', 'admin'], openIn: ['adopted'], phases: ['adopted', 'consultation'],
    params: (f) => (f.milestones ? { id: f.milestones[1]! } : undefined), body: () => ({ status: 'in-progress', progress: 10, note: 'Started.' }),
  },
  // A drafted commitment's milestones stay with admins until adoption (not even its drafters read their updates).
  'GET /api/milestones/:id/updates': { allow: (p) => (after(p, 'consultation') ? EVERYONE : ADMIN), params: (f) => (f.milestones ? { id: f.milestones[0]! } : undefined) },
  'GET /api/processes/:slug/tracking': {
    allow: EVERYONE,
    // Before adoption only admins see drafts here (the dashboard is about the adopted plan).
    check: (res, caller, f) => (caller !== 'admin' && !after(f.phase, 'adopted') && (res.json().commitments as { state: string }[]).some((c) => c.state === 'drafting')
      ? `${caller} sees a drafted commitment on the tracking dashboard in ${f.phase}` : null),
  },
  'GET /api/processes/:slug/updates.atom': { allow: EVERYONE },
  'POST /api/processes/:slug/progress-import': {
    allow: ADMIN, openIn: ['adopted'], phases: ['adopted', 'consultation'],
    body: (f) => f.reference && [{ commitment: f.reference, milestone: 2, status: 'in-progress', progress: 15, note: 'From the CSV.' }],
  },
  'POST /api/milestone-updates/:id/notes': { allow: ['monitor', 'admin'], params: (f) => (f.update ? { id: f.update } : undefined), body: () => ({ body: 'Checked against the portal.' }) },

  // ---- comments -----------------------------------------------------------------------------
  'GET /api/:targetType/:id/comments': [
    { label: 'proposal', allow: EVERYONE, params: (f) => (f.proposals ? { targetType: 'proposals', id: f.proposals.commented } : undefined) },
    // A draft's thread is nobody's but admins' (it cannot have comments yet).
    { label: 'commitment', allow: (p) => (after(p, 'consultation') ? EVERYONE : ADMIN), params: (f) => (f.commitment ? { targetType: 'commitments', id: f.commitment } : undefined) },
  ],
  'POST /api/:targetType/:id/comments': [
    {
      label: 'proposal', allow: USERS, openIn: ['open-call', 'prioritisation'], phases: ['prioritisation', 'drafting'],
      params: (f) => (f.proposals ? { targetType: 'proposals', id: f.proposals.commented } : undefined), body: () => ({ body: 'I agree with this.', alignment: 'for' }),
    },
    {
      label: 'commitment', allow: commitmentUsers, openIn: ['consultation'], phases: ['consultation', 'adopted'],
      // Once adopted the commitment is final: 409 consultation-not-open (a conflict) before the phase gate.
      closedCodes: ['conflict'],
      params: (f) => (f.commitment ? { targetType: 'commitments', id: f.commitment } : undefined), body: () => ({ body: 'Weekly would be better.', anchor: { field: 'description' } }),
    },
  ],
  'PATCH /api/comments/:id': { allow: ['author'], openIn: ['open-call', 'prioritisation'], phases: ['open-call', 'drafting'], params: comment('mine'), body: () => ({ body: 'A first comment, edited.' }) },
  'DELETE /api/comments/:id': { allow: ['author', 'admin'], phases: ['open-call', 'adopted'], params: comment('del') },
  'GET /api/comments/:id/history': { allow: ['author', 'admin'], params: comment('mine') },
  'PUT /api/comments/:id/vote': { allow: USERS, openIn: ['open-call', 'prioritisation'], phases: ['prioritisation', 'drafting'], params: comment('mine'), body: () => ({ value: 1 }) },

  // ---- moderation ---------------------------------------------------------------------------
  'POST /api/reports': [
    { label: 'proposal', allow: USERS, phases: ['open-call', 'adopted'], body: (f) => f.proposals && ({ targetType: 'proposals', targetId: f.proposals.report, reason: 'spam' }) },
    // NOTE: any account may report a workshop question, even one it cannot see (ids are unguessable; reports reveal nothing).
    { label: 'question', allow: USERS, phases: ['draft'], body: (f) => ({ targetType: 'questions', targetId: f.question, reason: 'off-topic' }) },
  ],
  'GET /api/processes/:slug/moderation': { allow: ADMIN },
  'POST /api/moderation/:targetType/:id/hide': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, params: (f) => (f.proposals ? { targetType: 'proposals', id: f.proposals.hide } : undefined) },
  'POST /api/moderation/:targetType/:id/unhide': { allow: ADMIN, phases: WRITE_PHASES_ADMIN, params: (f) => (f.proposals ? { targetType: 'proposals', id: f.proposals.hide } : undefined) },

  // ---- open data ----------------------------------------------------------------------------
  'GET /api/processes/:slug/export/contributions': { allow: (p) => (p === 'adopted' ? EVERYONE : ADMIN), phases: ['drafting', 'adopted'] },
  'GET /api/processes/:slug/export/decidim': { allow: (p) => (p === 'adopted' ? EVERYONE : ADMIN), phases: ['drafting', 'adopted'] },
};

/** Files of the built web app (web/dist), served to everyone; their names change at every build. */
export const WEB_FILE: Case = { allow: EVERYONE, phases: 'once' };

function userIdOfSpare(x: Ctx): string {
  return (x.world.spare as unknown as { userId: string }).userId;
}
