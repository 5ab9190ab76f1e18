import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { draftedProcess, PLAN_META } from './test-fixtures.ts';

let t: TestApp;
let admin: Agent;
let ids: string[];
let people: (Agent & { userId?: string })[];

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  ({ ids } = await draftedProcess(admin, 'ba-2025'));
  people = await residents(t, 4, 'org');
});
afterAll(async () => { await t.close(); });

describe('plan metadata', () => {
  it('starts empty, titled like its process; admins write it, others may not, bad values are named', async () => {
    const empty = (await people[0]!.get('/api/processes/ba-2025/plan')).json();
    expect(empty).toMatchObject({ title: 'Process ba-2025', adoptedAt: null, adoptedBy: null, commitments: 2, forum: '' });
    expect((await people[0]!.put('/api/processes/ba-2025/plan', PLAN_META)).statusCode).toBe(403);
    const bad = await admin.put('/api/processes/ba-2025/plan', { ...PLAN_META, periodEnd: '2024-01-01', ogpPageUrl: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.ogpPageUrl', 'body.periodEnd']);
    expect((await admin.put('/api/processes/ba-2025/plan', { ...PLAN_META, unknown: 1 })).statusCode).toBe(400);
    expect((await people[0]!.get('/api/processes/ba-2025/plan')).json().forum).toBe('');
    const saved = await admin.put('/api/processes/ba-2025/plan', PLAN_META);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ ...PLAN_META, adoptedAt: null });
    expect((await people[0]!.get('/api/processes/no-such/plan')).statusCode).toBe(404);
  });
});

describe('adoption', () => {
  it('endorsing before adoption is refused by the phase gate', async () => {
    const res = await people[0]!.post('/api/processes/ba-2025/endorsements', { organisation: 'ACIJ', representative: 'Ana Pérez', role: 'Directora' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('phase-closed');
  });

  it('only admins adopt; a plan without commitments cannot be adopted', async () => {
    expect((await people[0]!.post('/api/processes/ba-2025/adopt')).statusCode).toBe(403);
    await admin.post('/api/processes', processBody('empty-plan'));
    const res = await admin.request('POST', '/api/processes/empty-plan/adopt?lang=es');
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Un plan necesita al menos un compromiso para ser adoptado.');
    expect((await admin.get('/api/processes/empty-plan/plan')).json().adoptedAt).toBeNull();
    expect((await admin.post('/api/processes/nowhere/adopt')).statusCode).toBe(404);
  });

  it('three adoptions at once: exactly one wins, the others get 409 and change nothing', async () => {
    const results = await Promise.all([0, 1, 2].map(() => admin.post('/api/processes/ba-2025/adopt')));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const won = results.find((r) => r.statusCode === 200)!.json();
    expect(won).toMatchObject({ adoptedBy: 'Admin', commitments: 2, title: PLAN_META.title });
    expect(Date.parse(won.adoptedAt)).toBeGreaterThan(Date.now() - 60_000);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'conflict', status: 409 });

    const process = (await admin.get('/api/processes/ba-2025')).json();
    expect(process.activePhase).toBe('adopted');
    expect(process.timeline.filter((e: { action: string; detail: { kind?: string } }) => e.action === 'phase-opened' && e.detail.kind === 'adopted')).toHaveLength(1);
    for (const id of ids) {
      expect((await people[0]!.get(`/api/commitments/${id}`)).json().state).toBe('final');
      const versions = (await people[0]!.get(`/api/commitments/${id}/versions`)).json().items;
      expect(versions.filter((v: { label: string }) => v.label === 'adopted')).toHaveLength(1);
    }
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'plan.adopted').execute();
    expect(audit).toHaveLength(1);
  });

  it('a second adoption → 409 saying when; commitment texts can no longer be edited', async () => {
    const again = await admin.request('POST', '/api/processes/ba-2025/adopt?lang=fr');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/^Ce plan a déjà été adopté le /);
    const c = (await admin.get(`/api/commitments/${ids[0]}`)).json();
    const edit = await admin.patch(`/api/commitments/${ids[0]}`, { baseVersion: c.version, title: 'Changed after adoption' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('phase-closed');
    expect((await admin.get(`/api/commitments/${ids[0]}`)).json().title).toBe('Participación ciudadana en la gestión pública');
  });
});

describe('endorsements', () => {
  const body = { organisation: 'Asociación Civil por la Igualdad y la Justicia (ACIJ)', representative: 'Ana Pérez', role: 'Directora ejecutiva', statement: 'Respaldamos el plan.' };

  it('signed-in people endorse once; bad bodies are named; anonymous → 401', async () => {
    expect((await new Agent(t.app).post('/api/processes/ba-2025/endorsements', body)).statusCode).toBe(401);
    const bad = await people[0]!.post('/api/processes/ba-2025/endorsements', { organisation: '', representative: 'x'.repeat(300), role: 'R' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.organisation', 'body.representative', 'body.role']);
    const first = await people[0]!.post('/api/processes/ba-2025/endorsements', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ ...body, status: 'pending', reviewedAt: null });
    const twice = await people[0]!.post('/api/processes/ba-2025/endorsements', { ...body, organisation: 'Otra organización' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('duplicate');
  });

  it('two endorsements by the same person at once: one is kept', async () => {
    const [a, b] = await Promise.all([
      people[1]!.post('/api/processes/ba-2025/endorsements', { ...body, organisation: 'Democracia en Red' }),
      people[1]!.post('/api/processes/ba-2025/endorsements', { ...body, organisation: 'Democracia en Red' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const rows = await t.db.selectFrom('endorsements').select('id').where('user_id', '=', people[1]!.userId!).execute();
    expect(rows).toHaveLength(1);
  });

  it('only confirmed endorsements are public; admins confirm or reject them', async () => {
    await people[2]!.post('/api/processes/ba-2025/endorsements', { organisation: 'Spam SA', representative: 'Nadie', role: 'Nadie' });
    const publicBefore = (await people[3]!.get('/api/processes/ba-2025/endorsements')).json();
    expect(publicBefore).toEqual({ items: [], mine: null });
    const mine = (await people[0]!.get('/api/processes/ba-2025/endorsements')).json();
    expect(mine.items).toEqual([]);
    expect(mine.mine).toMatchObject({ organisation: body.organisation, status: 'pending' });
    expect((await people[3]!.get('/api/processes/ba-2025/endorsements?status=pending')).statusCode).toBe(403);
    const pending = (await admin.get('/api/processes/ba-2025/endorsements?status=pending')).json().items as { id: string; organisation: string }[];
    expect(pending.map((e) => e.organisation).sort()).toEqual(['Asociación Civil por la Igualdad y la Justicia (ACIJ)', 'Democracia en Red', 'Spam SA']);
    const byOrg = (o: string) => pending.find((e) => e.organisation === o)!.id;

    expect((await people[3]!.post(`/api/endorsements/${byOrg('Democracia en Red')}/confirm`)).statusCode).toBe(403);
    expect((await admin.post('/api/endorsements/00000000-0000-4000-8000-000000000000/confirm')).statusCode).toBe(404);
    expect((await admin.post('/api/endorsements/not-a-uuid/confirm')).statusCode).toBe(400);
    const confirmed = await admin.post(`/api/endorsements/${byOrg('Democracia en Red')}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    await admin.post(`/api/endorsements/${byOrg(body.organisation)}/confirm`);
    expect((await admin.post(`/api/endorsements/${byOrg('Spam SA')}/reject`)).json().status).toBe('rejected');

    const listed = (await people[3]!.get('/api/processes/ba-2025/endorsements')).json().items as { organisation: string }[];
    expect(listed.map((e) => e.organisation)).toEqual(['Democracia en Red', body.organisation]);
    expect((await admin.get('/api/processes/ba-2025/endorsements?status=rejected')).json().items.map((e: { organisation: string }) => e.organisation)).toEqual(['Spam SA']);
    const audits = await t.db.selectFrom('audit_log').select('action').where('target_type', '=', 'endorsements').execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['endorsement.confirmed', 'endorsement.confirmed', 'endorsement.rejected']);
  });

  it('the endorser may withdraw their own endorsement, and endorse again', async () => {
    const mine = await people[3]!.post('/api/processes/ba-2025/endorsements', { organisation: 'Poder Ciudadano', representative: 'Luis Gómez', role: 'Coordinador' });
    expect(mine.statusCode).toBe(201);
    const id = mine.json().id as string;
    expect((await new Agent(t.app).delete(`/api/endorsements/${id}`)).statusCode).toBe(401);
    const other = await people[0]!.request('DELETE', `/api/endorsements/${id}?lang=pt`);
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toBe('Somente quem enviou este apoio pode retirá-lo.');
    expect((await admin.delete(`/api/endorsements/${id}`)).statusCode).toBe(403);
    expect((await people[3]!.delete('/api/endorsements/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await people[3]!.delete(`/api/endorsements/${id}`)).statusCode).toBe(204);
    expect((await people[3]!.get('/api/processes/ba-2025/endorsements')).json().mine).toBeNull();
    expect((await people[3]!.delete(`/api/endorsements/${id}`)).statusCode).toBe(404);
    expect((await people[3]!.post('/api/processes/ba-2025/endorsements', { organisation: 'Poder Ciudadano', representative: 'Luis Gómez', role: 'Coordinador general' })).statusCode).toBe(201);
  });
});

describe('after adoption', () => {
  it('an adopted commitment stays frozen even if an admin opens the drafting phase again', async () => {
    expect((await admin.post('/api/processes/ba-2025/active-phase', { kind: 'drafting' })).statusCode).toBe(200);
    const c = (await admin.get(`/api/commitments/${ids[0]}`)).json();
    const edit = await admin.patch(`/api/commitments/${ids[0]}`, { baseVersion: c.version, title: 'Changed after adoption', milestones: [] });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'conflict', detail: 'This commitment is part of the adopted plan and can no longer be edited.' });
    const after = (await admin.get(`/api/commitments/${ids[0]}`)).json();
    expect(after).toMatchObject({ title: c.title, version: c.version });
    expect(after.milestones).toHaveLength(c.milestones.length);
  });
});

