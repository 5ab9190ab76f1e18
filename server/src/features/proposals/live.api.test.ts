import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { connectWs } from '../../test/ws-client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('live'));
  await admin.post('/api/processes/live/active-phase', { kind: 'open-call' });
});
afterAll(async () => { await t.close(); });

const body = { title: 'Live proposal', body: 'Seen by all', area: 'civic-space', sector: 'resident' };

describe('live open call', () => {
  it('everyone on the process page gets new proposals and one coalesced count per burst', async () => {
    const watcher = await connectWs(t.app);
    watcher.send({ type: 'join', room: 'process:live' });
    expect(await watcher.next((m) => m.type === 'joined')).toMatchObject({ snapshot: { activePhase: 'open-call' } });

    const [author, ...supporters] = await residents(t, 21);
    const created = (await author!.post('/api/processes/live/proposals', body)).json();
    const event = await watcher.next((m) => m.event === 'proposals/created');
    expect(event.data.proposal).toMatchObject({ id: created.id, title: 'Live proposal', supportedByMe: false });

    await Promise.all(supporters.map((s) => s.post(`/api/proposals/${created.id}/supports`)));
    const counted = await watcher.next((m) => m.event === 'proposals/supports-changed'
      && m.data.changes.some((c: { proposalId: string; supports: number }) => c.proposalId === created.id && c.supports === 20), 3000);
    expect(counted.seq).toBeGreaterThan(event.seq);
    await new Promise((r) => setTimeout(r, 400));
    const countEvents = watcher.received.filter((m) => m.event === 'proposals/supports-changed');
    // 20 supports in one burst: at most one count event per 250 ms window, not twenty.
    expect(countEvents.length).toBeLessThanOrEqual(3);
    expect(countEvents.at(-1).data.changes[0]).toMatchObject({ proposalId: created.id, supports: 20 });
    watcher.ws.terminate();
  });

  it('a reconnecting client gets what it missed from its lastSeq', async () => {
    const first = await connectWs(t.app);
    first.send({ type: 'join', room: 'process:live' });
    const joined = await first.next((m) => m.type === 'joined');
    first.ws.terminate();
    const [author] = await residents(t, 1);
    await author!.post('/api/processes/live/proposals', { ...body, title: 'While you were away' });
    const again = await connectWs(t.app);
    again.send({ type: 'join', room: 'process:live', lastSeq: joined.seq });
    const missed = await again.next((m) => m.event === 'proposals/created');
    expect(missed.data.proposal.title).toBe('While you were away');
    expect(missed.seq).toBe(joined.seq + 1);
    again.ws.terminate();
  });

  it('a proposal room exists for visible proposals only', async () => {
    const [author] = await residents(t, 1);
    const p = (await author!.post('/api/processes/live/proposals', body)).json();
    const c = await connectWs(t.app);
    c.send({ type: 'join', room: `proposal:${p.id}` });
    expect(await c.next((m) => m.type === 'joined')).toMatchObject({ snapshot: { supports: 0, state: 'submitted' } });
    await t.db.updateTable('proposals').set({ hidden: true }).where('id', '=', p.id).execute();
    const d = await connectWs(t.app);
    d.send({ type: 'join', room: `proposal:${p.id}` });
    expect(await d.next((m) => m.type === 'error')).toMatchObject({ code: 'not-allowed' });
    d.send({ type: 'join', room: 'proposal:nope' });
    expect(await d.next((m) => m.type === 'error' && m.room === 'proposal:nope')).toMatchObject({ code: 'not-allowed' });
    c.ws.terminate();
    d.ws.terminate();
  });
});
