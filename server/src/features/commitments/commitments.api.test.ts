import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, anotherApp, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs, type TestSocket } from '../../test/ws-client.ts';

let t: TestApp;
let admin: Agent;
let drafter: Agent & { userId?: string };
let drafter2: Agent & { userId?: string };
let resident: Agent;
let sources: string[] = [];

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('plan'));
  await admin.post('/api/processes/plan/active-phase', { kind: 'open-call' });
  for (const title of ['Personal data protection', 'Participatory climate action']) {
    sources.push((await admin.post('/api/processes/plan/proposals', { title, body: title, area: 'digital-governance', sector: 'executive' })).json().id);
  }
  await admin.post('/api/processes/plan/selection', { proposalIds: sources });
  await admin.put('/api/processes/plan/commitment-numbering', { prefix: 'ARBA', start: 7 });
  await admin.post('/api/processes/plan/active-phase', { kind: 'drafting' });
  [drafter, drafter2] = await residents(t, 2, 'drafter') as [Agent, Agent];
  resident = (await residents(t, 1, 'resident'))[0]!;
  for (const d of [drafter, drafter2]) await admin.post('/api/processes/plan/members', { userId: d.userId, role: 'drafter' });
});
afterAll(async () => { await t.close(); });

async function newCommitment(title = 'Evaluate and strengthen personal data protection') {
  const res = await drafter.post('/api/processes/plan/commitments', { title, sourceProposalIds: [sources[0]], area: 'digital-governance' });
  expect(res.statusCode).toBe(201);
  const c = res.json();
  await admin.post(`/api/commitments/${c.id}/drafters`, { userId: drafter2.userId });
  return c;
}

describe('commitments', () => {
  it('drafters start commitments from selected proposals, numbered from the process prefix', async () => {
    const c = await newCommitment();
    expect(c).toMatchObject({ reference: 'ARBA0007', state: 'drafting', version: 0, sources: [sources[0]], canEdit: true });
    expect((await newCommitment('Participatory climate action plan')).reference).toBe('ARBA0008');
    expect((await resident.post('/api/processes/plan/commitments', { title: 'Not mine', sourceProposalIds: [sources[0]], area: 'justice' })).statusCode).toBe(403);
    expect((await resident.get(`/api/commitments/${c.id}`)).statusCode).toBe(404);
    // The proposal shows which commitments it fed: drafts only to those who may read them.
    const fed = (await drafter.get(`/api/proposals/${sources[0]}/commitments`)).json().items;
    expect(fed.map((x: { reference: string }) => x.reference)).toEqual(['ARBA0007', 'ARBA0008']);
    expect(fed[0]).toEqual({ id: c.id, reference: 'ARBA0007', title: c.title, state: 'drafting' });
    expect((await resident.get(`/api/proposals/${sources[0]}/commitments`)).json().items).toEqual([]);
    expect((await resident.get(`/api/proposals/${sources[1]}/commitments`)).json().items).toEqual([]);
    const unselected = (await admin.post('/api/processes', processBody('other-plan'))).json();
    expect(unselected.slug).toBe('other-plan');
  });

  it('PATCH needs the current baseVersion; a stale one → 409 stale-version; non-drafters → 403', async () => {
    const c = await newCommitment();
    const first = await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 0, leadInstitution: 'Data protection office', startsOn: '2025-06-01', milestones: [{ title: 'Diagnosis published', endsOn: '2025-12-31' }], fields: { problem: 'Data is shared without consent.' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, leadInstitution: 'Data protection office', startsOn: '2025-06-01', fields: { problem: 'Data is shared without consent.' }, milestones: [{ title: 'Diagnosis published', endsOn: '2025-12-31', status: 'not-started' }] });
    const stale = await drafter2.patch(`/api/commitments/${c.id}`, { baseVersion: 0, contact: 'x@example.org' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale-version');
    expect((await resident.patch(`/api/commitments/${c.id}`, { baseVersion: 1, contact: 'x' })).statusCode).toBe(404);
    await admin.post('/api/processes/plan/members', { userId: (resident as Agent & { userId?: string }).userId, role: 'drafter' });
    expect((await resident.patch(`/api/commitments/${c.id}`, { baseVersion: 1, contact: 'x' })).statusCode).toBe(403);
    expect((await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 1, startsOn: '2025-13-40' })).statusCode).toBe(400);
  });

  it('names versions and gives a per-field word diff', async () => {
    const c = await newCommitment();
    await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 0, fields: { problem: 'The city publishes data late' } });
    const a = (await drafter.post(`/api/commitments/${c.id}/versions`, { label: 'first draft' })).json();
    await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 1, fields: { problem: 'The city publishes open data on time' } });
    const b = (await drafter.post(`/api/commitments/${c.id}/versions`, { label: 'for consultation' })).json();
    expect((await drafter.get(`/api/commitments/${c.id}/versions`)).json().items.map((v: { label: string }) => v.label)).toEqual(['first draft', 'for consultation']);
    const diff = (await drafter.get(`/api/commitments/${c.id}/diff?from=${a.id}&to=${b.id}`)).json().items;
    expect(diff).toHaveLength(1);
    const parts = diff[0].parts;
    expect(diff[0].field).toBe('problem');
    expect(parts.filter((p: { added: boolean }) => p.added).map((p: { value: string }) => p.value.trim())).toEqual(['open', 'on time']);
    expect(parts.filter((p: { removed: boolean }) => p.removed).map((p: { value: string }) => p.value.trim())).toEqual(['late']);
    expect((await drafter.get(`/api/commitments/${c.id}/diff?from=nope`)).statusCode).toBe(400);
  });
});

/** A co-editor: a local Y.Doc kept in sync with the room. */
async function editor(app = t.app, agent: Agent, id: string) {
  const ws: TestSocket = await connectWs(app, agent.cookieHeader());
  const doc = new Y.Doc();
  ws.send({ type: 'join', room: `commitment:${id}` });
  const joined = await ws.next((m) => m.type === 'joined');
  Y.applyUpdate(doc, Buffer.from(joined.snapshot.yjs, 'base64'));
  ws.ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    if (m.event === 'commitment/yjs') Y.applyUpdate(doc, Buffer.from(m.data.update, 'base64'), 'remote');
  });
  doc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'remote') ws.send({ type: 'yjs', room: `commitment:${id}`, update: Buffer.from(u).toString('base64') }); });
  return { sock: ws, ws: ws.ws, doc };
}
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 20)); }
};

describe('live co-editing', () => {
  it('two editors type in one field at once, one of them offline for a while; all edits survive a restart', async () => {
    const c = await newCommitment();
    await drafter.patch(`/api/commitments/${c.id}`, { baseVersion: 0, fields: { description: 'Middle.' } });
    const a = await editor(t.app, drafter, c.id);
    const b = await editor(t.app, drafter2, c.id);
    a.doc.getText('description').insert(0, 'Start. ');
    b.doc.getText('description').insert(b.doc.getText('description').length, ' End.');
    await until(() => a.doc.getText('description').toString() === b.doc.getText('description').toString() && a.doc.getText('description').length > 15);
    expect(a.doc.getText('description').toString()).toBe('Start. Middle. End.');

    // B goes offline, keeps typing, comes back: its edits merge with what A did meanwhile.
    b.ws.terminate();
    const offline = b.doc;
    offline.getText('description').insert(0, '[B offline] ');
    a.doc.getText('description').insert(a.doc.getText('description').length, ' [A meanwhile]');
    const back = await editor(t.app, drafter2, c.id);
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(offline)); // sends B's offline edits as one update
    await until(() => a.doc.getText('description').toString().includes('[B offline]') && back.doc.getText('description').toString().includes('[A meanwhile]'));
    const text = a.doc.getText('description').toString();
    expect(back.doc.getText('description').toString()).toBe(text);
    // Wait until the server has stored everything both sent.
    for (let i = 0; i < 100 && (await drafter.get(`/api/commitments/${c.id}`)).json().fields.description !== text; i++) await new Promise((r) => setTimeout(r, 30));

    const restarted = await anotherApp(t);
    try {
      const fresh = await editor(restarted.app, drafter, c.id);
      expect(fresh.doc.getText('description').toString()).toBe(text);
      expect((await new Agent(restarted.app).request('GET', `/api/commitments/${c.id}`, undefined, { headers: { cookie: drafter.cookieHeader() } })).json().fields.description).toBe(text);
      fresh.doc.getText('problem').insert(0, 'From the other server.');
      await until(() => fresh.doc.getText('problem').length > 0);
      if (t.url) {
        // On PostgreSQL, an edit on one server process reaches an editor on the other.
        await until(() => a.doc.getText('problem').toString() === 'From the other server.');
      } else {
        await fresh.sock.next((m) => m.event === 'commitment/yjs');
        expect((await drafter.get(`/api/commitments/${c.id}`)).json().fields.problem).toBe('From the other server.');
      }
      fresh.ws.terminate();
    } finally {
      await restarted.close();
    }
    for (const s of [a, back]) s.ws.terminate();
  });

  it('refuses malformed updates and edits by non-drafters, keeping the socket open', async () => {
    const c = await newCommitment();
    const a = await editor(t.app, drafter, c.id);
    a.sock.send({ type: 'yjs', room: `commitment:${c.id}`, update: Buffer.from('garbage!').toString('base64') });
    expect(await a.sock.next((m) => m.type === 'error')).toMatchObject({ code: 'validation' });
    a.sock.send({ type: 'ping' });
    await a.sock.next((m) => m.type === 'pong');
    const [stranger] = await residents(t, 1, 'stranger');
    await admin.post('/api/processes/plan/members', { userId: (stranger as Agent & { userId?: string }).userId, role: 'forum-member', sector: 'academia' });
    const reader = await editor(t.app, stranger!, c.id);
    reader.doc.getText('problem').insert(0, 'Not allowed');
    expect(await reader.sock.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    expect((await drafter.get(`/api/commitments/${c.id}`)).json().fields.problem).toBe('');
    reader.ws.terminate();
    const outsider = await connectWs(t.app, admin.cookieHeader());
    outsider.send({ type: 'yjs', room: `commitment:${c.id}`, update: 'AA==' });
    expect(await outsider.next((m) => m.type === 'error')).toMatchObject({ code: 'validation' });
    a.ws.terminate();
    outsider.ws.terminate();
  });
});
