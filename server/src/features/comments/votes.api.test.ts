import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, residents, type TestApp, testApp } from '../../test/harness.ts';
import { openCallProcess, roomEvents, submitProposal } from './test-fixtures.ts';

let t: TestApp;
let admin: Agent;
let author: Agent;

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  author = (await residents(t, 1, 'author'))[0]!;
  await openCallProcess(admin, 'votes');
});
afterAll(async () => { await t.close(); });

async function freshComment() {
  const p = await submitProposal(author, 'votes');
  const res = await author.post(`/api/proposals/${p}/comments`, { body: 'Vote on me' });
  return { proposalId: p, id: res.json().id as string };
}
const voteRows = (commentId: string) => t.db.selectFrom('comment_votes').select(['user_id', 'value']).where('comment_id', '=', commentId).execute();

describe('comment votes', () => {
  it('votes up, changes to down, withdraws with 0; the list shows totals and my vote', async () => {
    const c = await freshComment();
    const [voter] = await residents(t, 1, 'voter');
    const vote = (value: number) => voter!.put(`/api/comments/${c.id}/vote`, { value });
    expect((await vote(1)).json()).toEqual({ upVotes: 1, downVotes: 0, myVote: 1 });
    expect((await vote(-1)).json()).toEqual({ upVotes: 0, downVotes: 1, myVote: -1 });
    const listed = (await voter!.get(`/api/proposals/${c.proposalId}/comments`)).json().items[0];
    expect(listed).toMatchObject({ upVotes: 0, downVotes: 1, myVote: -1 });
    expect((await vote(0)).json()).toEqual({ upVotes: 0, downVotes: 0, myVote: 0 });
    expect((await vote(0)).json()).toEqual({ upVotes: 0, downVotes: 0, myVote: 0 });
    const events = (await roomEvents(t, `proposal:${c.proposalId}`)).filter((e) => e.event === 'comments/votes-changed');
    expect(events.map((e) => e.data)).toEqual([
      { commentId: c.id, upVotes: 1, downVotes: 0 }, { commentId: c.id, upVotes: 0, downVotes: 1 }, { commentId: c.id, upVotes: 0, downVotes: 0 },
    ]);
  });

  it('20 parallel votes by one user count once', async () => {
    const c = await freshComment();
    const [voter] = await residents(t, 1, 'eager');
    const results = await Promise.all(Array.from({ length: 20 }, () => voter!.put(`/api/comments/${c.id}/vote`, { value: 1 })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(await voteRows(c.id)).toHaveLength(1);
    expect((await voter!.get(`/api/proposals/${c.proposalId}/comments`)).json().items[0]).toMatchObject({ upVotes: 1, downVotes: 0, myVote: 1 });
  });

  it('parallel votes by 30 users give exact counts, also when they all change their minds at once', async () => {
    const c = await freshComment();
    const voters = await residents(t, 30, 'crowd');
    const first = await Promise.all(voters.map((v, i) => v.put(`/api/comments/${c.id}/vote`, { value: i < 18 ? 1 : -1 })));
    expect(first.every((r) => r.statusCode === 200)).toBe(true);
    const anon = () => new Agent(t.app).get(`/api/proposals/${c.proposalId}/comments`);
    expect((await anon()).json().items[0]).toMatchObject({ upVotes: 18, downVotes: 12 });
    await Promise.all(voters.map((v, i) => v.put(`/api/comments/${c.id}/vote`, { value: i < 18 ? -1 : 0 })));
    expect((await anon()).json().items[0]).toMatchObject({ upVotes: 0, downVotes: 18 });
    expect(await voteRows(c.id)).toHaveLength(18);
  });

  it('refuses bad votes, anonymous votes, and votes on deleted comments or outside the phase', async () => {
    const c = await freshComment();
    const [voter] = await residents(t, 1, 'picky');
    for (const body of [{ value: 2 }, { value: '1' }, {}, { value: 1, weight: 3 }]) {
      expect((await voter!.put(`/api/comments/${c.id}/vote`, body)).statusCode).toBe(400);
    }
    expect((await voter!.put('/api/comments/not-a-uuid/vote', { value: 1 })).statusCode).toBe(400);
    expect((await voter!.put('/api/comments/00000000-0000-4000-8000-000000000000/vote', { value: 1 })).statusCode).toBe(404);
    expect((await new Agent(t.app).put(`/api/comments/${c.id}/vote`, { value: 1 })).statusCode).toBe(401);
    expect(await voteRows(c.id)).toHaveLength(0);

    await author.delete(`/api/comments/${c.id}`);
    expect((await voter!.put(`/api/comments/${c.id}/vote`, { value: 1 })).statusCode).toBe(409);

    await openCallProcess(admin, 'votes-closed');
    const p = await submitProposal(author, 'votes-closed');
    const late = (await author.post(`/api/proposals/${p}/comments`, { body: 'Before the drafting' })).json();
    await admin.post('/api/processes/votes-closed/active-phase', { kind: 'drafting' });
    expect((await voter!.put(`/api/comments/${late.id}/vote`, { value: 1 })).json()).toMatchObject({ status: 409, code: 'phase-closed' });
    expect(await voteRows(late.id)).toHaveLength(0);
  });
});
