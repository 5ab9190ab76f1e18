import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

type User = Agent & { userId?: string };
let t: TestApp;
let admin: Agent;
let drafter: User;
let otherDrafter: User;
let public1: User;
let public2: User;
let anonymous: Agent;
let source: string;
let seq = 0;

const PROBLEM = 'The city publishes procurement data late and in formats nobody can reuse.';

/** A process in drafting with one commitment, its problem text written, drafted by `drafter`. */
async function draftedCommitment(slug = `consult-${++seq}`) {
  await admin.post('/api/processes', processBody(slug));
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  source = (await admin.post(`/api/processes/${slug}/proposals`, { title: 'Open contracting', body: 'Publish contracts', area: 'anti-corruption', sector: 'civil-society' })).json().id;
  await admin.post(`/api/processes/${slug}/selection`, { proposalIds: [source] });
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  for (const d of [drafter, otherDrafter]) await admin.post(`/api/processes/${slug}/members`, { userId: d.userId, role: 'drafter' });
  const c = (await drafter.post(`/api/processes/${slug}/commitments`, { title: 'Open contracting data', sourceProposalIds: [source], area: 'anti-corruption' })).json();
  const patched = await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 0, fields: { problem: PROBLEM, description: 'Publish every contract in OCDS.' } });
  expect(patched.statusCode).toBe(200);
  return { slug, id: c.id as string };
}
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

async function published() {
  const d = await draftedCommitment();
  const res = await admin.post(`/api/processes/${d.slug}/consultation`, { closesAt: inAnHour() });
  expect(res.statusCode).toBe(200);
  return d;
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  [drafter, otherDrafter, public1, public2] = await residents(t, 4, 'consult') as [User, User, User, User];
  anonymous = new Agent(t.app);
});
afterAll(async () => { await t.close(); });

describe('publishing for consultation', () => {
  it('an admin publishes drafts with a closing date: a "for consultation" version, the phase opens, anyone reads them', async () => {
    const { slug, id } = await draftedCommitment();
    expect((await anonymous.get(`/api/commitments/${id}`)).statusCode).toBe(404);
    expect((await drafter.post(`/api/processes/${slug}/consultation`, { closesAt: inAnHour() })).statusCode).toBe(403);
    const past = await admin.post(`/api/processes/${slug}/consultation`, { closesAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('body.closesAt');
    const stranger = await admin.post(`/api/processes/${slug}/consultation`, { closesAt: inAnHour(), commitmentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(stranger.statusCode).toBe(400);
    expect((await anonymous.get(`/api/commitments/${id}`)).statusCode).toBe(404); // nothing changed

    const closesAt = inAnHour();
    const res = await admin.post(`/api/processes/${slug}/consultation`, { closesAt, commitmentIds: [id] });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id, versionId: expect.any(String) })]);
    expect((await admin.get(`/api/processes/${slug}`)).json().activePhase).toBe('consultation');
    const pub = await anonymous.get(`/api/commitments/${id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ state: 'in-consultation', fields: { problem: PROBLEM }, consultation: { closesAt: new Date(closesAt).toISOString(), open: true, versionId: res.json().items[0].versionId, comments: 0, unanswered: 0 } });
    expect((await anonymous.get(`/api/commitments/${id}/versions`)).json().items.map((v: { label: string }) => v.label)).toEqual(['for consultation']);
    // Nothing more to publish in that process.
    expect((await admin.post(`/api/processes/${slug}/consultation`, { closesAt })).statusCode).toBe(409);
  });

  it('publishing twice at once records one "for consultation" version; publishing again moves the closing date', async () => {
    const { slug, id } = await draftedCommitment();
    const later = new Date(Date.now() + 7200_000).toISOString();
    const both = await Promise.all([inAnHour(), later].map((closesAt) => admin.post(`/api/processes/${slug}/consultation`, { closesAt, commitmentIds: [id] })));
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect((await anonymous.get(`/api/commitments/${id}/versions`)).json().items).toHaveLength(1);
    const nextWeek = new Date(Date.now() + 7 * 86400_000).toISOString();
    expect((await admin.post(`/api/processes/${slug}/consultation`, { closesAt: nextWeek, commitmentIds: [id] })).statusCode).toBe(200);
    expect((await anonymous.get(`/api/commitments/${id}`)).json().consultation.closesAt).toBe(new Date(nextWeek).toISOString());
    expect((await anonymous.get(`/api/commitments/${id}/versions`)).json().items).toHaveLength(1);
  });

  it('labels the consultation version in the process\'s language', async () => {
    await admin.post('/api/processes', { ...processBody('consulta-es'), language: 'es' });
    const slug = 'consulta-es';
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
    const p = (await admin.post(`/api/processes/${slug}/proposals`, { title: 'Contrataciones abiertas', body: 'Publicar contratos', area: 'anti-corruption', sector: 'civil-society' })).json().id;
    await admin.post(`/api/processes/${slug}/selection`, { proposalIds: [p] });
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
    const id = (await admin.post(`/api/processes/${slug}/commitments`, { title: 'Datos de contrataciones', sourceProposalIds: [p], area: 'anti-corruption' })).json().id;
    expect((await admin.post(`/api/processes/${slug}/consultation`, { closesAt: inAnHour() })).statusCode).toBe(200);
    expect((await anonymous.get(`/api/commitments/${id}/versions`)).json().items.map((v: { label: string }) => v.label)).toEqual(['para consulta']);
  });

  it('refuses drafting edits during the consultation: PATCH and Yjs updates → 409 phase-closed, nothing stored, socket open', async () => {
    const { id } = await published();
    const patch = await drafter.patch(`/api/commitments/${id}`, { baseVersion: 1, fields: { problem: 'Rewritten' } });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('phase-closed');
    const ws = await connectWs(t.app, drafter.cookieHeader());
    ws.send({ type: 'join', room: `commitment:${id}` });
    const joined = await ws.next((m) => m.type === 'joined');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(joined.snapshot.yjs, 'base64'));
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => { update = u; });
    doc.getText('problem').insert(0, 'Sneaky ');
    ws.send({ type: 'yjs', room: `commitment:${id}`, update: Buffer.from(update!).toString('base64') });
    expect(await ws.next((m) => m.type === 'error')).toMatchObject({ code: 'phase-closed' });
    ws.send({ type: 'ping' });
    await ws.next((m) => m.type === 'pong');
    expect((await anonymous.get(`/api/commitments/${id}`)).json().fields.problem).toBe(PROBLEM);
    ws.ws.terminate();
  });
});

describe('consultation comments anchored to a section or passage', () => {
  it('refuses unknown sections, passages not in the text and unanchored comments, storing nothing', async () => {
    const { id } = await published();
    const url = `/api/commitments/${id}/comments`;
    const unknown = await public1.post(url, { body: 'Hmm', anchor: { field: 'budget' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'body.anchor.field' });
    const missing = await public1.post(url, { body: 'Hmm', anchor: { field: 'problem', quote: 'procurement data early' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('body.anchor.quote');
    expect(missing.json().errors[0].message).toContain('procurement data early');
    expect((await public1.post(url, { body: 'No section' })).statusCode).toBe(400);
    expect((await anonymous.post(url, { body: 'Anon', anchor: { field: 'problem' } })).statusCode).toBe(401);
    expect((await anonymous.get(url)).json().total).toBe(0);
  });

  it('stores the version it was made on; survives an unrelated edit; shows as on an earlier version when its passage is deleted', async () => {
    const { slug, id } = await published();
    const ws = await connectWs(t.app);
    ws.send({ type: 'join', room: `commitment:${id}` });
    await ws.next((m) => m.type === 'joined');

    const versionId = (await anonymous.get(`/api/commitments/${id}`)).json().consultation.versionId;
    const res = await public1.post(`/api/commitments/${id}/comments`, { body: 'Say which formats.', anchor: { field: 'problem', quote: 'formats nobody can reuse' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ anchor: { field: 'problem', quote: 'formats nobody can reuse' }, anchorVersionId: versionId });
    const live = await ws.next((m) => m.event === 'comments/added');
    expect(live.data).toMatchObject({ id: res.json().id, anchor: { field: 'problem', quote: 'formats nobody can reuse' } });
    const whole = await public2.post(`/api/commitments/${id}/comments`, { body: 'The whole section is good.', anchor: { field: 'description' } });
    expect(whole.statusCode).toBe(201);
    const reply = await drafter.post(`/api/commitments/${id}/comments`, { body: 'Thanks!', parentId: res.json().id });
    expect(reply.statusCode).toBe(201);

    // After the consultation the team revises: an unrelated edit elsewhere in the same field.
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
    const v = (await drafter.get(`/api/commitments/${id}`)).json().version;
    await drafter.patch(`/api/commitments/${id}`, { baseVersion: v, fields: { problem: `Since 2019, t${PROBLEM.slice(1)}` } });
    let list = (await anonymous.get(`/api/commitments/${id}/comments`)).json().items;
    const mine = () => list.find((c: { id: string }) => c.id === res.json().id);
    expect(mine()).toMatchObject({ onEarlierVersion: false });
    expect(mine().earlierText).toBeUndefined();

    // Now the passage itself goes.
    await drafter.patch(`/api/commitments/${id}`, { baseVersion: v + 1, fields: { problem: 'Since 2019, the city publishes procurement data late, in open formats.' } });
    list = (await anonymous.get(`/api/commitments/${id}/comments`)).json().items;
    expect(mine()).toMatchObject({ onEarlierVersion: true, earlierText: PROBLEM, anchor: { quote: 'formats nobody can reuse' } });
    expect(list.find((c: { id: string }) => c.id === whole.json().id)).toMatchObject({ onEarlierVersion: false });
    ws.ws.terminate();
  });

  it('takes no comments after the closing date (409) nor outside the consultation phase', async () => {
    const { slug, id } = await published();
    const early = (await public2.post(`/api/commitments/${id}/comments`, { body: 'Said in time.', anchor: { field: 'causes' } })).json();
    await t.db.updateTable('commitments').set({ consultation_closes_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    const late = await public1.post(`/api/commitments/${id}/comments`, { body: 'Too late?', anchor: { field: 'problem' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('phase-closed');
    expect(late.json().detail).toContain('closed');
    const stance = await public1.put(`/api/commitments/${id}/stances/problem`, { stance: 'agree' });
    expect(stance.statusCode).toBe(409);
    expect((await anonymous.get(`/api/commitments/${id}`)).json().consultation).toMatchObject({ open: false, comments: 1, stances: {} });
    // What was said in time stays as it was: no edits, no votes after the closing date.
    expect((await public2.patch(`/api/comments/${early.id}`, { body: 'Changed afterwards' })).statusCode).toBe(409);
    expect((await public1.put(`/api/comments/${early.id}/vote`, { value: 1 })).statusCode).toBe(409);
    // The drafting team can still answer it.
    expect((await drafter.post(`/api/comments/${early.id}/response`, { outcome: 'accepted', text: 'Done.' })).statusCode).toBe(200);

    await t.db.updateTable('commitments').set({ consultation_closes_at: new Date(Date.now() + 3600_000) }).where('id', '=', id).execute();
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'adopted' });
    const phase = await public1.post(`/api/commitments/${id}/comments`, { body: 'Adopted?', anchor: { field: 'problem' } });
    expect(phase.statusCode).toBe(409);
    expect(phase.json().code).toBe('phase-closed');
    expect((await anonymous.get(`/api/commitments/${id}/comments`)).json().total).toBe(1);
  });

  it('moderation works on consultation comments: three reports hide one; the queue links it to its commitment', async () => {
    const { id, slug } = await published();
    const c = (await public1.post(`/api/commitments/${id}/comments`, { body: 'Buy cheap pills', anchor: { field: 'problem' } })).json();
    const reporters = await residents(t, 3, 'consult-flagger');
    for (const r of reporters) expect((await r.post('/api/reports', { targetType: 'comments', targetId: c.id, reason: 'spam' })).statusCode).toBe(201);
    const seen = (await anonymous.get(`/api/commitments/${id}/comments`)).json();
    expect(seen.items[0]).toMatchObject({ id: c.id, hidden: true });
    expect(seen.items[0].body).toBeUndefined();
    expect((await anonymous.get(`/api/commitments/${id}`)).json().consultation.comments).toBe(0);
    const queue = (await admin.get(`/api/processes/${slug}/moderation`)).json().items;
    expect(queue).toContainEqual(expect.objectContaining({ targetType: 'comments', targetId: c.id, commitmentId: id, proposalId: null, hidden: true }));
  });
});

describe('agree/disagree per section and following', () => {
  it('one stance per person and section: changeable, withdrawable, parallel requests count once', async () => {
    const { id } = await published();
    const put = (a: Agent, field: string, stance: string | null) => a.put(`/api/commitments/${id}/stances/${field}`, { stance });
    expect((await put(public1, 'problem', 'agree')).json()).toMatchObject({ field: 'problem', stance: 'agree', agree: 1, disagree: 0 });
    expect((await put(public1, 'problem', 'disagree')).json()).toMatchObject({ agree: 0, disagree: 1 });
    const parallel = await Promise.all(Array.from({ length: 10 }, (_, i) => put(public2, 'problem', i % 2 ? 'agree' : 'disagree')));
    expect(parallel.every((r) => r.statusCode === 200)).toBe(true);
    const rows = await t.db.selectFrom('section_stances').selectAll().where('commitment_id', '=', id).where('user_id', '=', public2.userId!).execute();
    expect(rows).toHaveLength(1);
    await put(public2, 'causes', 'agree');
    const view = (await public1.get(`/api/commitments/${id}`)).json().consultation;
    expect(view.stances.problem.agree + view.stances.problem.disagree).toBe(2);
    expect(view.stances.causes).toEqual({ agree: 1, disagree: 0 });
    expect(view.myStances).toEqual({ problem: 'disagree' });
    expect((await put(public1, 'problem', null)).json()).toMatchObject({ stance: null });
    expect((await public1.get(`/api/commitments/${id}`)).json().consultation.myStances).toEqual({});
    expect((await put(public1, 'budget', 'agree')).statusCode).toBe(400);
    expect((await put(public1, 'problem', 'maybe')).statusCode).toBe(400);
    expect((await anonymous.put(`/api/commitments/${id}/stances/problem`, { stance: 'agree' })).statusCode).toBe(401);
  });

  it('follows idempotently, even in parallel; unfollows', async () => {
    const { id } = await published();
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => public1.put(`/api/commitments/${id}/follow`)));
    expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect((await public2.put(`/api/commitments/${id}/follow`)).json()).toEqual({ following: true, followers: 2 });
    expect((await public1.get(`/api/commitments/${id}`)).json().consultation).toMatchObject({ followers: 2, following: true });
    expect((await public1.delete(`/api/commitments/${id}/follow`)).json()).toEqual({ following: false, followers: 1 });
    expect((await public1.delete(`/api/commitments/${id}/follow`)).json()).toEqual({ following: false, followers: 1 });
    expect((await anonymous.put(`/api/commitments/${id}/follow`)).statusCode).toBe(401);
  });
});

describe('reasoned replies, the reply queue and the consultation report', () => {
  it('drafters answer with an outcome (replaceable), others cannot; the commitment counts the unanswered; the queue puts them first', async () => {
    const { slug, id } = await published();
    const ws = await connectWs(t.app, public1.cookieHeader());
    ws.send({ type: 'join', room: `commitment:${id}` });
    await ws.next((m) => m.type === 'joined');
    const first = (await public1.post(`/api/commitments/${id}/comments`, { body: 'Name the formats.', anchor: { field: 'problem', quote: 'formats nobody can reuse' } })).json();
    const second = (await public2.post(`/api/commitments/${id}/comments`, { body: 'Add a budget line.', anchor: { field: 'description' } })).json();
    const reply = (await public2.post(`/api/commitments/${id}/comments`, { body: 'Agreed', parentId: first.id })).json();
    expect((await anonymous.get(`/api/commitments/${id}`)).json().consultation).toMatchObject({ comments: 2, unanswered: 2 });

    const url = `/api/comments/${first.id}/response`;
    expect((await public2.post(url, { outcome: 'accepted', text: 'I am not a drafter' })).statusCode).toBe(403);
    expect((await anonymous.post(url, { outcome: 'accepted', text: 'x' })).statusCode).toBe(401);
    expect((await drafter.post(url, { outcome: 'maybe', text: 'x' })).statusCode).toBe(400);
    expect((await drafter.post(url, { outcome: 'accepted', text: '' })).statusCode).toBe(400);
    expect((await drafter.post(url, { outcome: 'accepted', text: 'x', versionId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await drafter.post(`/api/comments/${reply.id}/response`, { outcome: 'accepted', text: 'x' })).statusCode).toBe(409);
    expect((await drafter.get(`/api/commitments/${id}/comments`)).json().items.every((c: { response?: unknown }) => !c.response)).toBe(true);

    const queue0 = (await drafter.get(`/api/processes/${slug}/reply-queue`)).json();
    expect(queue0.unanswered).toBe(2);
    expect(queue0.items.map((i: { comment: { id: string } }) => i.comment.id)).toEqual([first.id, second.id]);

    const versionId = (await anonymous.get(`/api/commitments/${id}`)).json().consultation.versionId;
    const answered = await drafter.post(url, { outcome: 'partially', text: 'We will name OCDS.', versionId });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().response).toMatchObject({ outcome: 'partially', text: 'We will name OCDS.', versionId, versionLabel: 'for consultation', authorName: 'consult 0' });
    expect((await ws.next((m) => m.event === 'comments/answered')).data).toMatchObject({ commentId: first.id, response: { outcome: 'partially' } });
    const replaced = await admin.post(url, { outcome: 'accepted', text: 'OCDS 1.1 it is.' });
    expect(replaced.json().response).toMatchObject({ outcome: 'accepted', text: 'OCDS 1.1 it is.', versionId: null, authorName: 'Admin' });

    const seen = (await anonymous.get(`/api/commitments/${id}/comments`)).json().items.find((c: { id: string }) => c.id === first.id);
    expect(seen.response).toMatchObject({ outcome: 'accepted', text: 'OCDS 1.1 it is.', respondedAt: expect.any(String) });
    expect((await anonymous.get(`/api/commitments/${id}`)).json().consultation).toMatchObject({ comments: 2, unanswered: 1 });
    const queue = (await otherDrafter.get(`/api/processes/${slug}/reply-queue`));
    expect(queue.statusCode).toBe(403); // not a drafter of this commitment
    const q = (await drafter.get(`/api/processes/${slug}/reply-queue`)).json();
    expect(q.items.map((i: { comment: { id: string } }) => i.comment.id)).toEqual([second.id, first.id]);
    expect((await drafter.get(`/api/processes/${slug}/reply-queue?unanswered=true`)).json().items).toHaveLength(1);
    expect((await public1.get(`/api/processes/${slug}/reply-queue`)).statusCode).toBe(403);
    ws.ws.terminate();
  });

  it('reports comments and stances per section, the share answered, outcomes and the words changed since the consultation version', async () => {
    const { slug, id } = await published();
    const a = (await public1.post(`/api/commitments/${id}/comments`, { body: 'One', anchor: { field: 'problem' } })).json();
    await public2.post(`/api/commitments/${id}/comments`, { body: 'Two', anchor: { field: 'problem', quote: 'late' } });
    await public2.post(`/api/commitments/${id}/comments`, { body: 'Three', anchor: { field: 'description' } });
    await public1.put(`/api/commitments/${id}/stances/problem`, { stance: 'agree' });
    await public2.put(`/api/commitments/${id}/stances/problem`, { stance: 'disagree' });
    await drafter.post(`/api/comments/${a.id}/response`, { outcome: 'not-accepted', text: 'Out of scope.' });

    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
    const v = (await drafter.get(`/api/commitments/${id}`)).json().version;
    await drafter.patch(`/api/commitments/${id}`, { baseVersion: v, fields: { description: 'Publish every contract and amendment in OCDS.' } });
    expect((await drafter.post(`/api/commitments/${id}/versions`, { label: 'final' })).statusCode).toBe(201);

    const report = (await anonymous.get(`/api/commitments/${id}/consultation-report`)).json();
    expect(report).toMatchObject({ comments: 3, answered: 1, answeredShare: 0.33, outcomes: { accepted: 0, partially: 0, 'not-accepted': 1 } });
    expect(report.sections.find((s: { field: string }) => s.field === 'problem')).toEqual({ field: 'problem', comments: 2, answered: 1, agree: 1, disagree: 1 });
    expect(report.sections.find((s: { field: string }) => s.field === 'description')).toMatchObject({ comments: 1, answered: 0 });
    expect(report.changes.from.label).toBe('for consultation');
    expect(report.changes.to.label).toBe('final');
    expect(report.changes.fields).toEqual([{ field: 'description', insertedWords: 2, deletedWords: 0 }]);

    const whole = (await anonymous.get(`/api/processes/${slug}/consultation-report`)).json();
    expect(whole).toMatchObject({ processSlug: slug, comments: 3, answered: 1, outcomes: { 'not-accepted': 1 } });
    expect(whole.commitments.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await anonymous.get('/api/processes/no-such-process/consultation-report')).statusCode).toBe(404);
  });
});
