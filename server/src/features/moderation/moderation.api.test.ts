import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, residents, type TestApp, testApp } from '../../test/harness.ts';
import { commentsCount, openCallProcess, roomEvents, submitProposal } from '../comments/test-fixtures.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'writer'))[0]!;
  await openCallProcess(admin, 'moderated');
});
afterAll(async () => { await t.close(); });

async function freshComment(body = 'Buy my watches at example.com') {
  const p = await submitProposal(author, 'moderated');
  const res = await author.post(`/api/proposals/${p}/comments`, { body });
  return { proposalId: p, id: res.json().id as string };
}
const report = (agent: Agent, targetType: string, targetId: string, reason = 'spam') => agent.post('/api/reports', { targetType, targetId, reason });
const commentHidden = async (id: string) => (await t.db.selectFrom('comments').select('hidden').where('id', '=', id).executeTakeFirstOrThrow()).hidden;
const auditOf = (targetId: string) => t.db.selectFrom('audit_log').select(['action', 'actor_id', 'at', 'detail']).where('target_id', '=', targetId).orderBy('at').execute();

describe('reports and auto-hide', () => {
  it('three reports by three users hide a comment pending review; admins still see it', async () => {
    const c = await freshComment();
    const reporters = await residents(t, 3, 'flagger');
    expect((await report(reporters[0]!, 'comments', c.id)).statusCode).toBe(201);
    expect((await report(reporters[1]!, 'comments', c.id, 'offensive')).statusCode).toBe(201);
    expect(await commentHidden(c.id)).toBe(false);
    expect((await report(reporters[2]!, 'comments', c.id)).statusCode).toBe(201);
    expect(await commentHidden(c.id)).toBe(true);

    const seen = (await reporters[0]!.get(`/api/proposals/${c.proposalId}/comments`)).json();
    expect(seen.items[0]).toEqual({ id: c.id, parentId: null, depth: 1, createdAt: expect.any(String), hidden: true });
    expect(seen.total).toBe(0);
    expect(await commentsCount(t, c.proposalId)).toBe(0);
    expect((await author.get(`/api/proposals/${c.proposalId}/comments`)).json().items[0].body).toBeUndefined();
    expect((await admin.get(`/api/proposals/${c.proposalId}/comments`)).json().items[0]).toMatchObject({ body: 'Buy my watches at example.com', hidden: true });
    const events = (await roomEvents(t, `proposal:${c.proposalId}`)).filter((e) => e.event === 'comments/hidden');
    expect(events.map((e) => e.data)).toEqual([{ commentId: c.id, hidden: true }]);
    expect((await report(author, 'comments', c.id)).statusCode).toBe(404);
    // Its author can no longer edit it or read it back, but may still delete it.
    expect((await author.patch(`/api/comments/${c.id}`, { body: 'Still selling' })).statusCode).toBe(404);
    expect((await author.get(`/api/comments/${c.id}/history`)).statusCode).toBe(404);
    expect((await author.delete(`/api/comments/${c.id}`)).statusCode).toBe(204);
  });

  it('three reports by one user count once and hide nothing', async () => {
    const c = await freshComment();
    const [reporter] = await residents(t, 1, 'repeater');
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await report(reporter!, 'comments', c.id)).statusCode);
    expect(codes).toEqual([201, 200, 200]);
    const again = await report(reporter!, 'comments', c.id);
    expect(again.json()).toEqual({ targetType: 'comments', targetId: c.id, alreadyReported: true });
    expect(await t.db.selectFrom('reports').select('id').where('target_id', '=', c.id).execute()).toHaveLength(1);
    expect(await commentHidden(c.id)).toBe(false);
  });

  it('parallel reports by three users hide once; a reported proposal is hidden from its process', async () => {
    const p = await submitProposal(author, 'moderated', 'Spam proposal');
    const reporters = await residents(t, 3, 'crowd');
    const total = async () => (await reporters[0]!.get('/api/processes/moderated/proposals?limit=1')).json().total as number;
    const before = await total(); // the list caches its totals: hiding must drop them at once
    const results = await Promise.all(reporters.map((r) => report(r, 'proposals', p, 'off-topic')));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const row = await t.db.selectFrom('proposals').select('hidden').where('id', '=', p).executeTakeFirstOrThrow();
    expect(row.hidden).toBe(true);
    const events = (await roomEvents(t, 'process:moderated')).filter((e) => e.event === 'proposals/state-changed');
    expect(events.map((e) => e.data)).toEqual([{ proposalId: p, hidden: true }]);
    expect((await reporters[0]!.get(`/api/proposals/${p}/comments`)).statusCode).toBe(404);
    expect(await total()).toBe(before - 1);
  });

  it('bad reports answer 4xx problem+json and record nothing', async () => {
    const c = await freshComment();
    const [reporter] = await residents(t, 1, 'careless');
    const bodies = [
      { targetType: 'users', targetId: c.id, reason: 'spam' },
      { targetType: 'comments', targetId: 'not-a-uuid', reason: 'spam' },
      { targetType: 'comments', targetId: c.id, reason: 'boring' },
      { targetType: 'comments', targetId: c.id, reason: 'spam', weight: 10 },
      { targetType: 'comments', targetId: c.id, reason: 'other', details: 'x'.repeat(1001) },
    ];
    for (const body of bodies) {
      const res = await reporter!.post('/api/reports', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await report(reporter!, 'comments', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await report(new Agent(t.app), 'comments', c.id)).statusCode).toBe(401);
    expect(await t.db.selectFrom('reports').select('id').where('target_id', '=', c.id).execute()).toHaveLength(0);
  });
});

describe('the moderation queue', () => {
  it('lists reported content most reported first; hide and unhide are audited; unhide resolves the reports', async () => {
    await openCallProcess(admin, 'queue');
    const p = await submitProposal(author, 'queue', 'A proposal that some find off-topic');
    const c = (await author.post(`/api/proposals/${p}/comments`, { body: 'Rude   words\nhere' })).json();
    const [r1, r2] = await residents(t, 2, 'queue');
    await report(r1!, 'comments', c.id, 'offensive');
    await report(r2!, 'comments', c.id, 'spam');
    await report(r1!, 'proposals', p, 'off-topic');

    const queue = await admin.get('/api/processes/queue/moderation');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items).toEqual([
      { targetType: 'comments', targetId: c.id, proposalId: p, commitmentId: null, excerpt: 'Rude words here', reportsCount: 2, reasons: { offensive: 1, spam: 1 }, hidden: false, deleted: false, lastReportedAt: expect.any(String) },
      { targetType: 'proposals', targetId: p, proposalId: p, commitmentId: null, excerpt: 'A proposal that some find off-topic', reportsCount: 1, reasons: { 'off-topic': 1 }, hidden: false, deleted: false, lastReportedAt: expect.any(String) },
    ]);
    expect((await r1!.get('/api/processes/queue/moderation')).statusCode).toBe(403);
    expect((await new Agent(t.app).get('/api/processes/queue/moderation')).statusCode).toBe(401);
    expect((await admin.get('/api/processes/nowhere/moderation')).statusCode).toBe(404);

    expect((await r1!.post(`/api/moderation/comments/${c.id}/hide`, {})).statusCode).toBe(403);
    expect(await commentHidden(c.id)).toBe(false);
    const hide = await admin.post(`/api/moderation/comments/${c.id}/hide`, {});
    expect(hide.statusCode).toBe(200);
    expect(hide.json()).toEqual({ targetType: 'comments', targetId: c.id, hidden: true });
    expect(await commentHidden(c.id)).toBe(true);
    const unhide = await admin.post(`/api/moderation/comments/${c.id}/unhide`, {});
    expect(unhide.json().hidden).toBe(false);
    expect(await commentHidden(c.id)).toBe(false);

    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['moderation.hidden', 'moderation.unhidden']);
    expect(audit.every((a) => a.actor_id !== null && a.at instanceof Date)).toBe(true);
    expect(audit[0]!.detail).toEqual({ changed: true, resolvedReports: 2 });
    const open = await t.db.selectFrom('reports').select('id').where('target_id', '=', c.id).where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(0);
    expect((await admin.get('/api/processes/queue/moderation')).json().items.map((i: { targetId: string }) => i.targetId)).toEqual([p]);

    await admin.post(`/api/moderation/proposals/${p}/hide`, {});
    expect((await t.db.selectFrom('proposals').select('hidden').where('id', '=', p).executeTakeFirstOrThrow()).hidden).toBe(true);
    await admin.post(`/api/moderation/proposals/${p}/unhide`);
    expect((await auditOf(p)).map((a) => a.action)).toEqual(['moderation.hidden', 'moderation.unhidden']);
    expect((await roomEvents(t, 'process:queue')).filter((e) => e.event === 'proposals/state-changed').map((e) => e.data))
      .toEqual([{ proposalId: p, hidden: true }, { proposalId: p, hidden: false }]);
    expect((await admin.get('/api/processes/queue/moderation')).json().items).toEqual([]);

    expect((await admin.post(`/api/moderation/users/${p}/hide`, {})).statusCode).toBe(400);
    expect((await admin.post('/api/moderation/comments/not-a-uuid/hide', {})).statusCode).toBe(400);
    expect((await admin.post('/api/moderation/comments/00000000-0000-4000-8000-000000000000/hide', {})).statusCode).toBe(404);
  });
});
