import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, type Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

let t: TestApp;
let admin: Agent;
let commitmentId: string;
let elsewhere: string;

/** A process in drafting with one commitment; returns the commitment's id. */
async function commitmentIn(slug: string, title: string) {
  await admin.post('/api/processes', processBody(slug));
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const p = (await admin.post(`/api/processes/${slug}/proposals`, { title: 'Open contracting', body: 'Publish contracts', area: 'anti-corruption', sector: 'civil-society' })).json().id;
  await admin.post(`/api/processes/${slug}/selection`, { proposalIds: [p] });
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const res = await admin.post(`/api/processes/${slug}/commitments`, { title, sourceProposalIds: [p], area: 'anti-corruption' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  commitmentId = await commitmentIn('sessions', 'Open contracting data');
  elsewhere = await commitmentIn('sessions-other', 'Someone else\'s commitment');
});
afterAll(async () => { await t.close(); });

const body = (agenda: unknown[]) => ({ title: 'Drafting session', mode: 'hybrid', startsAt: new Date().toISOString(), agenda });

describe('working sessions: commitments on a workshop agenda', () => {
  it('takes a commitment of the same process as an agenda item; the workshop and its room snapshot carry its id, title and reference', async () => {
    const res = await admin.post('/api/processes/sessions/workshops', body([{ title: 'Welcome' }, { commitmentId }]));
    expect(res.statusCode).toBe(201);
    const w = res.json();
    expect(w.agenda).toEqual([{ title: 'Welcome' }, { commitmentId, title: 'Open contracting data', reference: expect.stringMatching(/^[A-Z]+0001$/) }]);
    expect((await admin.post(`/api/workshops/${w.id}/agenda`, { current: 1 })).json().currentItem).toBe(1);

    const ws = await connectWs(t.app, admin.cookieHeader());
    ws.send({ type: 'join', room: `workshop:${w.id}` });
    const joined = await ws.next((m) => m.type === 'joined');
    expect(joined.snapshot.workshop.agenda[joined.snapshot.workshop.currentItem]).toMatchObject({ commitmentId, title: 'Open contracting data' });
    ws.ws.terminate();
  });

  it('refuses commitments of another process, unknown ids and malformed items, creating nothing', async () => {
    const before = await t.db.selectFrom('workshops').select('id').execute();
    const other = await admin.post('/api/processes/sessions/workshops', body([{ commitmentId: elsewhere }]));
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('body.agenda.0.commitmentId');
    const unknown = await admin.post('/api/processes/sessions/workshops', body([{ title: 'x' }, { commitmentId: '00000000-0000-4000-8000-000000000000' }]));
    expect(unknown.json().errors[0].path).toBe('body.agenda.1.commitmentId');
    expect((await admin.post('/api/processes/sessions/workshops', body([{ commitmentId: 'nope' }]))).statusCode).toBe(400);
    expect((await admin.post('/api/processes/sessions/workshops', body([{ commitmentId, title: 'both' }]))).statusCode).toBe(400);
    const [resident] = await residents(t, 1, 'session-resident');
    expect((await resident!.post('/api/processes/sessions/workshops', body([{ commitmentId }]))).statusCode).toBe(403);
    expect(await t.db.selectFrom('workshops').select('id').execute()).toHaveLength(before.length);
  });
});
