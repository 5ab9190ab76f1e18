import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, residents, type TestApp, testApp } from '../../test/harness.ts';
import { commentsCount, openCallProcess, roomEvents, submitProposal } from './test-fixtures.ts';

let t: TestApp;
let admin: Agent;
let ana: Agent;
let ben: Agent;
let proposer: Agent;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  [ana, ben, proposer] = await residents(t, 3, 'talk') as [Agent, Agent, Agent];
  await openCallProcess(admin, 'comments');
});
afterAll(async () => { await t.close(); });

const url = (proposalId: string, query = '') => `/api/proposals/${proposalId}/comments${query}`;
const list = async (agent: Agent, proposalId: string, sort = 'oldest') => (await agent.get(url(proposalId, `?sort=${sort}`))).json();
const say = async (agent: Agent, proposalId: string, body: string, extra: Record<string, unknown> = {}) => {
  const res = await agent.post(url(proposalId), { body, ...extra });
  if (res.statusCode !== 201) throw new Error(`comment: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; depth: number };
};
const countRows = async () => Number((await t.db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('comment threads', () => {
  it('replies nest to depth 3; a fourth level is refused on body.parentId', async () => {
    const p = await submitProposal(proposer, 'comments');
    const root = await say(ana, p, 'We need **open** budgets.', { alignment: 'for' });
    expect(root).toMatchObject({ depth: 1, parentId: null, alignment: 'for', authorName: 'talk 0', mine: true, hidden: false, upVotes: 0, editedAt: null });
    expect((root as unknown as { bodyHtml: string }).bodyHtml).toContain('<strong>open</strong>');
    const reply = await say(ben, p, 'Agreed, with dates.', { parentId: root.id, alignment: 'neutral' });
    const deep = await say(ana, p, 'Which dates?', { parentId: reply.id });
    expect([reply.depth, deep.depth]).toEqual([2, 3]);

    const tooDeep = await ben.post(url(p), { body: 'A fourth level', parentId: deep.id });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.headers['content-type']).toContain('application/problem+json');
    expect(tooDeep.json()).toMatchObject({ code: 'validation', errors: [{ path: 'body.parentId', message: 'replies may go at most 3 levels deep' }] });
    const inSpanish = await ben.post(url(p, '?lang=es'), { body: 'Un cuarto nivel', parentId: deep.id });
    expect(inSpanish.json().errors[0].message).toBe('las respuestas pueden anidarse como máximo 3 niveles');

    const thread = await list(new Agent(t.app), p);
    expect(thread.total).toBe(3);
    expect(thread.items.map((c: { id: string }) => c.id)).toEqual([root.id, reply.id, deep.id]);
    expect(thread.items.map((c: { alignment: string | null }) => c.alignment)).toEqual(['for', 'neutral', null]);
    expect(thread.items[0]).toMatchObject({ myVote: 0, mine: false });

    expect(await commentsCount(t, p)).toBe(3);

    const events = await roomEvents(t, `proposal:${p}`);
    const added = events.filter((e) => e.event === 'comments/added');
    expect(added).toHaveLength(3);
    expect(added[0]!.data).toMatchObject({ id: root.id, body: 'We need **open** budgets.' });
    expect(added[0]!.data).not.toHaveProperty('mine');
  });

  it('sorts siblings at every level: oldest, newest, best (up minus down, then oldest)', async () => {
    const p = await submitProposal(proposer, 'comments');
    const r1 = await say(ana, p, 'first');
    const r2 = await say(ben, p, 'second');
    const r3 = await say(ana, p, 'third');
    const r1a = await say(ben, p, 'reply a', { parentId: r1.id });
    const r1b = await say(ana, p, 'reply b', { parentId: r1.id });
    const [v1, v2, v3] = await residents(t, 3, 'sortvoter');
    const vote = (v: Agent | undefined, id: string, value: number) => v!.put(`/api/comments/${id}/vote`, { value });
    await vote(v1, r2.id, 1); await vote(v2, r2.id, 1); // r2: +2
    await vote(v3, r1.id, 1); // r1: +1
    await vote(v1, r3.id, 1); await vote(v2, r3.id, -1); // r3: 0
    await vote(v1, r1a.id, -1); // r1a: -1, below r1b's 0

    const ids = async (sort: string) => (await list(ana, p, sort)).items.map((c: { id: string }) => c.id);
    expect(await ids('oldest')).toEqual([r1.id, r1a.id, r1b.id, r2.id, r3.id]);
    expect(await ids('newest')).toEqual([r3.id, r2.id, r1.id, r1b.id, r1a.id]);
    expect(await ids('best')).toEqual([r2.id, r1.id, r1b.id, r1a.id, r3.id]);
    expect((await ana.get(url(p))).json().items[0].id).toBe(r1.id); // oldest by default
    expect((await ana.get(url(p, '?sort=loudest'))).statusCode).toBe(400);
  });

  it('an edit keeps the previous body in the history and marks the comment edited', async () => {
    const p = await submitProposal(proposer, 'comments');
    const c = await say(ana, p, 'Version one');
    const edit = await ana.patch(`/api/comments/${c.id}`, { body: 'Version _two_' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ body: 'Version _two_', bodyHtml: '<p>Version <em>two</em></p>\n', editedAt: expect.any(String) });
    await ana.patch(`/api/comments/${c.id}`, { body: 'Version three' });

    expect((await ben.patch(`/api/comments/${c.id}`, { body: 'Hijacked' })).statusCode).toBe(403);
    expect((await admin.patch(`/api/comments/${c.id}`, { body: 'Admin rewrite' })).statusCode).toBe(403);

    const history = await ana.get(`/api/comments/${c.id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((v: { body: string }) => v.body)).toEqual(['Version one', 'Version _two_', 'Version three']);
    expect(history.json().items.at(-1).replacedAt).toBeNull();
    expect((await admin.get(`/api/comments/${c.id}/history`)).statusCode).toBe(200);
    expect((await ben.get(`/api/comments/${c.id}/history`)).statusCode).toBe(403);
    expect((await new Agent(t.app).get(`/api/comments/${c.id}/history`)).statusCode).toBe(401);

    const shown = (await list(ben, p)).items[0];
    expect(shown).toMatchObject({ body: 'Version three', editedAt: expect.any(String) });
    expect((await roomEvents(t, `proposal:${p}`)).filter((e) => e.event === 'comments/edited')).toHaveLength(2);
  });

  it('a soft delete keeps the thread shape: a placeholder without body or author, replies still there', async () => {
    const p = await submitProposal(proposer, 'comments');
    const root = await say(ana, p, 'To be deleted');
    const reply = await say(ben, p, 'A reply that stays', { parentId: root.id });
    const other = await say(ben, p, 'Another root');
    expect((await ben.delete(`/api/comments/${root.id}`)).statusCode).toBe(403);
    expect((await ana.delete(`/api/comments/${root.id}`)).statusCode).toBe(204);
    expect((await ana.delete(`/api/comments/${root.id}`)).statusCode).toBe(204);

    const thread = await list(ben, p);
    expect(thread.total).toBe(2);
    expect(thread.items[0]).toEqual({ id: root.id, parentId: null, depth: 1, createdAt: expect.any(String), hidden: false, deleted: true });
    expect(thread.items[1]).toMatchObject({ id: reply.id, parentId: root.id, body: 'A reply that stays' });
    expect((await ana.patch(`/api/comments/${root.id}`, { body: 'back' })).statusCode).toBe(409);
    expect((await ben.post(url(p), { body: 'reply to deleted', parentId: root.id })).statusCode).toBe(400);

    expect((await admin.delete(`/api/comments/${other.id}`)).statusCode).toBe(204);
    expect(await commentsCount(t, p)).toBe(1);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'comment.deleted').where('target_id', '=', other.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).not.toBeNull();
    const hidden = (await roomEvents(t, `proposal:${p}`)).filter((e) => e.event === 'comments/hidden');
    expect(hidden.map((e) => e.data)).toEqual([{ commentId: root.id, deleted: true }, { commentId: other.id, deleted: true }]);
  });
});

describe('who may comment, where and when', () => {
  it('bad input answers 4xx problem+json and changes nothing', async () => {
    const p = await submitProposal(proposer, 'comments');
    const elsewhere = await say(ana, await submitProposal(proposer, 'comments'), 'On another proposal');
    const before = await countRows();
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/widgets/00000000-0000-4000-8000-000000000000/comments', { body: 'x' }, 400],
      ['POST', '/api/commitments/00000000-0000-4000-8000-000000000000/comments', { body: 'x' }, 404],
      ['POST', '/api/proposals/not-a-uuid/comments', { body: 'x' }, 400],
      ['POST', '/api/proposals/00000000-0000-4000-8000-000000000000/comments', { body: 'x' }, 404],
      ['POST', url(p), { body: '   ' }, 400],
      ['POST', url(p), { body: 'x'.repeat(6000) }, 400],
      ['POST', url(p), { body: 'x', authorId: '00000000-0000-4000-8000-000000000000' }, 400],
      ['POST', url(p), { body: 'x', alignment: 'sideways' }, 400],
      ['POST', url(p), { body: 'x', parentId: 'nope' }, 400],
      ['POST', url(p), { body: 'x', parentId: elsewhere.id }, 400],
      ['POST', url(p), { body: 'x', parentId: '00000000-0000-4000-8000-000000000000' }, 400],
      ['PATCH', `/api/comments/${elsewhere.id}`, { body: '' }, 400],
      ['PATCH', `/api/comments/${elsewhere.id}`, { body: 'ok', hidden: false }, 400],
      ['PATCH', '/api/comments/00000000-0000-4000-8000-000000000000', { body: 'ok' }, 404],
      ['GET', '/api/widgets/00000000-0000-4000-8000-000000000000/comments', undefined, 400],
      ['GET', '/api/commitments/00000000-0000-4000-8000-000000000000/comments', undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await ana.request(method as 'POST', path, body);
      expect({ path, body, status: res.statusCode }).toEqual({ path, body, status });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await countRows()).toBe(before);
    expect((await ana.request('POST', url(p), undefined, { rawBody: '{"body":' })).statusCode).toBe(400);
    expect((await new Agent(t.app).post(url(p), { body: 'anonymous' })).statusCode).toBe(401);
    expect(await countRows()).toBe(before);
  });

  it('comments are closed while the phase is drafting (409 phase-closed), open in prioritisation', async () => {
    await openCallProcess(admin, 'phases-for-comments');
    const p = await submitProposal(proposer, 'phases-for-comments');
    await admin.post('/api/processes/phases-for-comments/active-phase', { kind: 'prioritisation' });
    const c = await say(ana, p, 'Still open in prioritisation');
    await admin.post('/api/processes/phases-for-comments/active-phase', { kind: 'drafting' });
    const closed = await ana.post(url(p), { body: 'Too late' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'phase-closed' });
    expect((await ana.patch(`/api/comments/${c.id}`, { body: 'Edited late' })).json().code).toBe('phase-closed');
    expect((await ana.get(url(p))).json().total).toBe(1);
  });

  it('a withdrawn proposal takes no comments; a hidden one is out of sight but for admins', async () => {
    const withdrawn = await submitProposal(proposer, 'comments');
    expect((await proposer.post(`/api/proposals/${withdrawn}/withdraw`)).statusCode).toBe(200);
    expect((await ana.post(url(withdrawn), { body: 'Hello?' })).json()).toMatchObject({ status: 409, code: 'conflict' });
    const hidden = await submitProposal(proposer, 'comments');
    await admin.post(`/api/moderation/proposals/${hidden}/hide`);
    expect((await ana.get(url(hidden))).statusCode).toBe(404);
    expect((await ana.post(url(hidden), { body: 'Hello?' })).statusCode).toBe(404);
    expect((await admin.get(url(hidden))).statusCode).toBe(200);
    expect((await admin.post(url(hidden), { body: 'Hello?' })).statusCode).toBe(409);
  });
});
