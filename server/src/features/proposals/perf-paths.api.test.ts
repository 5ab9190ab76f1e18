/**
 * Behaviour of the benchmark-driven paths (docs/BENCHMARKS.md, "Open call"): supports in one
 * statement, the proposal page and list in one query each, cached totals that still agree with
 * the rows after every change, and an admin's draft answer shown back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Proposal, ProposalList, SupportResult } from '@mesa/shared';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { TOTALS_TTL_MS } from './list.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

async function openCall(slug: string) {
  await admin.post('/api/processes', processBody(slug));
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
}

async function submit(slug: string, title: string, extra: Record<string, unknown> = {}) {
  const res = await author.post(`/api/processes/${slug}/proposals`, { title, body: `Body of ${title}`, area: 'justice', sector: 'academia', ...extra });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; processSlug: string };
}

const list = async (slug: string, qs = '', as?: Agent) =>
  (as ? await as.get(`/api/processes/${slug}/proposals?${qs}`) : await t.app.inject({ url: `/api/processes/${slug}/proposals?${qs}` })).json();

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'author'))[0]!;
  await openCall('perf');
});
afterAll(async () => { await t.close(); });

describe('supports in one statement', () => {
  it('answers the count after each change, and refuses in the order the rules apply', async () => {
    const p = await submit('perf', 'Counted');
    const [a, b] = await residents(t, 2);
    expect((await a!.post(`/api/proposals/${p.id}/supports`)).json()).toEqual({ proposalId: p.id, supports: 1, supportedByMe: true });
    expect((await b!.post(`/api/proposals/${p.id}/supports`)).json()).toEqual({ proposalId: p.id, supports: 2, supportedByMe: true });
    expect((await b!.post(`/api/proposals/${p.id}/supports`)).json().supports).toBe(2);
    expect((await a!.delete(`/api/proposals/${p.id}/supports`)).json()).toEqual({ proposalId: p.id, supports: 1, supportedByMe: false });
    expect((await a!.delete(`/api/proposals/${p.id}/supports`)).json().supports).toBe(1);
    // The list says who supports what, for each reader (and counts once the rollup has run).
    await t.app.proposalCounts.flush();
    const seen = async (as: Agent) => (await list('perf', 'sort=supports&limit=100', as)).items.find((x: { id: string }) => x.id === p.id);
    expect(await seen(b!)).toMatchObject({ supports: 1, supportedByMe: true });
    expect(await seen(a!)).toMatchObject({ supports: 1, supportedByMe: false });

    // Unknown (a valid uuid) → 404; hidden → 404 for residents, 409 not-supportable for an admin.
    expect((await a!.post('/api/proposals/00000000-0000-4000-8000-000000000000/supports')).statusCode).toBe(404);
    const hidden = await submit('perf', 'Hidden one');
    await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', hidden.id).execute();
    expect((await a!.post(`/api/proposals/${hidden.id}/supports`)).statusCode).toBe(404);
    const byAdmin = await admin.post(`/api/proposals/${hidden.id}/supports`);
    expect(byAdmin.statusCode).toBe(409);
    expect(byAdmin.json().detail ?? byAdmin.json().code).toBeDefined();
    expect(await t.db.selectFrom('proposal_supports').select('user_id').where('proposal_id', '=', hidden.id).execute()).toEqual([]);

    // A closed phase refuses both directions with phase-closed, and changes nothing.
    await openCall('perf-closing');
    const q = await submit('perf-closing', 'Closing');
    await a!.post(`/api/proposals/${q.id}/supports`);
    await admin.post('/api/processes/perf-closing/active-phase', { kind: 'prioritisation' });
    for (const res of [await b!.post(`/api/proposals/${q.id}/supports`), await a!.delete(`/api/proposals/${q.id}/supports`)]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('phase-closed');
    }
    expect((await t.app.inject({ url: `/api/proposals/${q.id}` })).json().supports).toBe(1);
  });
});

describe('proposal page and list', () => {
  it('hides a hidden proposal from residents but not from admins; shows mergedFrom on pages and lists', async () => {
    await openCall('perf-merge');
    const [x, y] = [await submit('perf-merge', 'Source X'), await submit('perf-merge', 'Source Y')];
    const merged = (await admin.post('/api/processes/perf-merge/proposals/merge', { sourceIds: [x.id, y.id], title: 'X+Y', body: 'Both' })).json();
    const page = (await t.app.inject({ url: `/api/proposals/${merged.id}` })).json();
    expect(page.mergedFrom.sort()).toEqual([x.id, y.id].sort());
    const inList = (await list('perf-merge', 'sort=recent')).items.find((p: { id: string }) => p.id === merged.id);
    expect(inList.mergedFrom.sort()).toEqual([x.id, y.id].sort());
    expect((await list('perf-merge', 'sort=recent')).items.find((p: { id: string }) => p.id === x.id).mergedFrom).toEqual([]);

    await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', x.id).execute();
    expect((await t.app.inject({ url: `/api/proposals/${x.id}` })).statusCode).toBe(404);
    expect((await author.get(`/api/proposals/${x.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/proposals/${x.id}`)).json()).toMatchObject({ id: x.id, hidden: true });
  });

  it('keeps total and facets in step with the rows after submitting, editing, withdrawing and answering', async () => {
    await openCall('perf-totals');
    const check = async (qs: string) => {
      const l = await list('perf-totals', `${qs}&facets=true&limit=100`);
      expect(l.total).toBe(l.items.length);
      const byArea: Record<string, number> = {};
      for (const p of l.items as { area: string }[]) byArea[p.area] = (byArea[p.area] ?? 0) + 1;
      if (!qs.includes('area=')) expect(l.facets.area).toEqual(byArea);
      return l;
    };
    await check('sort=recent');
    const a = await submit('perf-totals', 'Tribunales abiertos');
    expect((await check('sort=recent')).total).toBe(1);
    expect((await check('sort=recent&q=tribunales')).total).toBe(1);
    await submit('perf-totals', 'Datos del clima', { area: 'climate-and-environment' });
    expect((await check('sort=supports')).total).toBe(2);
    expect((await author.patch(`/api/proposals/${a.id}`, { area: 'fiscal-openness', title: 'Presupuestos abiertos', body: 'Cuentas publicas' })).statusCode).toBe(200);
    expect((await check('sort=recent&q=tribunales')).total).toBe(0);
    expect((await check('sort=recent&area=fiscal-openness')).total).toBe(1);
    expect((await check('sort=recent')).facets.area).toEqual({ 'fiscal-openness': 1, 'climate-and-environment': 1 });
    await author.post(`/api/proposals/${a.id}/withdraw`);
    expect((await check('sort=recent&state=withdrawn')).total).toBe(1);
    expect((await check('sort=recent&state=submitted')).total).toBe(1);
    const c = await submit('perf-totals', 'Tercera');
    await admin.post(`/api/proposals/${c.id}/answer`, { state: 'accepted', answer: 'Yes' });
    expect((await check('sort=recent&state=accepted')).total).toBe(1);
  });
});

describe('draft answers', () => {
  it('shows an admin the drafted answer after a reload; residents never see it', async () => {
    await openCall('perf-draft');
    const p = await submit('perf-draft', 'To answer');
    const saved = (await admin.post(`/api/proposals/${p.id}/answer`, { state: 'rejected', answer: 'Not in scope', publish: false })).json();
    expect(saved).toMatchObject({ answer: null, draftAnswer: { state: 'rejected', text: 'Not in scope', publishedAt: null } });
    expect((await admin.get(`/api/proposals/${p.id}`)).json().draftAnswer).toEqual({ state: 'rejected', text: 'Not in scope', publishedAt: null });
    expect((await list('perf-draft', '', admin)).items[0].draftAnswer).toEqual({ state: 'rejected', text: 'Not in scope', publishedAt: null });
    const seen = (await author.get(`/api/proposals/${p.id}`)).json();
    expect(seen.answer).toBeNull();
    expect(seen.draftAnswer).toBeUndefined();
    expect((await list('perf-draft')).items[0].draftAnswer).toBeUndefined();
    await admin.post('/api/processes/perf-draft/answers/publish', {});
    expect((await admin.get(`/api/proposals/${p.id}`)).json()).toMatchObject({ state: 'rejected', answer: { text: 'Not in scope' }, draftAnswer: null });
  });
});

describe('replies sent without the zod check', () => {
  it('still match their schemas exactly (nothing missing, nothing extra), for residents and admins', async () => {
    await openCall('perf-shape');
    const p = await submit('perf-shape', 'Shaped', { organisation: 'Org' });
    await admin.post(`/api/proposals/${p.id}/answer`, { state: 'accepted', answer: 'Draft', publish: false });
    const [u] = await residents(t, 1);
    const support = (await u!.post(`/api/proposals/${p.id}/supports`)).json();
    expect(SupportResult.parse(support)).toEqual(support);
    for (const as of [undefined, u!, admin]) {
      const one = as ? (await as.get(`/api/proposals/${p.id}`)).json() : (await t.app.inject({ url: `/api/proposals/${p.id}` })).json();
      expect(Proposal.parse(one)).toEqual(one);
      const page = await list('perf-shape', 'facets=true&sort=random', as);
      expect(ProposalList.parse(page)).toEqual(page);
      expect(page.items).toHaveLength(1);
    }
  });
});

describe('cached totals', () => {
  it('take a change made behind the feature\'s back after the TTL: the stale count once, then the new one', async () => {
    await openCall('perf-ttl');
    const a = await submit('perf-ttl', 'Stays');
    const b = await submit('perf-ttl', 'Will be hidden');
    expect((await list('perf-ttl', '', author)).total).toBe(2);
    // As moderation does it (another feature, or another server process): no invalidation here.
    // (Read as a signed-in resident: anonymous readers' pages are cached whole, page-cache.api.test.ts.)
    await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', b.id).execute();
    const cached = await list('perf-ttl', '', author);
    expect(cached.items.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect(cached.total).toBe(2);
    await new Promise((r) => setTimeout(r, TOTALS_TTL_MS + 100));
    expect((await list('perf-ttl', '', author)).total).toBe(2);
    await expect.poll(async () => (await list('perf-ttl', '', author)).total, { timeout: 2_000 }).toBe(1);
    // Admins count hidden proposals, apart from residents.
    expect((await list('perf-ttl', '', admin)).total).toBe(2);
  });
});
