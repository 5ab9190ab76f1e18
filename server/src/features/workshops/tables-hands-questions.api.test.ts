import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tally, type RoundSettings } from '@mesa/shared';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';
import { votesOf } from '../rounds/repo.ts';

let t: TestApp;
let facilitator: Agent & { userId?: string };
let ids: string[] = [];

beforeAll(async () => {
  t = await testApp();
  const admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('tables'));
  await admin.post('/api/processes/tables/active-phase', { kind: 'open-call' });
  for (const title of ['Open contracting', 'Beneficial ownership', 'Open parliament']) {
    ids.push((await admin.post('/api/processes/tables/proposals', { title, body: title, area: 'anti-corruption', sector: 'civil-society' })).json().id);
  }
  await admin.post('/api/processes/tables/active-phase', { kind: 'prioritisation' });
  facilitator = (await residents(t, 1, 'facilitator'))[0]!;
  await admin.post('/api/processes/tables/members', { userId: facilitator.userId, role: 'facilitator' });
});
afterAll(async () => { await t.close(); });

let ip = 0;
async function workshopWith(sectors: string[]) {
  const w = (await facilitator.post('/api/processes/tables/workshops', { title: 'Working tables', mode: 'in-person', startsAt: new Date().toISOString(), agenda: ids.map((proposalId) => ({ proposalId })) })).json();
  const people = [];
  for (const [i, sector] of sectors.entries()) {
    const g = new Agent(t.app, `10.60.${ip++}.1`);
    await g.post('/api/workshops/join', { code: w.code, displayName: `P${i}`, sector });
    await g.refreshCsrf();
    people.push({ agent: g, key: (await g.get(`/api/workshops/${w.id}`)).json().me.key as string, sector });
  }
  return { w, people };
}

describe('breakout tables', () => {
  it('balanced tables spread sectors; each table votes; the pulled-back result equals one round over all ballots', async () => {
    const { w, people } = await workshopWith(['civil-society', 'civil-society', 'executive', 'executive']);
    const formed = (await facilitator.post(`/api/workshops/${w.id}/tables`, { count: 2, strategy: 'balanced' })).json();
    expect(formed.seats).toHaveLength(4);
    const tableOf = new Map<string, number>(formed.seats.map((s: { key: string; table: number }) => [s.key, s.table]));
    for (const table of [1, 2]) {
      expect(people.filter((p) => tableOf.get(p.key) === table).map((p) => p.sector).sort()).toEqual(['civil-society', 'executive']);
    }
    const rounds: string[] = [];
    for (const table of [1, 2]) {
      const r = (await facilitator.post('/api/processes/tables/rounds', { title: `Table ${table}`, method: 'dots', workshopId: w.id, tableNo: table, proposalIds: ids })).json();
      await facilitator.post(`/api/rounds/${r.id}/open`);
      rounds.push(r.id);
    }
    const dots = [{ [ids[0]!]: 3, [ids[1]!]: 2 }, { [ids[1]!]: 3 }, { [ids[2]!]: 3, [ids[0]!]: 1 }, { [ids[0]!]: 2 }];
    for (const [i, p] of people.entries()) {
      const mine = rounds[tableOf.get(p.key)! - 1]!;
      const other = rounds[2 - tableOf.get(p.key)!]!;
      expect((await p.agent.put(`/api/rounds/${other}/ballot`, { dots: dots[i] })).statusCode).toBe(403);
      expect((await p.agent.put(`/api/rounds/${mine}/ballot`, { dots: dots[i] })).statusCode).toBe(200);
    }
    const progress = (await facilitator.get(`/api/workshops/${w.id}/tables`)).json().items;
    expect(progress.map((x: { rounds: { ballots: number }[] }) => x.rounds[0]!.ballots)).toEqual([2, 2]);

    const combined = await facilitator.post(`/api/workshops/${w.id}/tables/combine`, { roundIds: rounds, title: 'Plenary result' });
    expect(combined.statusCode).toBe(201);
    const results = (await new Agent(t.app).get(`/api/rounds/${combined.json().id}/results`)).json();
    const settings = (await t.db.selectFrom('rounds').select('settings').where('id', '=', rounds[0]!).executeTakeFirstOrThrow()).settings as RoundSettings;
    const allBallots = (await Promise.all(rounds.map((r) => votesOf(t.db, r)))).flatMap((v) => v.votes);
    const single = tally(settings, allBallots);
    const scores = (items: { proposalId: string; score: number; rank: number }[]) => Object.fromEntries(items.map((i) => [i.proposalId, [i.score, i.rank]]));
    expect(scores(results.items)).toEqual(scores(single.items));
    expect(results.participants).toBe(4);
    expect(scores(results.items)[ids[0]!]).toEqual([6, 1]);
  });

  it('seats late arrivals, keeps table rooms to their members, and re-forms by hand', async () => {
    const { w, people } = await workshopWith(['academia', 'executive']);
    await facilitator.post(`/api/workshops/${w.id}/tables`, { count: 2, strategy: 'random' });
    const late = new Agent(t.app, '10.61.0.1');
    const seen = (await late.post('/api/workshops/join', { code: w.code, displayName: 'Late', sector: 'academia' })).json();
    expect(seen.me.table).toBeGreaterThanOrEqual(1);
    const academiaTable = (await people[0]!.agent.get(`/api/workshops/${w.id}`)).json().me.table;
    expect(seen.me.table).not.toBe(academiaTable);

    const ws = await connectWs(t.app, people[0]!.agent.cookieHeader());
    ws.send({ type: 'join', room: `workshop:${w.id}:table:${academiaTable}` });
    expect((await ws.next((m) => m.type === 'joined')).snapshot.table).toBe(academiaTable);
    ws.send({ type: 'join', room: `workshop:${w.id}:table:${3 - academiaTable}` });
    expect(await ws.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    ws.ws.terminate();

    const everyone = [...people.map((p) => p.key), (await late.get(`/api/workshops/${w.id}`)).json().me.key];
    expect((await facilitator.post(`/api/workshops/${w.id}/tables`, { count: 2, strategy: 'manual', assignments: { [everyone[0]!]: 1 } })).statusCode).toBe(400);
    const manual = await facilitator.post(`/api/workshops/${w.id}/tables`, { count: 1, strategy: 'manual', assignments: Object.fromEntries(everyone.map((k) => [k, 1])) });
    expect(manual.statusCode).toBe(200);
    expect((await people[0]!.agent.post(`/api/workshops/${w.id}/tables`, { count: 2, strategy: 'random' })).statusCode).toBe(401);
    expect((await facilitator.delete(`/api/workshops/${w.id}/tables`)).statusCode).toBe(200);
    expect((await people[1]!.agent.get(`/api/workshops/${w.id}`)).json()).toMatchObject({ tables: 0, me: { table: null } });
  });
});

describe('raised hands', () => {
  it('keeps the order under concurrent raises; nobody lowers someone else\'s hand', async () => {
    const { w, people } = await workshopWith(Array.from({ length: 8 }, (_, i) => (i % 2 ? 'academia' : 'executive')));
    const sockets = await Promise.all(people.map((p) => connectWs(t.app, p.agent.cookieHeader())));
    for (const s of sockets) s.send({ type: 'join', room: `workshop:${w.id}` });
    await Promise.all(sockets.map((s) => s.next((m) => m.type === 'joined')));
    sockets.forEach((s) => s.send({ type: 'hand', raised: true }));
    const full = await sockets[0]!.next((m) => m.event === 'workshop/hands' && m.data.queue.length === 8);
    const order = full.data.queue.map((h: { key: string }) => h.key);
    expect(new Set(order).size).toBe(8);
    const times = full.data.queue.map((h: { raisedAt: string }) => h.raisedAt);
    expect([...times].sort()).toEqual(times);
    // Each hands event carries the state at its sequence number: queues only grow during the burst.
    const sizes = sockets[0]!.received.filter((m) => m.event === 'workshop/hands').map((m) => m.data.queue.length);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    // Raising again keeps one's place.
    sockets[0]!.send({ type: 'hand', raised: true });
    sockets[0]!.send({ type: 'hand', raised: false });
    const after = await sockets[1]!.next((m) => m.event === 'workshop/hands' && m.data.queue.length === 7 && m.seq > full.seq);
    expect(after.data.queue.map((h: { key: string }) => h.key)).toEqual(order.filter((k: string) => k !== people[0]!.key));
    // A participant cannot lower another's hand over HTTP; the facilitator can.
    expect((await people[1]!.agent.post(`/api/workshops/${w.id}/hands/lower`, { key: people[2]!.key })).statusCode).toBe(401);
    const lowered = (await facilitator.post(`/api/workshops/${w.id}/hands/lower`, { key: people[2]!.key })).json();
    expect(lowered.items.map((h: { key: string }) => h.key)).not.toContain(people[2]!.key);
    for (const s of sockets) s.ws.terminate();
  });
});

describe('questions from the floor', () => {
  it('participants ask and upvote once each; answered ones go last; three reports hide one', async () => {
    const { w, people } = await workshopWith(['academia', 'executive', 'civil-society']);
    const ask = async (i: number, body: string) => (await people[i]!.agent.post(`/api/workshops/${w.id}/questions`, { body })).json().id as string;
    const q1 = await ask(0, 'Who funds the open data portal?');
    const q2 = await ask(1, 'When does the register go live?');
    const q3 = await ask(2, 'Buy cheap watches here');
    await Promise.all(Array.from({ length: 10 }, () => people[0]!.agent.put(`/api/workshop-questions/${q2}/vote`, { value: 1 })));
    await people[2]!.agent.put(`/api/workshop-questions/${q2}/vote`, { value: 1 });
    const list = (await people[0]!.agent.get(`/api/workshops/${w.id}/questions`)).json().items;
    expect(list.map((q: { id: string; votes: number }) => [q.id, q.votes])).toEqual([[q2, 2], [q1, 0], [q3, 0]]);
    expect(list[0].votedByMe).toBe(true);

    expect((await people[1]!.agent.post(`/api/workshop-questions/${q2}/answered`, { answered: true })).statusCode).toBe(401);
    await facilitator.post(`/api/workshop-questions/${q2}/answered`, { answered: true });
    expect((await people[0]!.agent.get(`/api/workshops/${w.id}/questions`)).json().items.at(-1)).toMatchObject({ id: q2, answered: true });

    const reporters = await residents(t, 3, 'reporter');
    for (const r of reporters) expect((await r.post('/api/reports', { targetType: 'questions', targetId: q3, reason: 'spam' })).statusCode).toBe(201);
    const visible = (await people[0]!.agent.get(`/api/workshops/${w.id}/questions`)).json().items.map((q: { id: string }) => q.id);
    expect(visible).not.toContain(q3);
    expect((await facilitator.get(`/api/workshops/${w.id}/questions`)).json().items.find((q: { id: string }) => q.id === q3).hidden).toBe(true);
    const admin = new Agent(t.app, '10.0.0.1');
    await admin.signIn('admin@example.org', 'admin password 1');
    const queue = (await admin.get('/api/processes/tables/moderation')).json().items;
    expect(queue.find((i: { targetId: string }) => i.targetId === q3)).toMatchObject({ targetType: 'questions', hidden: true, reportsCount: 3 });

    expect((await people[0]!.agent.post(`/api/workshops/${w.id}/questions`, { body: 'x'.repeat(281) })).statusCode).toBe(400);
    expect((await new Agent(t.app).post(`/api/workshops/${w.id}/questions`, { body: 'Anonymous question?' })).statusCode).toBe(401);
  });
});

describe('participants\' side over HTTP', () => {
  it('a participant reads their own table, raises and lowers only their own hand, and the plenary hears the combined result with its numbers', async () => {
    const { w, people } = await workshopWith(['academia', 'executive', 'academia', 'executive']);
    const anonymous = new Agent(t.app);
    expect((await people[0]!.agent.get(`/api/workshops/${w.id}/tables/mine`)).json()).toEqual({ table: null, members: [] });
    const formed = (await facilitator.post(`/api/workshops/${w.id}/tables`, { count: 2, strategy: 'balanced' })).json();
    const tableOf = new Map<string, number>(formed.seats.map((s: { key: string; table: number }) => [s.key, s.table]));
    const mine = (await people[0]!.agent.get(`/api/workshops/${w.id}/tables/mine`)).json();
    expect(mine.table).toBe(tableOf.get(people[0]!.key));
    expect(mine.members.map((m: { key: string }) => m.key).sort()).toEqual(people.filter((p) => tableOf.get(p.key) === mine.table).map((p) => p.key).sort());
    expect((await anonymous.get(`/api/workshops/${w.id}/tables/mine`)).statusCode).toBe(401);
    expect((await facilitator.get(`/api/workshops/${w.id}/tables/mine`)).statusCode).toBe(403);

    // The latest broadcast is there for someone who opens the page later; bad input changes nothing.
    expect((await people[0]!.agent.get(`/api/workshops/${w.id}/broadcast`)).json()).toEqual({ broadcast: null });
    expect((await facilitator.post(`/api/workshops/${w.id}/broadcast`, {})).statusCode).toBe(400);
    expect((await facilitator.post(`/api/workshops/${w.id}/broadcast`, { timerSec: 2 })).statusCode).toBe(400);
    expect((await people[0]!.agent.post(`/api/workshops/${w.id}/broadcast`, { message: 'Hello' })).statusCode).toBe(401);
    await facilitator.post(`/api/workshops/${w.id}/broadcast`, { message: 'Back in five minutes', timerSec: 300 });
    const sent = (await people[0]!.agent.get(`/api/workshops/${w.id}/broadcast`)).json().broadcast;
    expect(sent.message).toBe('Back in five minutes');
    expect(Date.parse(sent.endsAt) - Date.now()).toBeGreaterThan(290_000);
    expect((await anonymous.get(`/api/workshops/${w.id}/broadcast`)).statusCode).toBe(401);

    // Hands over HTTP: one's own only; the body cannot name anyone else.
    const ws = await connectWs(t.app, facilitator.cookieHeader());
    ws.send({ type: 'join', room: `workshop:${w.id}` });
    await ws.next((m) => m.type === 'joined');
    expect((await people[1]!.agent.post(`/api/workshops/${w.id}/hands`, { raised: true })).json().items.map((h: { key: string }) => h.key)).toEqual([people[1]!.key]);
    await people[2]!.agent.post(`/api/workshops/${w.id}/hands`, { raised: true });
    expect((await ws.next((m) => m.event === 'workshop/hands' && m.data.queue.length === 2)).data.queue.map((h: { key: string }) => h.key)).toEqual([people[1]!.key, people[2]!.key]);
    expect((await people[3]!.agent.post(`/api/workshops/${w.id}/hands`, { raised: false, key: people[1]!.key })).statusCode).toBe(400);
    expect((await anonymous.post(`/api/workshops/${w.id}/hands`, { raised: true })).statusCode).toBe(401);
    const after = (await people[1]!.agent.post(`/api/workshops/${w.id}/hands`, { raised: false })).json().items;
    expect(after.map((h: { key: string }) => h.key)).toEqual([people[2]!.key]);

    // Each table votes; the combined plenary round is announced with the combined numbers.
    const rounds: string[] = [];
    for (const table of [1, 2]) {
      const r = (await facilitator.post('/api/processes/tables/rounds', { title: 'Priorities', method: 'dots', workshopId: w.id, tableNo: table, proposalIds: ids })).json();
      await facilitator.post(`/api/rounds/${r.id}/open`);
      rounds.push(r.id);
    }
    for (const p of people) await p.agent.put(`/api/rounds/${rounds[tableOf.get(p.key)! - 1]}/ballot`, { dots: { [ids[0]!]: 2, [ids[1]!]: 1 } });
    const combined = (await facilitator.post(`/api/workshops/${w.id}/tables/combine`, { roundIds: rounds, title: 'Priorities, all tables' })).json();
    const event = await ws.next((m) => m.event === 'rounds/closed' && m.data.roundId === combined.id);
    expect(event.data).toMatchObject({ state: 'closed', revealed: true, participants: 4, combinedFrom: rounds });
    expect(event.data.items.slice(0, 2).map((i: { proposalId: string; score: number }) => [i.proposalId, i.score])).toEqual([[ids[0], 8], [ids[1], 4]]);
    ws.ws.terminate();
  });
});
