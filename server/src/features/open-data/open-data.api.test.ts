import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { commentColumns, proposalColumns, resultColumns } from './decidim-columns.ts';

let t: TestApp;
let admin: Agent;
let people: (Agent & { userId?: string })[];
let anonymous: Agent;
const ids: Record<string, string> = {};

type Zip = Record<string, string>;
async function download(agent: Agent, url: string): Promise<{ status: number; type: string; zip: Zip; body: string }> {
  const res = await agent.app.inject({ method: 'GET', url, headers: agent.cookieHeader() ? { cookie: agent.cookieHeader() } : {} });
  if (res.statusCode !== 200) return { status: res.statusCode, type: String(res.headers['content-type']), zip: {}, body: res.body };
  const files = unzipSync(new Uint8Array(res.rawPayload));
  return { status: 200, type: String(res.headers['content-type']), zip: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)])), body: '' };
}
const rowsOf = (csv: string, delimiter = ',') => parse(csv, { columns: true, delimiter, bom: true }) as Record<string, string>[];
const headerOf = (csv: string, delimiter = ',') => (parse(csv, { to_line: 1, delimiter }) as string[][])[0]!;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  anonymous = new Agent(t.app, '10.1.1.1');
  people = await residents(t, 4, 'Vecina');
  await admin.post('/api/processes', { ...processBody('bsas'), language: 'es' });
  await admin.post('/api/processes/bsas/active-phase', { kind: 'open-call' });
  const propose = async (agent: Agent, title: string, body: string, extra: Record<string, unknown> = {}) => {
    const res = await agent.post('/api/processes/bsas/proposals', { title, body, area: 'access-to-information', sector: 'civil-society', lang: 'es', ...extra });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  ids.open = await propose(people[0]!, 'Datos abiertos de compras públicas', 'Publicar las compras en formato abierto, con ñ y acentos.');
  ids.second = await propose(people[1]!, 'Registro de lobby', 'Un registro público de reuniones.', { area: 'anti-corruption', sector: 'academia', organisation: 'Universidad' });
  ids.hidden = await propose(people[2]!, 'Spam proposal', 'Buy things');
  // supports
  for (const p of people.slice(0, 3)) await p.post(`/api/proposals/${ids.open}/supports`);
  await people[3]!.post(`/api/proposals/${ids.second}/supports`);
  // a published reasoned answer
  expect((await admin.post(`/api/proposals/${ids.open}/answer`, { state: 'accepted', answer: 'Se incorpora al plan.' })).statusCode).toBe(200);
  // comments: a thread with a reply, one hidden by moderation, one deleted by its author
  const comment = async (agent: Agent, target: string, body: string, extra: Record<string, unknown> = {}) => {
    const res = await agent.post(`/api/proposals/${target}/comments`, { body, ...extra });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  ids.c1 = await comment(people[1]!, ids.open, 'Muy buena idea', { alignment: 'for' });
  ids.c2 = await comment(people[2]!, ids.open, 'Estoy de acuerdo', { parentId: ids.c1 });
  ids.hiddenComment = await comment(people[3]!, ids.open, 'texto ofensivo secreto');
  ids.deleted = await comment(people[0]!, ids.second, 'borrado por su autora');
  await people[2]!.put(`/api/comments/${ids.c1}/vote`, { value: 1 });
  await people[3]!.put(`/api/comments/${ids.c1}/vote`, { value: -1 });
  // three reports hide a comment (the test config's threshold), which recounts the proposal's comments
  for (const p of people.slice(0, 3)) expect((await p.post('/api/reports', { targetType: 'comments', targetId: ids.hiddenComment, reason: 'offensive' })).statusCode).toBe(201);
  expect((await people[0]!.delete(`/api/comments/${ids.deleted}`)).statusCode).toBeLessThan(300);
  await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', ids.hidden).execute();
  // a workshop with guests of two sectors
  const created = await admin.post('/api/processes/bsas/workshops', { title: 'Mesa de trabajo 1', agenda: [{ proposalId: ids.open }], startsAt: new Date().toISOString(), mode: 'in-person' });
  if (created.statusCode !== 201) throw new Error(created.body);
  const w = created.json();
  for (const [i, [name, sector]] of ([['Ana', 'civil-society'], ['Beto', 'civil-society'], ['Caro', 'academia']] as const).entries()) {
    const res = await new Agent(t.app, `10.2.0.${i + 1}`).post('/api/workshops/join', { code: w.code, displayName: name, sector });
    if (res.statusCode >= 300) throw new Error(res.body);
  }
  ids.workshop = w.id;
  // a closed dots round
  await admin.post('/api/processes/bsas/active-phase', { kind: 'prioritisation' });
  const round = (await admin.post('/api/processes/bsas/rounds', { title: 'Priorizar', method: 'dots', eligibility: 'residents', proposalIds: [ids.open, ids.second] })).json();
  ids.round = round.id;
  await admin.post(`/api/rounds/${round.id}/open`);
  for (const p of people.slice(0, 2)) {
    const res = await p.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids.open]: 3, [ids.second]: 1 } });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  await admin.post(`/api/rounds/${round.id}/close`);
  // a commitment with milestones, from the first proposal
  await admin.post('/api/processes/bsas/selection', { proposalIds: [ids.open] });
  await admin.put('/api/processes/bsas/commitment-numbering', { prefix: 'ARBA', start: 7 });
  await admin.post('/api/processes/bsas/active-phase', { kind: 'drafting' });
  const made = await admin.post('/api/processes/bsas/commitments', { title: 'Compras públicas abiertas', sourceProposalIds: [ids.open], area: 'access-to-information' });
  if (made.statusCode !== 201) throw new Error(made.body);
  const c = made.json();
  ids.commitment = c.id;
  const patched = await admin.patch(`/api/commitments/${c.id}`, {
    baseVersion: 0, startsOn: '2025-06-01', endsOn: '2027-06-30', fields: { description: 'Publicar todas las compras.' },
    milestones: [{ title: 'Diagnóstico', startsOn: '2025-06-01', endsOn: '2025-12-31' }, { title: 'Portal publicado', startsOn: '2026-01-01', endsOn: '2027-06-30' }],
  });
  if (patched.statusCode !== 200) throw new Error(patched.body);
  const [m1] = patched.json().milestones as { id: string }[];
  await t.db.updateTable('milestones').set({ progress: 100, status: 'completed' }).where('id', '=', m1!.id).execute();
  ids.milestone = m1!.id;
  // the commitment goes to public consultation; a resident comments, the admin gives the reasoned reply
  const published = await admin.post('/api/processes/bsas/consultation', { closesAt: new Date(Date.now() + 3_600_000).toISOString() });
  if (published.statusCode !== 200) throw new Error(published.body);
  const commented = await people[1]!.post(`/api/commitments/${c.id}/comments`, { body: 'Agregar plazos claros', anchor: { field: 'description', quote: 'todas las compras' } });
  if (commented.statusCode !== 201) throw new Error(commented.body);
  ids.consultation = commented.json().id;
  const replied = await admin.post(`/api/comments/${ids.consultation}/response`, { outcome: 'partially', text: 'Se agregan plazos al hito 2.' });
  if (replied.statusCode !== 200) throw new Error(replied.body);
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('who may export', () => {
  it('before adoption: admins may, residents and anonymous visitors get a 403 problem; an unknown process is 404; bad query or slug 400', async () => {
    for (const path of ['contributions', 'decidim']) {
      const a = await download(anonymous, `/api/processes/bsas/export/${path}`);
      expect(a.status).toBe(403);
      expect(a.type).toContain('application/problem+json');
      expect(JSON.parse(a.body)).toMatchObject({ code: 'not-allowed', status: 403 });
      expect((await download(people[0]!, `/api/processes/bsas/export/${path}`)).status).toBe(403);
      expect((await download(admin, `/api/processes/bsas/export/${path}`)).status).toBe(200);
      const missing = await download(admin, `/api/processes/nowhere/export/${path}`);
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.body)).toMatchObject({ code: 'not-found' });
      for (const query of ['format=xml', 'lang=klingon']) {
        const bad = await download(admin, `/api/processes/bsas/export/${path}?${query}`);
        expect(bad.status).toBe(400);
        expect(JSON.parse(bad.body)).toMatchObject({ code: 'validation' });
      }
      expect((await download(admin, `/api/processes/bsas/export/${path}?lang=pt`)).status).toBe(200);
      expect((await download(admin, '/api/processes/Not%20A%20Slug/export/' + path)).status).toBe(400);
    }
  });

  it('Decidim links start with the configured PUBLIC_URL whatever Host the request names', async () => {
    const get = (host: string, forwarded: Record<string, string> = {}) => admin.app.inject({ method: 'GET', url: '/api/processes/bsas/export/decidim', headers: { cookie: admin.cookieHeader(), host, ...forwarded } });
    for (const [host, forwarded] of [['evil.example', {}], ['exa mple.org', {}], ['localhost:3000', { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }]] as const) {
      const res = await get(host, forwarded);
      expect(res.statusCode, host).toBe(200);
      const files = Object.values(unzipSync(new Uint8Array(res.rawPayload))).map((v) => strFromU8(v)).join('\n');
      expect(files).not.toContain('evil.example');
      expect(files).not.toContain('exa mple');
      expect(rowsOf(strFromU8(unzipSync(new Uint8Array(res.rawPayload))['proposals.csv']!), ';')[0]!.url).toBe(`http://localhost:3000/proposals/${ids.open}`);
    }
  });
});

describe('all contributions', () => {
  let zip: Zip;
  beforeAll(async () => { zip = (await download(admin, '/api/processes/bsas/export/contributions')).zip; });

  it('has the five CSVs and a README describing every column of each, from the same definitions', () => {
    expect(Object.keys(zip).sort()).toEqual(['README.md', 'comments.csv', 'consultation-comments.csv', 'proposals.csv', 'round-results.csv', 'workshop-attendance.csv']);
    for (const [name, csv] of Object.entries(zip)) {
      if (!name.endsWith('.csv')) continue;
      const section = zip['README.md']!.split(`## ${name}`)[1]!.split('\n## ')[0]!;
      for (const column of headerOf(csv)) expect(section, `${name}: ${column}`).toContain(`| \`${column}\` |`);
    }
  });

  it('proposals carry supports, comments and the published answer; hidden ones are marked without text', () => {
    const rows = rowsOf(zip['proposals.csv']!);
    expect(rows.map((r) => r.reference)).toEqual(['P-0001', 'P-0002', 'P-0003']);
    expect(rows[0]).toMatchObject({ id: ids.open, title: 'Datos abiertos de compras públicas', author: 'Vecina 0', supports: '3', comments: '2', state: 'accepted', answerState: 'accepted', answer: 'Se incorpora al plan.', hidden: 'false', selectedForDrafting: 'true' });
    expect(rows[1]).toMatchObject({ organisation: 'Universidad', sector: 'academia', supports: '1', answer: '' });
    expect(rows[2]).toMatchObject({ hidden: 'true', title: '', body: '' });
    expect(zip['proposals.csv']).not.toContain('@example.org');
  });

  it('comments show display names, never emails; hidden and deleted ones are marked and their text left out', () => {
    const rows = rowsOf(zip['comments.csv']!);
    expect(rows).toHaveLength(4);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ids.c1!]).toMatchObject({ proposalReference: 'P-0001', author: 'Vecina 1', alignment: 'for', body: 'Muy buena idea', upVotes: '1', downVotes: '1', depth: '1', parentId: '' });
    expect(byId[ids.c2!]).toMatchObject({ parentId: ids.c1, depth: '2' });
    expect(byId[ids.hiddenComment!]).toMatchObject({ hidden: 'true', body: '' });
    expect(byId[ids.deleted!]).toMatchObject({ deleted: 'true', body: '', proposalReference: 'P-0002' });
    expect(zip['comments.csv']).not.toContain('texto ofensivo');
    expect(zip['comments.csv']).not.toContain('@example.org');
  });

  it('round results are the rounds feature\'s own figures, with scores by sector', async () => {
    const rows = rowsOf(zip['round-results.csv']!);
    const api = (await admin.get(`/api/rounds/${ids.round}/results`)).json();
    expect(rows.map((r) => [r.rank, r.item, Number(r.score)])).toEqual(api.items.map((i: { rank: number; proposalId: string; score: number }) => [String(i.rank), i.proposalId, i.score]));
    expect(rows[0]).toMatchObject({ roundTitle: 'Priorizar', method: 'dots', final: 'true', participants: '2', reference: 'P-0001', score: '6' });
  });

  it('workshop attendance is counted by sector, without names', () => {
    const rows = rowsOf(zip['workshop-attendance.csv']!);
    expect(rows.map((r) => [r.sector, r.participants])).toEqual([['academia', '1'], ['civil-society', '2']]);
    expect(zip['workshop-attendance.csv']).not.toContain('Ana');
  });

  it('consultation comments name the commitment and carry the reasoned reply', () => {
    const rows = rowsOf(zip['consultation-comments.csv']!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: ids.consultation, commitmentReference: 'ARBA0007', commitmentTitle: 'Compras públicas abiertas', author: 'Vecina 1', body: 'Agregar plazos claros',
      replyOutcome: 'partially', replyText: 'Se agregan plazos al hito 2.', replyAuthor: 'Admin',
    });
    expect(JSON.parse(rows[0]!.anchor!)).toMatchObject({ field: 'description' });
    expect(rows[0]!.repliedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('Decidim open data', () => {
  let zip: Zip;
  beforeAll(async () => { zip = (await download(admin, '/api/processes/bsas/export/decidim')).zip; });

  it('has proposals, proposal_comments and results with exactly Decidim\'s columns, in order, ";"-separated', () => {
    expect(Object.keys(zip).sort()).toEqual(['proposal_comments.csv', 'proposals.csv', 'results.csv']);
    expect(headerOf(zip['proposals.csv']!, ';')).toEqual(proposalColumns());
    expect(headerOf(zip['proposal_comments.csv']!, ';')).toEqual(commentColumns());
    expect(headerOf(zip['results.csv']!, ';')).toEqual(resultColumns());
    expect(proposalColumns().slice(0, 10)).toEqual(['id', 'author/id', 'author/name', 'author/url', 'taxonomies/id', 'taxonomies/name', 'participatory_space/id', 'participatory_space/url', 'component/id', 'title/en']);
  });

  it('a known proposal\'s values are where Decidim puts them; hidden proposals are left out', () => {
    const rows = rowsOf(zip['proposals.csv']!, ';');
    expect(rows.map((r) => r.reference)).toEqual(['P-0001', 'P-0002']);
    const p = rows[0]!;
    expect(p).toMatchObject({
      id: ids.open, 'author/id': people[0]!.userId, 'author/name': 'Vecina 0',
      'title/es': 'Datos abiertos de compras públicas', 'title/en': '', 'body/es': 'Publicar las compras en formato abierto, con ñ y acentos.',
      state: 'accepted', reference: 'P-0001', 'answer/es': 'Se incorpora al plan.', votes: '3', comments: '2', withdrawn: 'false', is_amend: 'false',
      'taxonomies/id': 'access-to-information, civil-society',
    });
    expect(p.url).toMatch(new RegExp(`/proposals/${ids.open}$`));
    expect(p['participatory_space/url']).toMatch(/\/processes\/bsas$/);
    expect(p.published_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(p.answered_at).toMatch(/ UTC$/);
    expect(rows[1]).toMatchObject({ 'author/name': 'Vecina 1', state: '', answered_at: '' });
  });

  it('comments are the visible ones, with Decidim\'s depth, alignment and commentable', () => {
    const rows = rowsOf(zip['proposal_comments.csv']!, ';');
    expect(rows.map((r) => r.id).sort()).toEqual([ids.c1, ids.c2].sort());
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ids.c1!]).toMatchObject({ body: 'Muy buena idea', locale: 'es', 'author/name': 'Vecina 1', alignment: '1', depth: '0', commentable_id: ids.open, commentable_type: 'Decidim::Proposals::Proposal' });
    expect(byId[ids.c2!]).toMatchObject({ depth: '1', alignment: '0', commentable_id: ids.c1, commentable_type: 'Decidim::Comments::Comment' });
    expect(byId[ids.c1!]!.root_commentable_url).toMatch(new RegExp(`/proposals/${ids.open}$`));
  });

  it('results are the commitments with their milestones as children, progress weighted by duration', () => {
    const rows = rowsOf(zip['results.csv']!, ';');
    expect(rows.map((r) => r.reference)).toEqual(['ARBA0007', 'ARBA0007-M1', 'ARBA0007-M2']);
    const [c, m1, m2] = rows as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(c).toMatchObject({ id: ids.commitment, 'parent/id': '', 'title/es': 'Compras públicas abiertas', 'description/es': 'Publicar todas las compras.', start_date: '2025-06-01', end_date: '2027-06-30', children_count: '2', comments_count: '1' });
    expect(c.proposal_urls).toMatch(new RegExp(`/proposals/${ids.open}$`));
    // tracking's rule: 100 % over 214 days (start and end inclusive) and 0 % over 546 days
    expect(Number(c.progress)).toBe(Math.round((1000 * 214) / (214 + 546)) / 10);
    expect(m1).toMatchObject({ id: ids.milestone, 'parent/id': ids.commitment, 'title/es': 'Diagnóstico', progress: '100', 'status/key': 'completed' });
    expect(m2).toMatchObject({ progress: '0', 'status/key': 'not-started' });
  });
});

describe('after adoption', () => {
  it('anyone may download both', async () => {
    await admin.post('/api/processes/bsas/active-phase', { kind: 'adopted' });
    for (const path of ['contributions', 'decidim']) {
      const res = await download(anonymous, `/api/processes/bsas/export/${path}`);
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/zip');
    }
    // reopening an earlier phase afterwards does not take the published data back
    await admin.post('/api/processes/bsas/active-phase', { kind: 'consultation' });
    expect((await download(anonymous, '/api/processes/bsas/export/contributions')).status).toBe(200);
  });
});
