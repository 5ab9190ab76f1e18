/** The evidence report against real records: the Buenos Aires 2025 facts, and the checklist moving from not met to met. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';

const ba = JSON.parse(readFileSync(new URL('./buenos-aires-2025.fixture.json', import.meta.url), 'utf8')) as {
  openCall: { submissionsReported: number; bySource: Record<string, number> }; groupsParticipating: number; publicMeetings: number;
  commitments: { ref: string; title: string }[];
};
// The fixture's "civil society or unaffiliated" source is recorded as the civil-society sector.
const SECTOR_OF: Record<string, string> = { executive: 'executive', 'civil-society-or-unaffiliated': 'civil-society', judiciary: 'judiciary', legislative: 'legislative' };
const DAY = 86_400_000;

let t: TestApp;
let admin: Agent;
const slug = 'buenos-aires-2025';
let pid: string;

type Report = Record<string, any>;
const report = async (): Promise<Report> => {
  const res = await new Agent(t.app).get(`/api/processes/${slug}/evidence`);
  expect(res.statusCode).toBe(200);
  return res.json();
};
const statusOf = (r: Report) => Object.fromEntries((r.standards as { key: string; status: string }[]).map((s) => [s.key, s.status]));

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  expect((await admin.post('/api/processes', processBody(slug, -1))).statusCode).toBe(201);
  pid = (await t.db.selectFrom('processes').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('the Buenos Aires 2025 evidence', () => {
  it('reports nothing met before the cycle starts', async () => {
    const r = await report();
    expect(r.noticeDays).toBeNull();
    expect(Object.values(statusOf(r)).every((s) => s === 'not-yet')).toBe(true);
  });

  it('reproduces the recorded facts, the reported total and the gap between them', async () => {
    // The schedule was published 20 days before the open call opened.
    await t.db.updateTable('process_timeline').set({ at: new Date(Date.now() - 20 * DAY) }).where('process_id', '=', pid).where('action', '=', 'created').execute();
    expect((await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' })).statusCode).toBe(200);

    let n = 0;
    const items = Object.entries(ba.openCall.bySource).flatMap(([source, count]) => Array.from({ length: count }, () => {
      n++;
      return { title: `Propuesta ${n} sobre gobierno abierto`, body: `Texto de la propuesta ${n}.`, area: 'public-participation', sector: SECTOR_OF[source], organisation: `Organización ${n}` };
    }));
    const imported = await admin.post(`/api/processes/${slug}/import`, { items });
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await admin.put(`/api/processes/${slug}/reported-figures`, { inputsReported: ba.openCall.submissionsReported, note: 'As published on the OGP site.' })).statusCode).toBe(200);

    for (let i = 1; i <= ba.publicMeetings; i++) {
      const res = await admin.post(`/api/processes/${slug}/meetings`, {
        heldOn: `2025-0${1 + Math.ceil(i / 2)}-1${i}`, title: `Reunión pública ${i}`, kind: 'public',
        attendance: { 'civil-society': 10 + i, executive: 5 }, minutesUrl: `https://buenosaires.gob.ar/actas/${i}`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await t.db.insertInto('commitments').values(ba.commitments.map((c) => ({ process_id: pid, reference: c.ref, title: c.title, area: 'public-participation' }))).execute();

    // The 4 judiciary submissions were later merged into 2: still 4 inputs received.
    const judiciary = await t.db.selectFrom('proposals').select('id').where('process_id', '=', pid).where('sector', '=', 'judiciary').orderBy('number').execute();
    for (const pair of [judiciary.slice(0, 2), judiciary.slice(2, 4)]) {
      const res = await admin.post(`/api/processes/${slug}/proposals/merge`, { sourceIds: pair.map((p) => p.id), title: 'Propuestas judiciales unidas', body: 'Unión de dos propuestas.' });
      expect(res.statusCode, res.body).toBe(201);
    }

    const r = await report();
    expect(r.noticeDays).toBe(20);
    expect(r.inputs).toMatchObject({
      proposals: 53, sumBySector: 53, reported: 54, gap: 1, reportedNote: 'As published on the OGP site.',
      bySector: { executive: 27, legislative: 2, judiciary: 4, 'civil-society': 20 },
    });
    expect(r.organisations.count).toBe(ba.groupsParticipating);
    expect(r.meetings.public).toHaveLength(6);
    expect(r.meetings).toMatchObject({ count: 6, attendance: 6 * 15 + 21, byKind: { public: 6 } });
    expect(r.commitments).toEqual({ count: 5, references: ['ARBA0007', 'ARBA0008', 'ARBA0009', 'ARBA0010', 'ARBA0011'] });
    expect(r.consultation).toEqual({ comments: 0, answered: 0, answeredShare: null });
    expect(r.reasonedResponseShare).toBe(0);
    expect(r.timeline.map((e: { action: string; kind: string | null }) => [e.action, e.kind])).toEqual([['created', null], ['phase-opened', 'open-call']]);
    expect(statusOf(r)).toMatchObject({ 'advance-notice': 'met', 'open-channels': 'met', 'online-repository': 'met', forum: 'not-met', 'reasoned-response': 'not-yet' });

    const html = await new Agent(t.app).get(`/api/processes/${slug}/evidence?format=html&lang=es`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<html lang="es">');
    expect(html.body).toContain('El total informado (54) y la suma por origen (53) difieren en 1');
    expect(html.body).toMatch(/<svg id="chart-inputs" role="img" aria-labelledby="chart-inputs-cap"/);
  });

  it('moves each checklist item from not met to met as records are added', async () => {
    const forum = await residents(t, 13, 'forum');
    const sectors = ['executive', 'legislative', 'civil-society', 'academia', 'private-sector'];
    for (const [i, a] of forum.entries()) {
      const res = await admin.post(`/api/processes/${slug}/members`, { userId: (a as unknown as { userId: string }).userId, role: 'forum-member', sector: sectors[i % sectors.length], organisation: i < 2 ? `Organización ${i + 1}` : `Foro org ${i}` });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(statusOf(await report()).forum).toBe('not-met'); // no forum meeting yet
    expect((await admin.post(`/api/processes/${slug}/meetings`, { heldOn: '2025-02-03', title: 'Reunión del FOGA', kind: 'forum', attendance: { executive: 4, 'civil-society': 6 } })).statusCode).toBe(201);
    let r = await report();
    expect(statusOf(r).forum).toBe('met');
    // A meeting without minutes leaves the repository incomplete until they are published.
    expect(statusOf(r)['online-repository']).toBe('not-met');
    const forumMeeting = r.meetings.public.find((m: { kind: string }) => m.kind === 'forum');
    expect((await admin.delete(`/api/processes/${slug}/meetings/${forumMeeting.id}`)).statusCode).toBe(204);
    expect((await admin.post(`/api/processes/${slug}/meetings`, { heldOn: '2025-02-03', title: 'Reunión del FOGA', kind: 'forum', attendance: { executive: 4, 'civil-society': 6 }, minutesUrl: 'https://buenosaires.gob.ar/actas/foga' })).statusCode).toBe(201);
    r = await report();
    expect(statusOf(r)).toMatchObject({ forum: 'met', 'online-repository': 'met' });
    expect(r.organisations.count).toBe(53 + 11); // two forum members named organisations already counted
    expect(r.participants.total).toBe(13);
    expect(r.participants.bySector).toEqual({ executive: 3, legislative: 3, 'civil-society': 3, academia: 2, 'private-sector': 2 });

    // Self-described profiles: shown only in groups of 5 or more.
    const genders = ['woman', 'woman', 'woman', 'woman', 'woman', 'woman', 'man', 'man', 'man', 'man', 'man', 'non-binary', null];
    for (const [i, a] of forum.entries()) expect((await a.put('/api/me/profile', { gender: genders[i], disability: i < 2 ? 'yes' : i < 9 ? 'no' : null })).statusCode).toBe(200);
    r = await report();
    expect(r.participants.byGender).toEqual({ woman: 6, 'fewer-than-5': 6, 'not-said': 1 });
    expect(r.participants.byDisability).toEqual({ 'fewer-than-5': 9, 'not-said': 4 });

    // Adoption: unanswered inputs and no OGP page are now failures.
    await t.db.updateTable('processes').set({ active_phase: null }).where('id', '=', pid).execute();
    expect((await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'adopted' })).statusCode).toBe(200);
    r = await report();
    expect(statusOf(r)).toMatchObject({ 'reasoned-response': 'not-met', 'ogp-page': 'not-met', 'open-implementation': 'not-yet' });

    const open = await t.db.selectFrom('proposals').select('id').where('process_id', '=', pid).where('state', '<>', 'merged').execute();
    for (const p of open) expect((await admin.post(`/api/proposals/${p.id}/answer`, { state: 'accepted', answer: 'Incluida en el plan.' })).statusCode).toBe(200);
    await t.db.insertInto('plans').values({ process_id: pid, ogp_page_url: 'https://www.opengovpartnership.org/members/buenos-aires/', adopted_at: new Date() }).execute();
    r = await report();
    expect(r.reasonedResponseShare).toBe(1);
    expect(r.responses).toEqual({ answered: 53, of: 53 });
    expect(statusOf(r)).toMatchObject({ 'reasoned-response': 'met', 'ogp-page': 'met' });
    expect(r.standards.find((s: { key: string }) => s.key === 'ogp-page').evidence).toContain('https://www.opengovpartnership.org/members/buenos-aires/');
  });
  it('counts consultation comments and their reasoned responses as inputs', async () => {
    const commitment = await t.db.selectFrom('commitments').select('id').where('process_id', '=', pid).where('reference', '=', 'ARBA0007').executeTakeFirstOrThrow();
    const author = (await t.db.selectFrom('users').select('id').where('is_admin', '=', false).limit(1).executeTakeFirstOrThrow()).id;
    const base = { process_id: pid, target_type: 'commitments', target_id: commitment.id, depth: 1, author_id: author, body: 'Sugerencia', body_html: '<p>Sugerencia</p>', parent_id: null };
    const [answered] = await t.db.insertInto('comments').values([
      { ...base, response: JSON.stringify({ outcome: 'accepted', text: 'Incorporada.' }) },
      base,
      { ...base, hidden: true },
    ]).returning('id').execute();
    await t.db.insertInto('comments').values({ ...base, depth: 2, parent_id: answered!.id }).execute(); // a reply is not an input
    const r = await report();
    expect(r.consultation).toEqual({ comments: 2, answered: 1, answeredShare: 0.5 });
    expect(r.inputs).toMatchObject({ total: 55, proposals: 53, consultationComments: 2 });
    expect(r.responses).toEqual({ answered: 54, of: 55 });
    expect(r.reasonedResponseShare).toBe(0.982);
    expect(statusOf(r)['reasoned-response']).toBe('not-met');
  });
});

describe('bad input', () => {
  it('refuses records from non-admins and malformed ones, changing nothing', async () => {
    const [resident] = await residents(t, 1);
    const meeting = { heldOn: '2025-03-01', title: 'Reunión', kind: 'public', attendance: { executive: 3 } };
    expect((await resident!.post(`/api/processes/${slug}/meetings`, meeting)).statusCode).toBe(403);
    expect((await new Agent(t.app).put(`/api/processes/${slug}/reported-figures`, { inputsReported: 1 })).statusCode).toBe(401); // not signed in
    for (const bad of [{ ...meeting, heldOn: '2025-13-01' }, { ...meeting, kind: 'party' }, { ...meeting, attendance: { martians: 3 } }, { ...meeting, attendance: { executive: -1 } }, { ...meeting, minutesUrl: 'javascript:alert(1)' }]) {
      const res = await admin.post(`/api/processes/${slug}/meetings`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await admin.put(`/api/processes/${slug}/reported-figures`, { inputsReported: -4 })).statusCode).toBe(400);
    expect((await resident!.put('/api/me/profile', { gender: 'robot' })).statusCode).toBe(400);
    expect((await new Agent(t.app).get('/api/processes/nope/evidence')).statusCode).toBe(404);
    expect((await new Agent(t.app).get(`/api/processes/${slug}/evidence?format=pdf`)).statusCode).toBe(400);
    expect((await admin.delete(`/api/processes/${slug}/meetings/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(`/api/processes/${slug}/meetings`)).json().items).toHaveLength(7);
  });
});
