import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

const proposal = (title: string, extra: Record<string, unknown> = {}) =>
  ({ title, body: `Body of ${title}`, area: 'access-to-information', sector: 'civil-society', ...extra });

async function openCall(slug: string) {
  await admin.post('/api/processes', processBody(slug));
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
}

async function submit(slug: string, title: string, extra: Record<string, unknown> = {}, as = author) {
  const res = await as.post(`/api/processes/${slug}/proposals`, proposal(title, extra));
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'author'))[0]!;
  await openCall('opencall');
});
afterAll(async () => { await t.close(); });

describe('submitting', () => {
  it('creates a numbered proposal with its markdown rendered safely', async () => {
    const p = await submit('opencall', 'Open budgets', { body: '**Publish** <script>alert(1)</script> [x](javascript:alert(1))' });
    expect(p.reference).toMatch(/^P-\d{4}$/);
    expect(p).toMatchObject({ state: 'submitted', supports: 0, supportedByMe: false, editableByMe: true, processSlug: 'opencall' });
    expect(p.bodyHtml).toContain('<strong>Publish</strong>');
    expect(p.bodyHtml).not.toContain('<script');
    expect(p.bodyHtml).not.toMatch(/href="javascript/i);
  });

  it('needs a signed-in user, valid fields and the open call', async () => {
    expect((await new Agent(t.app).post('/api/processes/opencall/proposals', proposal('Anon'))).statusCode).toBe(401);
    const bad = await author.post('/api/processes/opencall/proposals', { ...proposal('x'.repeat(151)), area: 'space', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.title', 'body.area']));
    expect((await author.post('/api/processes/opencall/proposals', proposal('Long', { body: 'x'.repeat(10_001) }))).statusCode).toBe(400);
    await admin.post('/api/processes', processBody('closed-call'));
    await admin.post('/api/processes/closed-call/active-phase', { kind: 'prioritisation' });
    const res = await author.post('/api/processes/closed-call/proposals', proposal('Too late'));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('phase-closed');
    expect((await t.app.inject({ url: '/api/processes/closed-call/proposals' })).json().total).toBe(0);
  });

  it('lets the author edit until the first support, then refuses', async () => {
    const p = await submit('opencall', 'Editable');
    const edited = await author.patch(`/api/proposals/${p.id}`, { title: 'Edited title' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().title).toBe('Edited title');
    const [other] = await residents(t, 1);
    expect((await other!.patch(`/api/proposals/${p.id}`, { title: 'Hijack' })).statusCode).toBe(403);
    await other!.post(`/api/proposals/${p.id}/supports`);
    const late = await author.patch(`/api/proposals/${p.id}`, { title: 'Too late' });
    expect(late.statusCode).toBe(409);
    expect((await author.get(`/api/proposals/${p.id}`)).json()).toMatchObject({ title: 'Edited title', editableByMe: false });
  });

  it('lets the author withdraw; a withdrawn proposal takes no support', async () => {
    const p = await submit('opencall', 'To withdraw');
    expect((await author.post(`/api/proposals/${p.id}/withdraw`)).json().state).toBe('withdrawn');
    expect((await author.post(`/api/proposals/${p.id}/supports`)).statusCode).toBe(409);
  });
});

describe('supports', () => {
  it('200 concurrent supports from 100 users count exactly 100; one user 20 times counts 1', async () => {
    const p = await submit('opencall', 'Popular');
    const users = await residents(t, 100);
    const results = await Promise.all([...users, ...users].map((u) => u.post(`/api/proposals/${p.id}/supports`)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect((await t.app.inject({ url: `/api/proposals/${p.id}` })).json().supports).toBe(100);

    const q = await submit('opencall', 'Once');
    const same = await Promise.all(Array.from({ length: 20 }, () => users[0]!.post(`/api/proposals/${q.id}/supports`)));
    expect(same.every((r) => r.statusCode === 200)).toBe(true);
    expect((await users[0]!.get(`/api/proposals/${q.id}`)).json()).toMatchObject({ supports: 1, supportedByMe: true });

    await t.app.proposalCounts.flush();
    const sorted = (await t.app.inject({ url: '/api/processes/opencall/proposals?sort=supports&limit=1' })).json();
    expect(sorted.items[0]).toMatchObject({ id: p.id, supports: 100 });
  });

  it('withdraws a support, idempotently', async () => {
    const p = await submit('opencall', 'Fickle');
    const [u] = await residents(t, 1);
    await u!.post(`/api/proposals/${p.id}/supports`);
    const gone = await Promise.all([u!.delete(`/api/proposals/${p.id}/supports`), u!.delete(`/api/proposals/${p.id}/supports`)]);
    expect(gone.map((r) => r.json().supports)).toEqual([0, 0]);
  });

  it('refuses supports outside the open call with 409 phase-closed', async () => {
    await openCall('phased');
    const p = await submit('phased', 'Phased');
    await admin.post('/api/processes/phased/active-phase', { kind: 'prioritisation' });
    const res = await author.post(`/api/proposals/${p.id}/supports`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('phase-closed');
  });
});

describe('finding proposals', () => {
  beforeAll(async () => {
    await openCall('search');
    await submit('search', 'Réforme électorale', { area: 'public-participation', sector: 'judiciary' });
    await submit('search', 'Transparencia presupuestaria', { area: 'fiscal-openness', sector: 'executive' });
    await submit('search', 'ELECTORAL registers online', { area: 'digital-governance', sector: 'executive' });
    await submit('search', 'Climate data', { area: 'climate-and-environment', sector: 'academia' });
  });

  it('searches without regard to accents or case', async () => {
    const titles = async (q: string) => (await t.app.inject({ url: `/api/processes/search/proposals?q=${encodeURIComponent(q)}` })).json().items.map((p: { title: string }) => p.title).sort();
    expect(await titles('electoral')).toEqual(['ELECTORAL registers online', 'Réforme électorale']);
    expect(await titles('ÉLECTORALE')).toEqual(['Réforme électorale']);
    expect(await titles('reforme elec')).toEqual(['Réforme électorale']);
    expect(await titles('presupuestária')).toEqual(['Transparencia presupuestaria']);
    expect(await titles("'); drop table proposals; --")).toEqual([]);
  });

  it('filters, and its facet counts agree with the filtered rows', async () => {
    const list = (await t.app.inject({ url: '/api/processes/search/proposals?sector=executive&facets=true' })).json();
    expect(list.total).toBe(2);
    expect(list.items.every((p: { sector: string }) => p.sector === 'executive')).toBe(true);
    for (const [area, n] of Object.entries(list.facets.area)) {
      const filtered = (await t.app.inject({ url: `/api/processes/search/proposals?sector=executive&area=${area}` })).json();
      expect(filtered.total).toBe(n);
    }
    expect(list.facets.sector).toEqual({ executive: 2, judiciary: 1, academia: 1 });
  });

  it('pages through every sort without repeats, random stable for a seed', async () => {
    for (const sort of ['recent', 'supports', 'comments', 'random']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let seed = '';
      do {
        const url: string = `/api/processes/search/proposals?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}${seed ? `&seed=${seed}` : ''}`;
        const page = (await t.app.inject({ url })).json();
        seed = page.seed ?? '';
        seen.push(...page.items.map((p: { id: string }) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(4);
      expect(seen).toHaveLength(4);
    }
    const a = (await t.app.inject({ url: '/api/processes/search/proposals?sort=random&seed=abc' })).json().items.map((p: { id: string }) => p.id);
    const b = (await t.app.inject({ url: '/api/processes/search/proposals?sort=random&seed=abc' })).json().items.map((p: { id: string }) => p.id);
    expect(a).toEqual(b);
  });

  it('rejects bad filters and cursors with 400', async () => {
    expect((await t.app.inject({ url: '/api/processes/search/proposals?area=space' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/processes/search/proposals?sort=best' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/processes/search/proposals?cursor=abc' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/processes/nope/proposals' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/proposals/not-a-uuid' })).statusCode).toBe(400);
  });
});

describe('admin: answers, merge, import', () => {
  it('drafts answers, publishes them in bulk, and counts what is unanswered', async () => {
    await openCall('answers');
    const [a, b] = [await submit('answers', 'Answer A'), await submit('answers', 'Answer B')];
    expect((await t.app.inject({ url: '/api/processes/answers/proposals/stats' })).json()).toMatchObject({ total: 2, unanswered: 2 });
    const draft = await admin.post(`/api/proposals/${a.id}/answer`, { state: 'accepted', answer: 'Fits the plan', publish: false });
    expect(draft.json()).toMatchObject({ state: 'submitted', answer: null });
    await admin.post(`/api/proposals/${b.id}/answer`, { state: 'rejected', answer: 'Out of scope' });
    expect((await t.app.inject({ url: '/api/processes/answers/proposals/stats' })).json()).toMatchObject({ unanswered: 1, draftAnswers: 1 });
    expect((await admin.post('/api/processes/answers/answers/publish', {})).json()).toEqual({ published: 1 });
    const seen = (await t.app.inject({ url: `/api/proposals/${a.id}` })).json();
    expect(seen).toMatchObject({ state: 'accepted', answer: { state: 'accepted', text: 'Fits the plan' } });
    expect((await t.app.inject({ url: '/api/processes/answers/proposals/stats' })).json().unanswered).toBe(0);
    expect((await author.post(`/api/proposals/${a.id}/answer`, { state: 'accepted', answer: 'x' })).statusCode).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', a.id).execute();
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['proposal.answer-drafted']));
  });

  it('merges: the new proposal\'s supporters are the union of the sources\'', async () => {
    await openCall('merge');
    const [x, y] = [await submit('merge', 'Proposal X'), await submit('merge', 'Proposal Y')];
    const [a, b, c] = await residents(t, 3);
    await Promise.all([a!.post(`/api/proposals/${x.id}/supports`), b!.post(`/api/proposals/${x.id}/supports`),
      b!.post(`/api/proposals/${y.id}/supports`), c!.post(`/api/proposals/${y.id}/supports`)]);
    const res = await admin.post('/api/processes/merge/proposals/merge', { sourceIds: [x.id, y.id], title: 'X and Y', body: 'Both' });
    expect(res.statusCode).toBe(201);
    const merged = res.json();
    expect(merged.supports).toBe(3);
    expect(merged.mergedFrom.sort()).toEqual([x.id, y.id].sort());
    const source = (await t.app.inject({ url: `/api/proposals/${x.id}` })).json();
    expect(source).toMatchObject({ state: 'merged', mergedInto: merged.id });
    expect((await admin.post('/api/processes/merge/proposals/merge', { sourceIds: [x.id, merged.id], title: 'Again', body: 'x' })).statusCode).toBe(409);
  });

  it('imports the fixture shape and CSV; one bad row imports nothing and names the row', async () => {
    await openCall('import');
    const good = { ref: 'OGC-1', lang: 'fr', summary: 'Une loi sur le lobbying. Et un registre.', challengeArea: 'anti-corruption', branch: 'independent', leadInstitution: 'Agence' };
    const bad = await admin.post('/api/processes/import/import', [good, { ...good, challengeArea: 'space' }, good]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('1.challengeArea');
    expect((await t.app.inject({ url: '/api/processes/import/proposals' })).json().total).toBe(0);

    const ok = await admin.post('/api/processes/import/import', { items: [good, { ...good, ref: 'OGC-2' }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ imported: 2, references: ['P-0001', 'P-0002'] });
    const first = (await t.app.inject({ url: '/api/processes/import/proposals?sort=recent' })).json().items.at(-1);
    expect(first).toMatchObject({ title: 'Une loi sur le lobbying', sector: 'independent', organisation: 'Agence', externalRef: 'OGC-1', lang: 'fr' });

    const csv = 'title,body,area,sector\nCSV one,"Body, with comma",justice,academia\nCSV two,Body,nowhere,academia\n';
    const csvBad = await admin.request('POST', '/api/processes/import/import', undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(csvBad.statusCode).toBe(400);
    expect(csvBad.json().errors[0].path).toBe('1.area');
    const csvOk = await admin.request('POST', '/api/processes/import/import', undefined, { rawBody: csv.replace('nowhere', 'justice'), headers: { 'content-type': 'text/csv' } });
    expect(csvOk.json().imported).toBe(2);
    expect((await author.post('/api/processes/import/import', [good])).statusCode).toBe(403);
    expect((await admin.post('/api/processes/import/import', { nope: 1 })).statusCode).toBe(400);
  });

  it('exports proposals with their counts as CSV and JSON', async () => {
    const csv = await admin.get('/api/processes/import/proposals/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('reference,externalRef,title');
    expect(lines).toHaveLength(5);
    const json = JSON.parse((await admin.get('/api/processes/import/proposals/export?format=json')).body);
    expect(json).toHaveLength(4);
    expect(json[0]).toMatchObject({ reference: 'P-0001', supports: 0 });
    expect((await author.get('/api/processes/import/proposals/export')).statusCode).toBe(403);
  });
});
