/**
 * PUBLIC_URL (issue 13, item 10): every absolute link Mesa writes starts with the configured
 * origin. A request naming another Host (or, behind a trusted proxy, X-Forwarded-Host) never
 * gets that host into an export, a feed, a schema or a join link.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, type Agent, testApp, type TestApp } from '../../server/src/test/harness.ts';
import { draftedProcess } from '../../server/src/features/plan/test-fixtures.ts';

const PUBLIC = 'https://gobiernoabierto.example.org';
let t: TestApp;
let admin: Agent;
let workshopId: string;
let roundId: string;

beforeAll(async () => {
  // behind a trusted proxy, so forwarded headers are believed for everything but links
  t = await testApp({ publicUrl: PUBLIC, trustProxy: true });
  admin = await adminAgent(t);
  const { sources } = await draftedProcess(admin, 'links');
  const milestone = (await t.db.selectFrom('milestones').select('id').executeTakeFirstOrThrow()).id;
  const w = await admin.post('/api/processes/links/workshops', { title: 'Taller', agenda: [{ proposalId: sources[0] }], startsAt: new Date().toISOString(), mode: 'in-person' });
  expect(w.statusCode, w.body).toBe(201);
  workshopId = w.json().id;
  const round = await admin.post('/api/processes/links/rounds', { title: 'Ronda', method: 'dots', eligibility: 'residents', proposalIds: sources.slice(0, 2) });
  roundId = round.json().id;
  expect((await admin.post('/api/processes/links/adopt')).statusCode).toBe(200);
  const update = await admin.patch(`/api/milestones/${milestone}`, { status: 'in-progress', progress: 40, note: 'Avance', evidenceUrl: 'https://datos.example.org/avance' });
  expect(update.statusCode, update.body).toBe(200);
}, 60_000);
afterAll(async () => { await t?.close(); });

const HOSTILE = [
  { host: 'evil.example' },
  { host: 'evil.example:8443', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
];

/** The text of a download, zips unpacked (a .docx too). */
function textOf(res: { rawPayload: Buffer; headers: Record<string, unknown> }): string {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('zip') || type.includes('officedocument')) return Object.values(unzipSync(new Uint8Array(res.rawPayload))).map((v) => strFromU8(v)).join('\n');
  return res.rawPayload.toString('latin1');
}

describe('links start with PUBLIC_URL, never the request Host', () => {
  const urls = () => [
    '/api/processes/links/export/decidim', '/api/processes/links/export/contributions',
    '/api/processes/links/export?format=json', '/api/processes/links/export?format=csv', '/api/processes/links/export?format=csv&table=milestones',
    '/api/processes/links/export?format=docx&lang=es', '/api/processes/links/export?format=pdf&lang=es',
    '/api/processes/links/proposals/export?format=csv', '/api/processes/links/proposals/export?format=json',
    `/api/rounds/${roundId}/results/export?format=csv`,
    '/api/processes/links/updates.atom', '/api/schemas/plan.json',
    '/api/processes/links/evidence', '/api/processes/links/evidence?format=html',
    `/api/workshops/${workshopId}`,
  ];

  it('in every export, feed, schema, evidence report and join link', async () => {
    for (const headers of HOSTILE) {
      for (const url of urls()) {
        const res = await t.app.inject({ method: 'GET', url, headers: { ...headers, cookie: admin.cookieHeader() } });
        expect(res.statusCode, `${url} ${res.body.slice(0, 200)}`).toBeLessThan(400);
        expect(textOf(res), url).not.toContain('evil.example');
      }
    }
  });

  it('the links that are written are under PUBLIC_URL', async () => {
    const [headers] = HOSTILE;
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { ...headers, cookie: admin.cookieHeader() } });
    expect(textOf(await get('/api/processes/links/export/decidim'))).toContain(`${PUBLIC}/proposals/`);
    expect((await get('/api/processes/links/updates.atom')).body).toContain(`href="${PUBLIC}/api/processes/links/updates.atom"`);
    expect((await get('/api/schemas/plan.json')).json().$id).toBe(`${PUBLIC}/api/schemas/plan.json`);
    expect((await get(`/api/workshops/${workshopId}`)).json().joinUrl).toMatch(new RegExp(`^${PUBLIC}/join/`));
  });
});
