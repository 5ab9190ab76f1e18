import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, testApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('errors are problem+json', () => {
  it('malformed JSON → 400 malformed-json', async () => {
    const a = new Agent(t.app);
    const res = await a.request('POST', '/api/auth/login', undefined, { rawBody: '{"email": "a@b.org",' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'malformed-json' });
  });

  it('a 2 MiB body → 413 too-large', async () => {
    const a = new Agent(t.app);
    const big = JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(2 * 1024 * 1024) });
    const res = await a.request('POST', '/api/auth/login', undefined, { rawBody: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('too-large');
  });

  it('unknown routes → 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not-found', status: 404 });
  });

  it('an unsupported content type → 415 problem', async () => {
    const a = new Agent(t.app);
    const res = await a.request('POST', '/api/auth/login', undefined, { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported-media-type');
  });

  it('titles follow ?lang=, then Accept-Language', async () => {
    expect((await t.app.inject({ url: '/api/processes/none?lang=fr' })).json().title).toBe('Introuvable');
    expect((await t.app.inject({ url: '/api/processes/none', headers: { 'accept-language': 'de-DE, es;q=0.8, en;q=0.5' } })).json().title).toBe('No encontrado');
    expect((await t.app.inject({ url: '/api/processes/none' })).json().title).toBe('Not found');
  });

  it('a garbage cookie or cursor is not a 500', async () => {
    expect((await t.app.inject({ url: '/api/me', cookies: { mesa_session: 'x'.repeat(5000) } })).statusCode).toBe(401);
    const res = await t.app.inject({ url: '/api/processes?cursor=%%%garbage' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('querystring.cursor');
    expect((await t.app.inject({ url: '/api/processes?limit=1000' })).statusCode).toBe(400);
  });

  it('serves /healthz and an OpenAPI document generated from the schemas', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok', db: t.engine });
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/processes', '/api/processes/{slug}/active-phase']));
    expect(doc.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect((await t.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });
});

describe('validation messages in the request language', () => {
  it('translates zod messages and the schema\'s own messages', async () => {
    const a = new Agent(t.app);
    const res = await a.request('POST', '/api/auth/register', { email: 'nope', password: 'short', displayName: 'X' }, { headers: { 'accept-language': 'es' } });
    expect(res.statusCode).toBe(400);
    const byPath = Object.fromEntries(res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath['body.email']).toMatch(/correo/i);
    expect(byPath['body.password']).toMatch(/Demasiado pequeño/);
    const fr = await a.request('POST', '/api/processes?lang=fr', { slug: 'Bad Slug', title: 'Titre', phases: [] });
    const frByPath = Object.fromEntries(fr.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(frByPath['body.slug']).toBe('utilisez des minuscules, des chiffres et des tirets simples');
  });
});
