import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Agent;
beforeAll(async () => { t = await testApp(); admin = await adminAgent(t); });
afterAll(async () => { await t.close(); });

describe('processes and phases', () => {
  it('an admin creates a process; anyone reads it with its phases and timeline', async () => {
    const res = await admin.post('/api/processes', processBody('city-plan-2026'));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ slug: 'city-plan-2026', language: 'en', activePhase: null });
    expect(p.phases.map((x: { kind: string }) => x.kind)).toEqual(['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted']);
    expect(p.timeline).toHaveLength(1);
    expect(p.timeline[0]).toMatchObject({ action: 'created', actorName: 'Admin' });

    const pub = await t.app.inject({ url: '/api/processes/city-plan-2026' });
    expect(pub.statusCode).toBe(200);
    const list = (await t.app.inject({ url: '/api/processes' })).json();
    expect(list.items.map((x: { slug: string }) => x.slug)).toContain('city-plan-2026');
    expect(list.total).toBeGreaterThanOrEqual(1);
  });

  it('opens a phase, one at a time, and records it in the public timeline', async () => {
    await admin.post('/api/processes', processBody('phase-test'));
    const open = await admin.post('/api/processes/phase-test/active-phase', { kind: 'open-call' });
    expect(open.statusCode).toBe(200);
    expect(open.json().activePhase).toBe('open-call');
    const next = await admin.post('/api/processes/phase-test/active-phase', { kind: 'prioritisation' });
    expect(next.json().activePhase).toBe('prioritisation');
    const timeline = (await t.app.inject({ url: '/api/processes/phase-test' })).json().timeline;
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(['created', 'phase-opened', 'phase-opened']);
    expect(timeline[1].detail).toEqual({ kind: 'open-call', outsideSchedule: false });
    // prioritisation was planned to start in two weeks: opening it now departs from the schedule.
    expect(timeline[2].detail).toEqual({ kind: 'prioritisation', outsideSchedule: true });
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('action', '=', 'process.phase-opened').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('reschedules and records the change; refuses to drop the open phase', async () => {
    await admin.post('/api/processes', processBody('resched'));
    await admin.post('/api/processes/resched/active-phase', { kind: 'open-call' });
    const body = processBody('resched', 3);
    const res = await admin.put('/api/processes/resched/phases', { phases: body.phases });
    expect(res.statusCode).toBe(200);
    expect(res.json().timeline.at(-1).action).toBe('phases-changed');
    const drop = await admin.put('/api/processes/resched/phases', { phases: body.phases.slice(1) });
    expect(drop.statusCode).toBe(409);
  });

  it('opening a phase the schedule does not have → 409; an unknown kind → 400', async () => {
    const body = processBody('short');
    await admin.post('/api/processes', { ...body, phases: body.phases.slice(0, 2) });
    expect((await admin.post('/api/processes/short/active-phase', { kind: 'adopted' })).statusCode).toBe(409);
    expect((await admin.post('/api/processes/short/active-phase', { kind: 'party' })).statusCode).toBe(400);
    expect((await admin.post('/api/processes/nope/active-phase', { kind: 'open-call' })).statusCode).toBe(404);
  });

  it('a resident gets 403 and an anonymous visitor 401 on admin actions; nothing changes', async () => {
    const resident = new Agent(t.app);
    await resident.signUp('resident@example.org');
    expect((await resident.post('/api/processes', processBody('sneaky'))).statusCode).toBe(403);
    expect((await resident.post('/api/processes/city-plan-2026/active-phase', { kind: 'drafting' })).statusCode).toBe(403);
    expect((await new Agent(t.app).post('/api/processes', processBody('sneaky'))).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/processes/sneaky' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/processes/city-plan-2026' })).json().activePhase).toBeNull();
  });

  it('validates processes: duplicate slug 409, phases out of order or ending before they start 400', async () => {
    expect((await admin.post('/api/processes', processBody('city-plan-2026'))).statusCode).toBe(409);
    const body = processBody('bad-order');
    const reversed = await admin.post('/api/processes', { ...body, phases: [...body.phases].reverse() });
    expect(reversed.statusCode).toBe(400);
    const backwards = await admin.post('/api/processes', { ...body, phases: [{ kind: 'open-call', startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z' }] });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].path).toBe('body.phases.0.endsAt');
    expect((await admin.post('/api/processes', { ...body, slug: 'Bad Slug!' })).json().errors[0].path).toBe('body.slug');
  });

  it('adds members with roles; a forum member needs a sector; memberships show in /api/me', async () => {
    const member = new Agent(t.app);
    const user = await member.signUp('forum@example.org');
    expect((await admin.post('/api/processes/city-plan-2026/members', { userId: user.id, role: 'forum-member' })).statusCode).toBe(400);
    const ok = await admin.post('/api/processes/city-plan-2026/members', { userId: user.id, role: 'forum-member', sector: 'academia', organisation: 'UNSAM' });
    expect(ok.statusCode).toBe(201);
    const me = (await member.get('/api/me')).json();
    expect(me.memberships).toEqual([{ processId: expect.any(String), processSlug: 'city-plan-2026', role: 'forum-member', sector: 'academia', organisation: 'UNSAM' }]);
    expect((await admin.post('/api/processes/city-plan-2026/members', { userId: '00000000-0000-4000-8000-000000000000', role: 'drafter' })).statusCode).toBe(404);
    expect((await member.post('/api/processes/city-plan-2026/members', { userId: user.id, role: 'facilitator' })).statusCode).toBe(403);
  });

  it('concurrent phase openings leave one active phase and one timeline entry each', async () => {
    await admin.post('/api/processes', processBody('race'));
    const kinds = ['open-call', 'prioritisation', 'drafting', 'open-call', 'consultation'];
    const results = await Promise.all(kinds.map((kind) => admin.post('/api/processes/race/active-phase', { kind })));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const p = (await t.app.inject({ url: '/api/processes/race' })).json();
    const opened = p.timeline.filter((e: { action: string }) => e.action === 'phase-opened');
    expect(opened.at(-1).detail.kind).toBe(p.activePhase);
    expect(opened.length).toBeGreaterThanOrEqual(4);
  });

  it('paginates the process list with a cursor', async () => {
    const first = (await t.app.inject({ url: '/api/processes?limit=2' })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await t.app.inject({ url: `/api/processes?limit=2&cursor=${first.nextCursor}` })).json();
    expect(second.items[0].slug).not.toBe(first.items[1].slug);
    const seen = new Set([...first.items, ...second.items].map((x: { slug: string }) => x.slug));
    expect(seen.size).toBe(4);
  });
});
