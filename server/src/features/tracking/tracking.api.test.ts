/** Milestone updates, the dashboard, the Atom feed, the CSV import and monitor notes against the real engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let t: TestApp;
let admin: Agent;
let lead: Agent;
let other: Agent;
let monitor: Agent;
const slug = 'plan-tracking';
let pid: string;
const ms: Record<string, string> = {};
let commitmentA: string;

const userId = (a: Agent) => (a as unknown as { userId: string }).userId;
const dashboard = async (agent = new Agent(t.app)) => (await agent.get(`/api/processes/${slug}/tracking`)).json();
const updateCount = async () => Number((await t.db.selectFrom('milestone_updates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A small well-formedness check: balanced tags, known entities only, one root. */
function assertWellFormedXml(xml: string) {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>|&([^;\s<]*);|&|</g)) {
    if (m[0] === '&' || m[0] === '<') throw new Error(`stray ${m[0]} at ${m.index}`);
    if (m[5] !== undefined) {
      if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[5])) throw new Error(`unknown entity &${m[5]};`);
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) { if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`); } else if (!selfClose) { if (stack.length === 0) roots++; stack.push(name!); }
  }
  if (stack.length || roots !== 1) throw new Error('unclosed elements or several roots');
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  [lead, other, monitor] = (await residents(t, 3)) as [Agent, Agent, Agent];
  expect((await admin.post('/api/processes', processBody(slug, -1))).statusCode).toBe(201);
  pid = (await t.db.selectFrom('processes').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const [a, b] = await t.db.insertInto('commitments').values([
    { process_id: pid, reference: 'ARBA0007', title: 'Protección de datos personales', area: 'digital-governance', lead_institution: 'Dirección General' },
    { process_id: pid, reference: 'ARBA0008', title: 'Acción climática participativa', area: 'climate-and-environment' },
  ]).returning('id').execute();
  commitmentA = a!.id;
  const rows = await t.db.insertInto('milestones').values([
    { commitment_id: a!.id, process_id: pid, position: 0, title: 'Diagnóstico', starts_on: dayFromNow(-120), ends_on: dayFromNow(-90) },   // 31 days
    { commitment_id: a!.id, process_id: pid, position: 1, title: 'Recomendaciones', starts_on: dayFromNow(-89), ends_on: dayFromNow(-1) }, // 89 days, late once past
    { commitment_id: a!.id, process_id: pid, position: 2, title: 'Informe público', starts_on: null, ends_on: dayFromNow(10) },            // undated: weight 60, due soon
    { commitment_id: b!.id, process_id: pid, position: 0, title: 'Mesa climática', starts_on: dayFromNow(-10), ends_on: dayFromNow(300) },
  ]).returning(['id', 'title']).execute();
  for (const r of rows) ms[r.title] = r.id;
  await t.db.insertInto('commitment_drafters').values({ commitment_id: a!.id, user_id: userId(lead) }).execute();
  expect((await admin.post(`/api/processes/${slug}/members`, { userId: userId(monitor), role: 'monitor' })).statusCode).toBe(201);
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('milestone updates', () => {
  it('wait for the adoption of the plan', async () => {
    const res = await lead.patch(`/api/milestones/${ms['Diagnóstico']}`, { status: 'in-progress', progress: 10, note: 'Arrancamos.' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('phase-closed');
    expect((await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'adopted' })).statusCode).toBe(200);
  });

  it('are posted by a lead of the commitment and become the milestone\'s state; the dashboard computes the weighted progress', async () => {
    const first = await lead.patch(`/api/milestones/${ms['Diagnóstico']}`, { status: 'completed', progress: 100, note: 'Diagnóstico publicado.', evidenceUrl: 'https://buenosaires.gob.ar/datos/diagnostico' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'completed', progress: 100, commitmentReference: 'ARBA0007', authorName: 'resident 0', source: 'form', evidenceUrl: 'https://buenosaires.gob.ar/datos/diagnostico' });
    expect((await admin.patch(`/api/milestones/${ms['Recomendaciones']}`, { status: 'delayed', progress: 50, note: 'Falta la revisión <legal> & técnica.' })).statusCode).toBe(200);

    const d = await dashboard();
    const a = d.commitments.find((c: { reference: string }) => c.reference === 'ARBA0007');
    expect(a.progress).toBe(41.9); // (31×100 + 89×50 + 60×0) / 180
    expect(a.canUpdate).toBe(false); // anonymous
    expect(a.milestones.map((m: { status: string; progress: number }) => [m.status, m.progress])).toEqual([['completed', 100], ['delayed', 50], ['not-started', 0]]);
    expect(d.late.map((m: { title: string; daysLate: number }) => [m.title, m.daysLate])).toEqual([['Recomendaciones', 1]]);
    expect(d.due.map((m: { title: string }) => m.title)).toEqual(['Informe público']);
    expect(d.updates.map((u: { milestoneTitle: string }) => u.milestoneTitle)).toEqual(['Recomendaciones', 'Diagnóstico']);
    expect(d.progress).toBe(21); // mean of 41.9 and 0, one decimal
    expect(d.feedUrl).toBe(`/api/processes/${slug}/updates.atom`);
    expect((await dashboard(lead)).commitments.map((c: { canUpdate: boolean }) => c.canUpdate)).toEqual([true, false]);

    const history = await new Agent(t.app).get(`/api/milestones/${ms['Diagnóstico']}/updates`);
    expect(history.json().items).toHaveLength(1);
  });

  it('keep every concurrent update, the last committed being current', async () => {
    const before = await updateCount();
    const results = await Promise.all([10, 20, 30, 40, 50, 60, 70, 80].map((progress) => lead.patch(`/api/milestones/${ms['Informe público']}`, { status: 'in-progress', progress, note: `Avance ${progress}` })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(await updateCount()).toBe(before + 8);
    const newest = await t.db.selectFrom('milestone_updates').select('progress').where('milestone_id', '=', ms['Informe público']!).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    const current = await t.db.selectFrom('milestones').select('progress').where('id', '=', ms['Informe público']!).executeTakeFirstOrThrow();
    expect(current.progress).toBe(newest.progress);
  });

  it('refuse others and bad input, changing nothing', async () => {
    const before = await updateCount();
    const good = { status: 'in-progress', progress: 30, note: 'x' };
    expect((await other.patch(`/api/milestones/${ms['Diagnóstico']}`, good)).statusCode).toBe(403); // not a lead of ARBA0007
    expect((await lead.patch(`/api/milestones/${ms['Mesa climática']}`, good)).statusCode).toBe(403); // lead of another commitment
    expect((await new Agent(t.app).patch(`/api/milestones/${ms['Diagnóstico']}`, good)).statusCode).toBe(401);
    expect((await admin.patch('/api/milestones/00000000-0000-4000-8000-000000000000', good)).statusCode).toBe(404);
    for (const bad of [{ ...good, progress: 101 }, { ...good, progress: -1 }, { ...good, progress: 12.5 }, { ...good, status: 'done' }, { status: 'completed', progress: 60 },
      { ...good, evidenceUrl: 'javascript:alert(1)' }, { ...good, extra: 1 }]) {
      const res = await admin.patch(`/api/milestones/${ms['Diagnóstico']}`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await admin.patch('/api/milestones/not-a-uuid', good)).statusCode).toBe(400);
    expect(await updateCount()).toBe(before);
    expect((await t.db.selectFrom('milestones').select('status').where('id', '=', ms['Diagnóstico']!).executeTakeFirstOrThrow()).status).toBe('completed');
  });
});

describe('live dashboards', () => {
  it('hear of each update, import and note on the process room', async () => {
    const watcher = await connectWs(t.app);
    watcher.send({ type: 'join', room: `process:${slug}` });
    await watcher.next((m) => m.type === 'joined');
    const res = await lead.patch(`/api/milestones/${ms['Recomendaciones']}`, { status: 'delayed', progress: 55, note: 'Revisión legal en curso.' });
    expect(res.statusCode).toBe(200);
    expect((await watcher.next((m) => m.event === 'tracking/updated')).data).toEqual({ updateId: res.json().id, milestoneId: ms['Recomendaciones'], commitmentId: commitmentA, status: 'delayed', progress: 55 });
    watcher.ws.terminate();
    // Put the milestone back as the later tests expect it.
    expect((await admin.patch(`/api/milestones/${ms['Recomendaciones']}`, { status: 'delayed', progress: 50, note: 'Falta la revisión <legal> & técnica.' })).statusCode).toBe(200);
  });
});

describe('the Atom feed', () => {
  it('lists the updates as valid, escaped Atom', async () => {
    const res = await new Agent(t.app).get(`/api/processes/${slug}/updates.atom?lang=es`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    assertWellFormedXml(res.body);
    expect(res.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(res.body).toContain('Falta la revisión &lt;legal&gt; &amp; técnica.');
    expect(res.body).not.toContain('<legal>');
    expect(res.body).toContain('<title>ARBA0007 – Recomendaciones: Demorado, 50 %</title>');
    expect(res.body.match(/<entry>/g)).toHaveLength(12);
    expect((await new Agent(t.app).get('/api/processes/nope/updates.atom')).statusCode).toBe(404);
  });
});

describe('the progress import', () => {
  const csv = (rows: string[]) => ['commitment,milestone,status,progress,note,evidenceUrl', ...rows].join('\n');
  const post = (body: string) => admin.request('POST', `/api/processes/${slug}/progress-import`, undefined, { rawBody: body, headers: { 'content-type': 'text/csv' } });

  it('imports nothing when one row is bad, and names the row', async () => {
    const before = await updateCount();
    const res = await post(csv(['ARBA0007,3,in-progress,90,Casi listo,', 'ARBA0008,1,in-progress,150,Demasiado,', 'ARBA0009,1,in-progress,10,No existe,']));
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path)).toEqual(['1.progress', '2.milestone']);
    expect(errors[0]!.message).toContain('row 2');
    expect(await updateCount()).toBe(before);
    expect((await other.request('POST', `/api/processes/${slug}/progress-import`, undefined, { rawBody: csv(['ARBA0007,3,in-progress,90,,']), headers: { 'content-type': 'text/csv' } })).statusCode).toBe(403);
    expect((await admin.post(`/api/processes/${slug}/progress-import`, { nope: 1 })).statusCode).toBe(400);
    expect((await admin.post(`/api/processes/${slug}/progress-import`, [])).statusCode).toBe(400);
  });

  it('imports every row of a good file with a row report', async () => {
    const res = await post(csv(['ARBA0007,3,completed,100,"Informe publicado, con anexos",https://buenosaires.gob.ar/informe', 'arba0008,1,in-progress,25,Primera mesa,']));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ imported: 2, rows: [
      { row: 0, milestoneId: ms['Informe público'], commitmentReference: 'ARBA0007', status: 'completed', progress: 100 },
      { row: 1, milestoneId: ms['Mesa climática'], commitmentReference: 'ARBA0008', status: 'in-progress', progress: 25 },
    ] });
    const d = await dashboard();
    expect(d.commitments.map((c: { progress: number }) => c.progress)).toEqual([75.3, 25]); // (31×100 + 89×50 + 60×100) / 180
    expect(d.updates[0]).toMatchObject({ source: 'import', note: 'Primera mesa', evidenceUrl: null });
    expect(d.updates[1]).toMatchObject({ source: 'import', note: 'Informe publicado, con anexos' });
  });
});

describe('the independent monitor', () => {
  it('comments on an update; others may not', async () => {
    const d = await dashboard();
    const update = d.updates.find((u: { milestoneTitle: string }) => u.milestoneTitle === 'Recomendaciones');
    const res = await monitor.post(`/api/milestone-updates/${update.id}/notes`, { body: 'La demora se explica por la revisión legal; seguiremos en marzo.' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await other.post(`/api/milestone-updates/${update.id}/notes`, { body: 'Yo también opino.' })).statusCode).toBe(403);
    expect((await monitor.post(`/api/milestone-updates/${update.id}/notes`, { body: '   ' })).statusCode).toBe(400);
    expect((await monitor.post('/api/milestone-updates/00000000-0000-4000-8000-000000000000/notes', { body: 'x' })).statusCode).toBe(404);
    const after = (await dashboard(monitor));
    expect(after.canMonitor).toBe(true);
    expect(after.updates.find((u: { id: string }) => u.id === update.id).monitorNotes).toMatchObject([{ body: 'La demora se explica por la revisión legal; seguiremos en marzo.', authorName: 'resident 2' }]);
    expect((await dashboard(other)).canMonitor).toBe(false);
  });

  it('progress shared after adoption meets the open-implementation standard', async () => {
    const r = (await new Agent(t.app).get(`/api/processes/${slug}/evidence`)).json();
    expect(r.standards.find((s: { key: string }) => s.key === 'open-implementation')).toMatchObject({ status: 'met', reason: 'updates-regular' });
    expect(commitmentA).toBeTruthy();
  });
});
