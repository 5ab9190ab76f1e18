/**
 * Sessions kept for a few seconds (session-cache.ts) never outlive a sign-out or hide a change
 * of profile in the same server process, and in another one for SESSION_CACHE_MS at most.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { anotherApp, Agent, testApp, type TestApp } from '../test/harness.ts';
import { SESSION_CACHE_MS } from './session-cache.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

const me = (app: TestApp['app'], token: string) => app.inject({ method: 'GET', url: '/api/me', cookies: { mesa_session: token } });

it('shows a new display name at once and refuses a signed-out session at once', async () => {
  const a = new Agent(t.app);
  await a.signUp('kept@example.org');
  const token = a.cookies.get('mesa_session')!;
  expect((await me(t.app, token)).json().displayName).toBeDefined(); // now kept
  expect((await a.patch('/api/me', { displayName: 'Renamed', locale: 'fr' })).statusCode).toBe(200);
  // the language the server answers in comes from the session's user: the new one at once
  expect((await a.get('/api/processes/nope')).json().title).toBe('Introuvable');
  expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
  expect((await me(t.app, token)).statusCode).toBe(401);
});

it('refuses a session deleted by another server process within the time it is kept', async () => {
  const other = await anotherApp(t);
  try {
    const a = new Agent(t.app);
    await a.signUp('elsewhere@example.org');
    const token = a.cookies.get('mesa_session')!;
    expect((await me(other.app, token)).statusCode).toBe(200); // kept by the other process
    await t.db.deleteFrom('sessions').execute(); // signed out everywhere, behind the other's back
    const started = Date.now();
    while ((await me(other.app, token)).statusCode === 200) {
      expect(Date.now() - started).toBeLessThan(SESSION_CACHE_MS + 500);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await me(other.app, token)).statusCode).toBe(401);
  } finally {
    await other.close();
  }
}, 15_000);
