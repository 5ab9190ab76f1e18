import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Agent;
let members: (Agent & { userId?: string })[];
let outsider: Agent;
let facilitator: Agent & { userId?: string };
const ids: string[] = [];

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('forum'));
  await admin.post('/api/processes/forum/active-phase', { kind: 'open-call' });
  for (const title of ['Open data portal', 'Lobbying register', 'Climate budget tagging', 'Court hearings online']) {
    ids.push((await admin.post('/api/processes/forum/proposals', { title, body: title, area: 'justice', sector: 'executive' })).json().id);
  }
  const rejected = (await admin.post('/api/processes/forum/proposals', { title: 'Rejected idea', body: 'x', area: 'justice', sector: 'executive' })).json();
  await admin.post(`/api/proposals/${rejected.id}/answer`, { state: 'rejected', answer: 'Out of scope' });
  await admin.post('/api/processes/forum/active-phase', { kind: 'prioritisation' });
  members = await residents(t, 3, 'member');
  outsider = (await residents(t, 1, 'outsider'))[0]!;
  facilitator = (await residents(t, 1, 'facilitator'))[0]!;
  const sectors = ['executive', 'civil-society', 'academia'];
  for (const [i, m] of members.entries()) await admin.post('/api/processes/forum/members', { userId: m.userId, role: 'forum-member', sector: sectors[i] });
  await admin.post('/api/processes/forum/members', { userId: facilitator.userId, role: 'facilitator' });
});
afterAll(async () => { await t.close(); });

async function newRound(body: Record<string, unknown>, as: Agent = facilitator) {
  const res = await as.post('/api/processes/forum/rounds', { title: 'Feasibility and impact', method: 'criteria', ...body });
  if (res.statusCode !== 201) throw new Error(res.body);
  const round = res.json();
  expect((await as.post(`/api/rounds/${round.id}/open`)).statusCode).toBe(200);
  return round;
}

describe('prioritisation rounds', () => {
  it('a poll in a workshop whose agenda holds no proposal is created (before: 500 on `in ()`)', async () => {
    const w = (await facilitator.post('/api/processes/forum/workshops', { title: 'Check-in', mode: 'online', startsAt: new Date().toISOString(), agenda: [{ title: 'How do you feel?' }] })).json();
    const res = await facilitator.post('/api/processes/forum/rounds', { title: 'Mood', method: 'poll', options: ['Good', 'Tired'], workshopId: w.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ method: 'poll', items: ['Good', 'Tired'] });
  });

  it('a facilitator creates a round over every proposal still in play, with the default criteria', async () => {
    const res = await facilitator.post('/api/processes/forum/rounds', { title: 'Default round', method: 'criteria' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'draft', items: ids, criteria: [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 1 }] });
    expect(res.json().description).toContain('weighted mean');
    expect((await members[0]!.post('/api/processes/forum/rounds', { title: 'Nope', method: 'dots' })).statusCode).toBe(403);
  });

  it('forum members score; changing a ballot replaces it; outsiders get 403; results show per sector', async () => {
    const round = await newRound({ proposalIds: ids.slice(0, 3) });
    const [a, b, c] = ids;
    expect((await members[0]!.put(`/api/rounds/${round.id}/ballot`, { scores: { [a!]: { feasibility: 2, impact: 2 } } })).statusCode).toBe(200);
    expect((await members[0]!.put(`/api/rounds/${round.id}/ballot`, { scores: { [a!]: { feasibility: 5, impact: 5 }, [b!]: { feasibility: 1, impact: 3 } } })).statusCode).toBe(200);
    await members[1]!.put(`/api/rounds/${round.id}/ballot`, { scores: { [a!]: { feasibility: 3, impact: 4 }, [c!]: { feasibility: 4, impact: 4 } } });
    expect((await outsider.put(`/api/rounds/${round.id}/ballot`, { scores: { [a!]: { feasibility: 5, impact: 5 } } })).statusCode).toBe(403);
    expect((await members[0]!.get(`/api/rounds/${round.id}/ballot`)).json().ballot.scores[a!]).toEqual({ feasibility: 5, impact: 5 });

    expect((await outsider.get(`/api/rounds/${round.id}/results`)).statusCode).toBe(403);
    await facilitator.post(`/api/rounds/${round.id}/close`);
    const results = (await outsider.get(`/api/rounds/${round.id}/results`)).json();
    expect(results).toMatchObject({ final: true, participants: 2, participantsBySector: { executive: 1, 'civil-society': 1 } });
    expect(results.items.map((i: { proposalId: string; score: number; rank: number }) => [i.proposalId, i.score, i.rank])).toEqual([[a, 4.25, 1], [c, 4, 2], [b, 2, 3]]);
    expect(results.items[0]).toMatchObject({ bySector: { executive: 5, 'civil-society': 3.5 }, quadrant: 'quick-win', title: 'Open data portal' });
    const late = await members[2]!.put(`/api/rounds/${round.id}/ballot`, { scores: { [a!]: { feasibility: 1, impact: 1 } } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('round-closed');
  });

  it('refuses bad ballots with the field named, storing nothing', async () => {
    const round = await newRound({ method: 'dots', title: 'Dots round' });
    const cases: [unknown, string][] = [
      [{ dots: { [ids[0]!]: 4 } }, `body.dots.${ids[0]}`],
      [{ dots: { [ids[0]!]: 3, [ids[1]!]: 3 } }, 'body.dots'],
      [{ dots: { 'not-a-proposal': 1 } }, 'body.dots.not-a-proposal'],
      [{ ranking: [ids[0]] }, 'body.dots'],
    ];
    for (const [ballot, path] of cases) {
      const res = await members[0]!.put(`/api/rounds/${round.id}/ballot`, ballot);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe(path);
    }
    expect((await members[0]!.get(`/api/rounds/${round.id}/ballot`)).statusCode).toBe(404);
    const rank = await newRound({ method: 'ranking', title: 'Ranking round' });
    const dup = await members[0]!.put(`/api/rounds/${rank.id}/ballot`, { ranking: [ids[0], ids[0]] });
    expect(dup.json().errors[0].path).toBe('body.ranking.1');
    const crit = await newRound({ title: 'Criteria round' });
    const out = await members[0]!.put(`/api/rounds/${crit.id}/ballot`, { scores: { [ids[0]!]: { feasibility: 6 } } });
    expect(out.json().errors[0].path).toBe(`body.scores.${ids[0]}.feasibility`);
  });

  it('counts paper ballots from an in-person table and labels them', async () => {
    const round = await newRound({ method: 'dots', title: 'Table round' });
    await members[0]!.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids[0]!]: 3 } });
    expect((await facilitator.post(`/api/rounds/${round.id}/paper-ballots`, { ballot: { dots: { [ids[1]!]: 3, [ids[2]!]: 2 } }, sector: 'private-sector', label: 'Table 2, ballot 1' })).statusCode).toBe(201);
    expect((await facilitator.post(`/api/rounds/${round.id}/paper-ballots`, { ballot: { dots: { [ids[1]!]: 2 } }, memberId: members[2]!.userId })).statusCode).toBe(201);
    expect((await members[0]!.post(`/api/rounds/${round.id}/paper-ballots`, { ballot: { dots: {} } })).statusCode).toBe(403);
    await facilitator.post(`/api/rounds/${round.id}/close`);
    const results = (await admin.get(`/api/rounds/${round.id}/results`)).json();
    expect(results).toMatchObject({ participants: 3, paperBallots: 2, participantsBySector: { executive: 1, 'private-sector': 1, academia: 1 } });
    expect(results.items[0]).toMatchObject({ proposalId: ids[1], score: 5 });
    const csv = (await admin.get(`/api/rounds/${round.id}/results/export?format=csv`)).body;
    expect(csv).toContain('2 on paper');
  });

  it('pairwise comparisons, and results visible while running when the round says so', async () => {
    const round = await newRound({ method: 'pairwise', title: 'Pairwise round', resultsVisible: true });
    await members[0]!.post(`/api/rounds/${round.id}/comparisons`, { winnerId: ids[0], loserId: ids[1] });
    await members[1]!.post(`/api/rounds/${round.id}/comparisons`, { skip: [ids[0], ids[1]] });
    expect((await members[1]!.post(`/api/rounds/${round.id}/comparisons`, { winnerId: ids[0], loserId: ids[0] })).statusCode).toBe(400);
    const running = (await outsider.get(`/api/rounds/${round.id}/results`)).json();
    expect(running.final).toBe(false);
    expect(running.items[0]).toMatchObject({ proposalId: ids[0], score: 66.6667 });
  });

  it('one ballot per participant under parallel requests', async () => {
    const round = await newRound({ method: 'dots', title: 'Parallel round' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => members[0]!.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids[i % 4]!]: 1 } })));
    const rows = await t.db.selectFrom('ballots').selectAll().where('round_id', '=', round.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('marks the proposals selected for drafting (admin only)', async () => {
    expect((await admin.post('/api/processes/forum/selection', { proposalIds: [ids[0], ids[2]] })).json()).toEqual({ selected: 2 });
    expect((await t.app.inject({ url: `/api/proposals/${ids[0]}` })).json().selectedForDrafting).toBe(true);
    await admin.post('/api/processes/forum/selection', { proposalIds: [ids[2]] });
    expect((await t.app.inject({ url: `/api/proposals/${ids[0]}` })).json().selectedForDrafting).toBe(false);
    expect((await facilitator.post('/api/processes/forum/selection', { proposalIds: [] })).statusCode).toBe(403);
  });

  it('rounds cannot open outside prioritisation or drafting', async () => {
    await admin.post('/api/processes', processBody('early'));
    await admin.post('/api/processes/early/active-phase', { kind: 'open-call' });
    const p = (await admin.post('/api/processes/early/proposals', { title: 'Early one', body: 'x', area: 'justice', sector: 'executive' })).json();
    const r = (await admin.post('/api/processes/early/rounds', { title: 'Too early', method: 'dots', proposalIds: [p.id] })).json();
    const res = await admin.post(`/api/rounds/${r.id}/open`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('phase-closed');
  });
});
