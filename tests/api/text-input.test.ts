/**
 * A NUL (U+0000) or an unpaired UTF-16 surrogate in any text input is a 400 `validation` naming
 * the field, over HTTP (bodies, query strings, route parameters, JSON and CSV imports) and over
 * the websocket, and changes no row. Before the shared text schema, PostgreSQL refused these
 * strings inside the transaction and the caller got a 500.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_META } from '../../server/src/features/plan/test-fixtures.ts';
import { Agent, processBody, testApp, type TestApp } from '../../server/src/test/harness.ts';
import { connectWs } from '../../server/src/test/ws-client.ts';
import { countChanges, rowCounter, type RowCounts } from './row-counts.ts';
import { buildWorld, type World } from './world.ts';

let t: TestApp;
let w: World;
let counts: () => Promise<RowCounts>;
let before: RowCounts;
let joinCode: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildWorld(t);
  counts = await rowCounter(t.db);
  joinCode = (await w.admin.get(`/api/workshops/${w.ids.workshop}`)).json().code;
  before = await counts();
}, 120_000);
afterAll(async () => { await t?.close(); });

const FLAWS = [
  { name: 'NUL', value: 'a\u0000b', message: 'must not contain the NUL character (U+0000)' },
  { name: 'lone high surrogate', value: 'a\ud800b', message: 'must not contain an unpaired surrogate (text that is not valid Unicode)' },
  { name: 'lone low surrogate', value: '\udc00ab', message: 'must not contain an unpaired surrogate (text that is not valid Unicode)' },
] as const;

type Who = 'anonymous' | 'resident' | 'other' | 'admin' | 'guest';
interface Case {
  who: Who; method: 'POST' | 'PUT' | 'PATCH' | 'GET'; url: () => string; body?: (s: string) => unknown; path: string;
  /** A raw (non-JSON) body: UTF-8 cannot carry a lone surrogate at all, so only a NUL can arrive that way. */
  contentType?: string;
  /** Rows of an import: their messages are the import's own (`row 2: ...`), so only the path is checked. */
  row?: true;
}

const day = new Date(Date.now() + 86_400_000).toISOString();
const agent = (who: Who) => (who === 'anonymous' ? new Agent(t.app, '10.55.0.1') : w[who]);

/** Every text input the issue found giving 500 (and more): the route, who sends it, where the bad string goes, the field named. */
const CASES: Case[] = [
  { who: 'anonymous', method: 'POST', url: () => '/api/auth/register', body: (s) => ({ email: 'someone@example.org', password: 'xxxxxxxxxx', displayName: s }), path: 'body.displayName' },
  { who: 'anonymous', method: 'POST', url: () => '/api/auth/register', body: (s) => ({ email: 'someone@example.org', password: `xxxxxxxxxx${s}`, displayName: 'Someone' }), path: 'body.password' },
  { who: 'resident', method: 'PATCH', url: () => '/api/me', body: (s) => ({ displayName: s }), path: 'body.displayName' },
  { who: 'resident', method: 'POST', url: () => `/api/processes/${w.slugs.open}/proposals`, body: (s) => ({ title: `Title ${s}`, body: 'Body', area: 'justice', sector: 'resident' }), path: 'body.title' },
  { who: 'resident', method: 'POST', url: () => `/api/processes/${w.slugs.open}/proposals`, body: (s) => ({ title: 'A title', body: s, area: 'justice', sector: 'resident', organisation: 'Org' }), path: 'body.body' },
  { who: 'resident', method: 'POST', url: () => `/api/processes/${w.slugs.open}/proposals`, body: (s) => ({ title: 'A title', body: 'Body', area: 'justice', sector: 'resident', organisation: s }), path: 'body.organisation' },
  { who: 'resident', method: 'PATCH', url: () => `/api/proposals/${w.ids.proposal}`, body: (s) => ({ body: s }), path: 'body.body' },
  { who: 'admin', method: 'POST', url: () => `/api/proposals/${w.ids.proposal}/answer`, body: (s) => ({ state: 'accepted', answer: s }), path: 'body.answer' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/proposals/merge`, body: (s) => ({ sourceIds: [w.ids.proposal, w.ids.proposal2], title: 'Merged title', body: s }), path: 'body.body' },
  { who: 'other', method: 'POST', url: () => `/api/proposals/${w.ids.proposal}/comments`, body: (s) => ({ body: s }), path: 'body.body' },
  { who: 'other', method: 'PATCH', url: () => `/api/comments/${w.ids.comment}`, body: (s) => ({ body: s }), path: 'body.body' },
  { who: 'resident', method: 'POST', url: () => '/api/reports', body: (s) => ({ targetType: 'proposals', targetId: w.ids.proposal2, reason: 'other', details: s }), path: 'body.details' },
  { who: 'admin', method: 'POST', url: () => '/api/processes', body: (s) => ({ ...processBody('nul-process'), title: `Process ${s}` }), path: 'body.title' },
  { who: 'admin', method: 'POST', url: () => '/api/processes', body: (s) => ({ ...processBody('nul-process'), description: s }), path: 'body.description' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/members`, body: (s) => ({ userId: w.ids.otherId, role: 'forum-member', organisation: s }), path: 'body.organisation' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/workshops`, body: (s) => ({ title: `Workshop ${s}`, agenda: [{ title: 'x' }], startsAt: day, mode: 'online' }), path: 'body.title' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/workshops`, body: (s) => ({ title: 'Workshop', agenda: [{ title: s }], startsAt: day, mode: 'online' }), path: 'body.agenda.0.title' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/workshops`, body: (s) => ({ title: 'Workshop', agenda: [{ title: 'x' }], startsAt: day, mode: 'online', videoUrl: `https://video.example/${s}` }), path: 'body.videoUrl' },
  { who: 'anonymous', method: 'POST', url: () => '/api/workshops/join', body: (s) => ({ code: joinCode, displayName: s }), path: 'body.displayName' },
  { who: 'guest', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/questions`, body: (s) => ({ body: `Why ${s}?` }), path: 'body.body' },
  { who: 'admin', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/broadcast`, body: (s) => ({ message: s }), path: 'body.message' },
  { who: 'admin', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/participants/remove`, body: (s) => ({ key: s }), path: 'body.key' },
  { who: 'admin', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/hands/lower`, body: (s) => ({ key: s }), path: 'body.key' },
  { who: 'admin', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/tables`, body: (s) => ({ count: 2, strategy: 'manual', assignments: { [s]: 1 } }), path: 'body.assignments' },
  { who: 'admin', method: 'POST', url: () => `/api/workshops/${w.ids.workshop}/tables/combine`, body: (s) => ({ roundIds: [w.ids.round], title: `All ${s}` }), path: 'body.title' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.prio}/rounds`, body: (s) => ({ title: `Round ${s}`, method: 'dots', dotsPerParticipant: 3 }), path: 'body.title' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.prio}/rounds`, body: (s) => ({ title: 'A poll', method: 'poll', options: ['yes', s] }), path: 'body.options.1' },
  { who: 'resident', method: 'PUT', url: () => `/api/rounds/${w.ids.round}/ballot`, body: (s) => ({ dots: { [s]: 1 } }), path: 'body' },
  { who: 'resident', method: 'PUT', url: () => `/api/rounds/${w.ids.round}/ballot`, body: (s) => ({ ranking: [s] }), path: 'body' },
  { who: 'resident', method: 'POST', url: () => `/api/rounds/${w.ids.round}/comparisons`, body: (s) => ({ winnerId: s, loserId: w.ids.proposal }), path: 'body' },
  { who: 'admin', method: 'POST', url: () => `/api/rounds/${w.ids.round}/paper-ballots`, body: (s) => ({ ballot: { dots: {} }, label: s }), path: 'body.label' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.draft}/commitments`, body: (s) => ({ title: `Commitment ${s}`, sourceProposalIds: [w.ids.proposal], area: 'justice' }), path: 'body.title' },
  { who: 'admin', method: 'PATCH', url: () => `/api/commitments/${w.ids.commitment}`, body: (s) => ({ baseVersion: 0, fields: { problem: s } }), path: 'body.fields.problem' },
  { who: 'admin', method: 'PATCH', url: () => `/api/commitments/${w.ids.commitment}`, body: (s) => ({ baseVersion: 0, milestones: [{ title: s }] }), path: 'body.milestones.0.title' },
  { who: 'admin', method: 'PATCH', url: () => `/api/commitments/${w.ids.commitment}`, body: (s) => ({ baseVersion: 0, supportingStakeholders: { government: [s] } }), path: 'body.supportingStakeholders.government.0' },
  { who: 'admin', method: 'PATCH', url: () => `/api/commitments/${w.ids.commitment}`, body: (s) => ({ baseVersion: 0, contact: s }), path: 'body.contact' },
  { who: 'admin', method: 'POST', url: () => `/api/commitments/${w.ids.commitment}/versions`, body: (s) => ({ label: s }), path: 'body.label' },
  { who: 'other', method: 'POST', url: () => `/api/commitments/${w.ids.consultCommitment}/comments`, body: (s) => ({ body: 'Add a date.', anchor: { field: 'problem', quote: s } }), path: 'body.anchor.quote' },
  { who: 'other', method: 'POST', url: () => `/api/commitments/${w.ids.consultCommitment}/comments`, body: (s) => ({ body: 'Add a date.', anchor: { field: s } }), path: 'body.anchor.field' },
  { who: 'admin', method: 'POST', url: () => `/api/comments/${w.ids.consultComment}/response`, body: (s) => ({ outcome: 'accepted', text: s }), path: 'body.text' },
  { who: 'admin', method: 'PUT', url: () => `/api/processes/${w.slugs.plan}/plan`, body: (s) => ({ ...PLAN_META, forum: s }), path: 'body.forum' },
  { who: 'admin', method: 'PUT', url: () => `/api/processes/${w.slugs.plan}/plan`, body: (s) => ({ ...PLAN_META, ogpPageUrl: `https://ogp.example/${s}` }), path: 'body.ogpPageUrl' },
  { who: 'other', method: 'POST', url: () => `/api/processes/${w.slugs.plan}/endorsements`, body: (s) => ({ organisation: `Org ${s}`, representative: 'Ana', role: 'Chair' }), path: 'body.organisation' },
  { who: 'other', method: 'POST', url: () => `/api/processes/${w.slugs.plan}/endorsements`, body: (s) => ({ organisation: 'Org', representative: 'Ana', role: 'Chair', statement: s }), path: 'body.statement' },
  { who: 'admin', method: 'PATCH', url: () => `/api/milestones/${w.ids.milestone}`, body: (s) => ({ status: 'in-progress', progress: 30, note: s }), path: 'body.note' },
  { who: 'admin', method: 'PATCH', url: () => `/api/milestones/${w.ids.milestone}`, body: (s) => ({ status: 'in-progress', progress: 30, evidenceUrl: `https://e.example/${s}` }), path: 'body.evidenceUrl' },
  { who: 'admin', method: 'POST', url: () => `/api/milestone-updates/${w.ids.milestoneUpdate}/notes`, body: (s) => ({ body: s }), path: 'body.body' },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.plan}/meetings`, body: (s) => ({ heldOn: '2025-05-01', title: `Forum ${s}`, kind: 'forum' }), path: 'body.title' },
  { who: 'admin', method: 'PUT', url: () => `/api/processes/${w.slugs.plan}/reported-figures`, body: (s) => ({ inputsReported: 10, note: s }), path: 'body.note' },
  { who: 'anonymous', method: 'POST', url: () => '/api/markdown/preview', body: (s) => ({ body: s }), path: 'body.body' },
  // Imports: the rows are checked with the same shared schemas; the path names the row.
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/import`, body: (s) => [{ title: 'Imported one', body: 'Body', area: 'justice' }, { title: 'Imported two', body: s, area: 'justice' }], path: '1.body', row: true },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.open}/import`, body: (s) => `title,body,area\nImported one,Body,justice\nImported two,"${s}",justice\n`, contentType: 'text/csv', path: '1.body', row: true },
  { who: 'admin', method: 'POST', url: () => `/api/processes/${w.slugs.plan}/progress-import`, body: (s) => [{ milestoneId: w.ids.milestone, status: 'completed', progress: 100, note: s }], path: '0.note', row: true },
];

async function send(c: Case, s: string) {
  const body = c.body?.(s);
  if (typeof body === 'string') return agent(c.who).request(c.method, c.url(), undefined, { rawBody: body, headers: { 'content-type': c.contentType ?? 'text/plain' } });
  return agent(c.who).request(c.method, c.url(), body);
}

/** The problem is a 400 validation naming `path` (or, for record keys and unions, a field below it). */
function expectRefusal(res: { statusCode: number; headers: Record<string, unknown>; json: () => any; body: string }, path: string, message?: string) {
  expect(res.statusCode, res.body.slice(0, 400)).toBe(400);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const problem = res.json();
  expect(problem.code).toBe('validation');
  const named = (problem.errors as { path: string; message: string }[]).filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.endsWith(`.${path}`));
  expect(named, JSON.stringify(problem.errors)).not.toHaveLength(0);
  if (message) expect(named.map((e) => e.message)).toContain(message);
}

describe('a NUL or a lone surrogate in a text input', () => {
  it('is refused with 400 naming the field, anonymously: the issue\'s reproduction', async () => {
    const res = await new Agent(t.app, '10.55.0.9').post('/api/auth/register', { email: 'someone@example.org', password: 'xxxxxxxxxx', displayName: '\u0000' });
    expectRefusal(res, 'body.displayName', FLAWS[0].message);
    const es = await new Agent(t.app, '10.55.0.9').request('POST', '/api/auth/register', { email: 'someone@example.org', password: 'xxxxxxxxxx', displayName: '\ud800' }, { headers: { 'accept-language': 'es' } });
    expectRefusal(es, 'body.displayName', 'no puede contener un sustituto UTF-16 sin pareja (texto que no es Unicode válido)');
    expect(countChanges(before, await counts())).toEqual([]);
  });

  for (const flaw of FLAWS) {
    it(`(${flaw.name}) is a 400 naming the field on every route that takes text, and changes no row`, async () => {
      const failures: string[] = [];
      for (const c of CASES.filter((k) => !k.contentType || flaw.name === 'NUL')) {
        const res = await send(c, flaw.value);
        try {
          // Record keys and union members name their field with zod's own message; the rest say what is wrong.
          expectRefusal(res, c.path, c.row || c.path === 'body' || c.path.endsWith('assignments') ? undefined : flaw.message);
        } catch (err) {
          failures.push(`${c.method} ${c.url()} ${c.path}: ${(err as Error).message.split('\n')[0]} — ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(countChanges(before, await counts())).toEqual([]);
    }, 60_000);
  }

  it('in a query string or a route parameter is a 400, not a database error', async () => {
    for (const url of [`/api/processes/${w.slugs.open}/proposals?q=budget%00`, `/api/processes/${w.slugs.open}/proposals?sort=random&seed=a%00`, `/api/processes?lang=e%00n`]) {
      const res = await w.resident.get(url);
      expectRefusal(res, 'querystring', undefined);
      expect(res.json().errors[0].message).toBe(FLAWS[0].message);
    }
    for (const url of ['/api/processes/fz%00open', `/api/proposals/${w.ids.proposal!.slice(0, -1)}%00`, '/api/processes/%ED%A0%80', '/api/rounds/%00/results']) {
      const res = await w.admin.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      // The router refuses an escape that is not UTF-8 before the schema sees it (`bad-request`, no field).
      if (res.json().code === 'validation') expect(res.json().errors[0].path).toMatch(/^params\./);
      else expect(res.json().code).toBe('bad-request');
    }
    expect(countChanges(before, await counts())).toEqual([]);
  });

  it('inside a pagination cursor is a 400 naming the cursor', async () => {
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const url of [
      `/api/processes?cursor=${cursor(['2025-01-01T00:00:00.000Z', 'x\u0000'])}`,
      `/api/processes?cursor=${cursor(['not a date', '00000000-0000-4000-8000-000000000000'])}`,
      `/api/processes/${w.slugs.open}/proposals?sort=random&seed=abc&cursor=${cursor(['\u0000', 1])}`,
      `/api/processes/${w.slugs.open}/proposals?sort=supports&cursor=${cursor([1e300, 1.5])}`,
    ]) {
      const res = await w.resident.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().errors[0].path).toBe('querystring.cursor');
    }
  });

  it('over the websocket gets an error naming the field, stores nothing, and the socket stays open', async () => {
    const socket = await connectWs(t.app, w.resident.cookieHeader());
    const room = `commitment:${w.ids.commitment}`;
    socket.send({ type: 'join', room });
    const joined = await socket.next((m) => m.type === 'joined' && m.room === room);
    // A drafter types a NUL into the shared text: a well-formed Yjs update whose text PostgreSQL cannot hold.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(joined.snapshot.yjs, 'base64'));
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => { update = u; });
    doc.getText('problem').insert(0, 'typed \u0000 here');
    socket.send({ type: 'yjs', room, update: Buffer.from(update!).toString('base64') });
    const refused = await socket.next((m) => m.type === 'error' && m.code === 'validation');
    expect(refused.errors).toEqual([{ path: 'fields.problem', message: FLAWS[0].message }]);

    // Text fields of the messages themselves.
    socket.send({ type: 'ballot', roundId: w.ids.round, ballot: { dots: {} }, ref: 'r\u0000' });
    const badRef = await socket.next((m) => m.type === 'error' && m.code === 'bad-message');
    expect(badRef.errors).toEqual([{ path: 'ref', message: FLAWS[0].message }]);
    socket.send({ type: 'ballot', roundId: `${w.ids.round}\ud800` , ballot: { dots: {} } });
    await socket.next((m) => m.type === 'error' && m.errors?.[0]?.path === 'roundId' && m.errors[0].message === FLAWS[1].message);

    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    expect(socket.received.filter((m) => m.type === 'error' && m.code === 'internal')).toEqual([]);
    expect(countChanges(before, await counts())).toEqual([]);
    socket.ws.close();
  });
});
