import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/harness.ts';
import { DEMO_SLUG, seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('demo data', () => {
  it('loads the Buenos Aires process with the 60 Open Gov Challenge commitments once, with its open call under way', async () => {
    expect(await seedDemo(t.db)).toBe(true);
    const p = (await t.app.inject({ url: `/api/processes/${DEMO_SLUG}` })).json();
    expect(p).toMatchObject({ language: 'fr', activePhase: 'open-call' });
    expect(p.title).toContain('Buenos Aires');
    const list = (await t.app.inject({ url: `/api/processes/${DEMO_SLUG}/proposals?facets=true` })).json();
    expect(list.total).toBe(60);
    expect(Object.keys(list.facets.sector).sort()).toEqual(['executive', 'independent', 'judiciary', 'legislative']);
    expect(await seedDemo(t.db)).toBe(false);
    expect((await t.app.inject({ url: `/api/processes/${DEMO_SLUG}/proposals` })).json().total).toBe(60);
  });
});
