/**
 * Bad input never gives a 500: every route of the OpenAPI document, as an anonymous visitor and
 * as an admin, gets malformed ids, bodies and query strings, and must answer below 500 with
 * problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, testApp, type TestApp } from '../../server/src/test/harness.ts';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('fuzz'));
  await admin.post('/api/processes/fuzz/active-phase', { kind: 'open-call' });
});
afterAll(async () => { await t.close(); });

const PARAM_VALUES = ['fuzz', 'x', '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%00', 'a'.repeat(300), '-1', 'proposals', 'commitments'];
const BODIES: unknown[] = [
  undefined, {}, [], 'text', 42, null, { title: 5, body: [], area: {}, kind: 'x', code: '', ballot: { dots: { a: -1 } } },
  { slug: 'fuzz', title: 'x'.repeat(10_000), phases: [{}] }, { items: [{}] }, { proposalIds: ['x'] }, { value: 7 }, { sourceIds: [1, 2] },
];
const QUERIES = ['', '?limit=-1', '?cursor=abc', '?sort=zzz', '?lang=xx&q=%27%3B', '?format=exe', '?limit=1e9', '?q=' + 'é'.repeat(300)];

describe('bad input never gives a 500', () => {
  it('holds for every route, anonymous and admin', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let requests = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
        for (const [i, value] of PARAM_VALUES.entries()) {
          const url = path.replace(/\{[^}]+\}/g, encodeURIComponent(value)) + QUERIES[i % QUERIES.length]!;
          for (const agent of [admin, new Agent(t.app, '10.77.0.1')]) {
            const bodies = method === 'GET' ? [undefined] : [BODIES[i % BODIES.length], BODIES[(i + 5) % BODIES.length]];
            for (const body of bodies) {
              const res = await agent.request(method as 'GET', url, body);
              requests++;
              if (res.statusCode >= 500) failures.push(`${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
              else if (res.statusCode >= 400) expect(res.headers['content-type'], `${method} ${url}`).toContain('application/problem+json');
            }
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 240_000);
});
