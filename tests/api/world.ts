/**
 * A portal with data in every phase, built through the API, for suites that try many routes
 * (bad input, fuzz): an open call with proposals, comments, answers and a workshop; a
 * prioritisation round; a commitment in drafting; one in consultation with comments; an adopted
 * plan with milestone updates, a monitor note and an endorsement.
 */
import { expect } from 'vitest';
import { draftedProcess, PLAN_META } from '../../server/src/features/plan/test-fixtures.ts';
import { adminAgent, Agent, processBody, residents, type TestApp } from '../../server/src/test/harness.ts';

export interface World {
  admin: Agent;
  resident: Agent;
  other: Agent;
  /** A workshop guest (joined by code, no account). */
  guest: Agent;
  slugs: { open: string; prio: string; draft: string; consult: string; plan: string };
  ids: Record<string, string>;
}

const userId = (a: Agent) => (a as unknown as { userId: string }).userId;

async function ok(res: Promise<{ statusCode: number; body: string; json: () => any }>, what: string) {
  const r = await res;
  expect(r.statusCode, `${what}: ${r.body.slice(0, 300)}`).toBeLessThan(300);
  return r.body ? r.json() : null;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const admin = await adminAgent(t);
  const [resident, other] = (await residents(t, 2)) as [Agent, Agent];
  const ids: Record<string, string> = {};
  const slugs = { open: 'fz-open', prio: 'fz-prio', draft: 'fz-draft', consult: 'fz-consult', plan: 'fz-plan' };

  // Open call: proposals, a comment, an answer, a report, a workshop with a guest and a question.
  await ok(admin.post('/api/processes', processBody(slugs.open)), 'process');
  await ok(admin.post(`/api/processes/${slugs.open}/active-phase`, { kind: 'open-call' }), 'open call');
  const proposal = { body: 'Publish the **budget** as open data.', area: 'fiscal-openness', sector: 'civil-society' };
  ids.proposal = (await ok(resident.post(`/api/processes/${slugs.open}/proposals`, { ...proposal, title: 'Open budget data' }), 'proposal')).id;
  ids.proposal2 = (await ok(other.post(`/api/processes/${slugs.open}/proposals`, { ...proposal, title: 'Open procurement data' }), 'proposal 2')).id;
  ids.comment = (await ok(other.post(`/api/proposals/${ids.proposal}/comments`, { body: 'Yes, quarterly.', alignment: 'for' }), 'comment')).id;
  await ok(resident.post(`/api/proposals/${ids.proposal2}/supports`), 'support');
  await ok(admin.post(`/api/proposals/${ids.proposal2}/answer`, { state: 'evaluating', answer: 'We are looking at it.' }), 'answer');
  await ok(resident.post('/api/reports', { targetType: 'comments', targetId: ids.comment, reason: 'spam' }), 'report');
  const workshop = await ok(admin.post(`/api/processes/${slugs.open}/workshops`, {
    title: 'Budget workshop', agenda: [{ proposalId: ids.proposal }, { title: 'Open floor' }], startsAt: new Date().toISOString(), mode: 'in-person',
  }), 'workshop');
  ids.workshop = workshop.id;
  const guest = new Agent(t.app, '10.66.0.1');
  await ok(guest.post('/api/workshops/join', { code: workshop.code, displayName: 'Guest one', sector: 'resident' }), 'guest join');
  await guest.refreshCsrf();
  await ok(resident.post('/api/workshops/join', { code: workshop.code, displayName: 'Resident' }), 'resident join');
  ids.question = (await ok(guest.post(`/api/workshops/${ids.workshop}/questions`, { body: 'When does it start?' }), 'question')).id;

  // Prioritisation: an open round residents vote in.
  await ok(admin.post('/api/processes', processBody(slugs.prio)), 'process prio');
  await ok(admin.post(`/api/processes/${slugs.prio}/active-phase`, { kind: 'open-call' }), 'open call prio');
  const p1 = (await ok(resident.post(`/api/processes/${slugs.prio}/proposals`, { ...proposal, title: 'Open contracts' }), 'prio proposal')).id;
  const p2 = (await ok(other.post(`/api/processes/${slugs.prio}/proposals`, { ...proposal, title: 'Open lobbying register' }), 'prio proposal 2')).id;
  await ok(admin.post(`/api/processes/${slugs.prio}/active-phase`, { kind: 'prioritisation' }), 'prioritisation');
  ids.round = (await ok(admin.post(`/api/processes/${slugs.prio}/rounds`, { title: 'Which first?', method: 'dots', proposalIds: [p1, p2], dotsPerParticipant: 3, eligibility: 'residents' }), 'round')).id;
  await ok(admin.post(`/api/rounds/${ids.round}/open`), 'round open');
  await ok(resident.put(`/api/rounds/${ids.round}/ballot`, { dots: { [p1]: 2, [p2]: 1 } }), 'ballot');

  // Drafting: a commitment with milestones, the resident one of its drafters.
  const drafted = await draftedProcess(admin, slugs.draft, [{ title: 'Open budget portal', fields: { problem: 'Budgets are PDFs.' }, milestones: [{ title: 'Portal online', startsOn: '2025-06-01', endsOn: '2026-06-01' }] }]);
  ids.commitment = drafted.ids[0]!;
  await ok(admin.post(`/api/commitments/${ids.commitment}/drafters`, { userId: userId(resident) }), 'drafter');
  ids.version = (await ok(admin.post(`/api/commitments/${ids.commitment}/versions`, { label: 'First draft' }), 'version')).id;

  // Consultation: a published commitment with a section comment.
  const consult = await draftedProcess(admin, slugs.consult, [{ title: 'Open lobbying data', fields: { problem: 'Meetings are secret.' } }]);
  ids.consultCommitment = consult.ids[0]!;
  await ok(admin.post(`/api/processes/${slugs.consult}/active-phase`, { kind: 'consultation' }), 'consultation phase');
  await ok(admin.post(`/api/processes/${slugs.consult}/consultation`, { closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }), 'publish consultation');
  ids.consultComment = (await ok(other.post(`/api/commitments/${ids.consultCommitment}/comments`, { body: 'Add a deadline.', anchor: { field: 'problem' } }), 'consultation comment')).id;

  // Adopted plan: metadata, adoption, a milestone update, a monitor note, an endorsement.
  const planned = await draftedProcess(admin, slugs.plan);
  ids.planCommitment = planned.ids[0]!;
  await ok(admin.put(`/api/processes/${slugs.plan}/plan`, PLAN_META), 'plan meta');
  await ok(admin.post(`/api/processes/${slugs.plan}/adopt`), 'adopt');
  ids.milestone = (await t.db.selectFrom('milestones').select('id').where('commitment_id', '=', ids.planCommitment).orderBy('position').executeTakeFirstOrThrow()).id;
  ids.milestoneUpdate = (await ok(admin.patch(`/api/milestones/${ids.milestone}`, { status: 'in-progress', progress: 20, note: 'Started.' }), 'milestone update')).id;
  await ok(admin.post(`/api/milestone-updates/${ids.milestoneUpdate}/notes`, { body: 'Confirmed on site.' }), 'monitor note');
  ids.endorsement = (await ok(resident.post(`/api/processes/${slugs.plan}/endorsements`, { organisation: 'Red de Vecinos', representative: 'Ana Pérez', role: 'Coordinadora' }), 'endorsement')).id;
  ids.residentId = userId(resident);
  ids.otherId = userId(other);
  return { admin, resident, other, guest, slugs, ids };
}
