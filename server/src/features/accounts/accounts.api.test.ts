import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('accounts', () => {
  it('registers, signs in and shows the user', async () => {
    const a = new Agent(t.app);
    const reg = await a.post('/api/auth/register', { email: 'Ana@Example.org', password: 'correct horse battery', displayName: 'Ana', locale: 'es' });
    expect(reg.statusCode).toBe(201);
    expect(reg.json()).toMatchObject({ email: 'ana@example.org', displayName: 'Ana', locale: 'es', roles: [], memberships: [] });
    const cookie = reg.cookies.find((c) => c.name === 'mesa_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');

    const b = new Agent(t.app);
    const login = await b.signIn('ana@example.org');
    expect(login.statusCode).toBe(200);
    const me = await b.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe('ana@example.org');
    const row = await t.db.selectFrom('users').select('password_hash').where('email', '=', 'ana@example.org').executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });

  it('gives a new session id at sign-in and ends it at sign-out', async () => {
    const a = new Agent(t.app);
    await a.signUp('bo@example.org');
    const first = a.cookies.get('mesa_session');
    await a.signIn('bo@example.org');
    const second = a.cookies.get('mesa_session');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // The old token no longer works.
    const stale = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { mesa_session: first! } });
    expect(stale.statusCode).toBe(401);

    const out = await a.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    const replay = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { mesa_session: second! } });
    expect(replay.statusCode).toBe(401);
    expect(replay.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a write without the CSRF token, and a token from another session', async () => {
    const a = new Agent(t.app);
    const res = await a.request('POST', '/api/auth/register', { email: 'c@example.org', password: 'correct horse battery', displayName: 'C' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf');
    const other = new Agent(t.app);
    const foreign = await other.refreshCsrf();
    const res2 = await a.request('POST', '/api/auth/register', { email: 'c@example.org', password: 'correct horse battery', displayName: 'C' }, { headers: { 'x-csrf-token': foreign }, csrf: false });
    expect(res2.statusCode).toBe(403);
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'c@example.org').executeTakeFirst()).toBeUndefined();
  });

  it('the pre-sign-in CSRF token stops working after sign-in', async () => {
    const a = new Agent(t.app);
    await a.refreshCsrf();
    const before = a.csrf;
    await a.post('/api/auth/register', { email: 'd@example.org', password: 'correct horse battery', displayName: 'D' });
    const res = await a.request('PATCH', '/api/me', { displayName: 'Dee' }, { csrf: false, headers: { 'x-csrf-token': before! } });
    expect(res.statusCode).toBe(403);
    await a.refreshCsrf();
    expect((await a.patch('/api/me', { displayName: 'Dee' })).json().displayName).toBe('Dee');
  });

  it('answers a duplicate e-mail with 409, whatever its case', async () => {
    const a = new Agent(t.app);
    await a.signUp('e@example.org');
    const res = await new Agent(t.app).post('/api/auth/register', { email: 'E@EXAMPLE.org', password: 'correct horse battery', displayName: 'E2' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('duplicate');
  });

  it('says the same for a wrong password and an unknown e-mail', async () => {
    await new Agent(t.app).signUp('f@example.org');
    const wrong = await new Agent(t.app, '10.1.0.1').signIn('f@example.org', 'wrong password!!');
    const unknown = await new Agent(t.app, '10.1.0.2').signIn('nobody@example.org', 'wrong password!!');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().title).toBe(unknown.json().title);
  });

  // Sign-in throttling: sign-in-throttle.api.test.ts.

  it('validates bodies: unknown fields and wrong types give 400 with errors[].path', async () => {
    const a = new Agent(t.app);
    const res = await a.post('/api/auth/register', { email: 'h@example.org', password: 123, displayName: 'H', admin: true });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('body.password');
    expect(res.headers['content-type']).toContain('application/problem+json');
    const short = await a.post('/api/auth/register', { email: 'h@example.org', password: 'short', displayName: 'H' });
    expect(short.json().errors[0].path).toBe('body.password');
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'h@example.org').executeTakeFirst()).toBeUndefined();
  });

  it('needs a session for /api/me and logout', async () => {
    const a = new Agent(t.app);
    expect((await a.get('/api/me')).statusCode).toBe(401);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(401);
  });

  it('changes display name and language', async () => {
    const a = new Agent(t.app);
    await a.signUp('i@example.org');
    const res = await a.patch('/api/me', { locale: 'pt' });
    expect(res.json().locale).toBe('pt');
    expect((await a.patch('/api/me', { locale: 'de' })).statusCode).toBe(400);
    // Server-made text now follows the user's language.
    expect((await a.get('/api/processes/nope')).json().title).toBe('Não encontrado');
  });
});
