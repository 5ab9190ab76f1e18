import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, anotherApp, testApp, type TestApp } from '../../test/harness.ts';
import { DEVICE_COOKIE } from './device-cookie.ts';
import { dummyHash, hashPassword, passwordChecks } from './passwords.ts';

const RIGHT = 'correct horse battery';
const WRONG = 'wrong password!!';

let t: TestApp;
beforeAll(async () => { t = await testApp(); }); // LOGIN_MAX_FAILURES 5, account 10 / 15 min, address 100 / min
afterAll(async () => { await t.close(); });

/** An agent at `ip` with its CSRF token already fetched (so parallel sign-ins are just the sign-ins). */
async function readyAgent(ip: string, app = t.app) {
  const a = new Agent(app, ip);
  await a.refreshCsrf();
  return a;
}

const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode);
const count = (rs: { statusCode: number }[], status: number) => rs.filter((r) => r.statusCode === status).length;
const rows = async (key: string) => (await t.db.selectFrom('login_failures').select('key').where('key', '=', key).execute()).length;

describe('sign-in throttling', () => {
  it('the owner signs in from a known device after an attacker failed 20 times from 20 addresses; a new device waits', async () => {
    const owner = new Agent(t.app, '10.20.0.1');
    await owner.signUp('owner@example.org');
    const cookie = owner.cookies.get(DEVICE_COOKIE);
    expect(cookie).toBeDefined();

    const tries = [];
    for (let i = 0; i < 20; i++) tries.push(await (await readyAgent(`10.21.0.${i}`)).signIn('owner@example.org', WRONG));
    // Each address has failed once, but the account takes 10 failures in 15 min from strangers.
    expect(statuses(tries.slice(0, 10))).toEqual(Array(10).fill(401));
    expect(statuses(tries.slice(10))).toEqual(Array(10).fill(429));

    expect((await owner.signIn('owner@example.org')).statusCode).toBe(200);
    expect((await owner.get('/api/me')).json().email).toBe('owner@example.org');
    expect(owner.cookies.get(DEVICE_COOKIE)).not.toBe(cookie); // a fresh nonce at each sign-in

    // A browser the account does not know is held back with the attacker, even with the password.
    const elsewhere = await (await readyAgent('10.20.0.2')).signIn('owner@example.org');
    expect(elsewhere.statusCode).toBe(429);
    expect(elsewhere.headers['content-type']).toContain('application/problem+json');
    expect(elsewhere.json().code).toBe('rate-limited');
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(800);

    // A device cookie of another account, or a forged one, makes no browser known to this one.
    const other = new Agent(t.app, '10.20.0.3');
    await other.signUp('other@example.org');
    expect((await other.signIn('owner@example.org')).statusCode).toBe(429);
    const forged = await readyAgent('10.20.0.4');
    forged.cookies.set(DEVICE_COOKIE, owner.cookies.get(DEVICE_COOKIE)!.replace(/.{4}$/, 'AAAA'));
    expect((await forged.signIn('owner@example.org')).statusCode).toBe(429);
  });

  it('a known device that keeps failing is slowed on its own', async () => {
    const owner = new Agent(t.app, '10.22.0.1');
    await owner.signUp('typist@example.org');
    const res = [];
    for (let i = 0; i < 6; i++) res.push(await owner.signIn('typist@example.org', WRONG));
    expect(statuses(res)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(res[5]!.headers['retry-after']).toBe('1');
  });

  it('ten accounts sign in from one address, each after a typo', async () => {
    const hall = '10.30.0.1';
    for (let i = 0; i < 10; i++) await new Agent(t.app, `10.31.0.${i}`).signUp(`hall${i}@example.org`);
    for (let i = 0; i < 10; i++) {
      const phone = await readyAgent(hall);
      expect((await phone.signIn(`hall${i}@example.org`, WRONG)).statusCode).toBe(401);
      expect((await phone.signIn(`hall${i}@example.org`)).statusCode).toBe(200);
    }
    // A successful sign-in leaves no row behind; the ten typos stay as the address's failures.
    expect(await rows(`ip:${hall}`)).toBe(10);
  });

  it('an attacker at one address on one account is slowed, 1 s then 2 s …, on every server process; others are not', async () => {
    await new Agent(t.app, '10.40.0.1').signUp('target@example.org');
    const attacker = await readyAgent('10.41.0.1');
    for (let i = 0; i < 5; i++) expect((await attacker.signIn('target@example.org', WRONG)).statusCode).toBe(401);
    const sixth = await attacker.signIn('target@example.org', WRONG);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBe('1');
    // The failures are in the database: another server process refuses too.
    const sibling = await anotherApp(t);
    try {
      const there = await (await readyAgent('10.41.0.1', sibling.app)).signIn('target@example.org', WRONG);
      expect(there.statusCode).toBe(429);
    } finally {
      await sibling.close();
    }
    expect(await rows('pair:target@example.org|10.41.0.1')).toBe(5); // refused attempts are not failures

    // Once the wait is over, one more try; the next waits twice as long.
    await sql`update login_failures set at = at - interval '2 seconds' where key = 'pair:target@example.org|10.41.0.1'`.execute(t.db);
    expect((await attacker.signIn('target@example.org', WRONG)).statusCode).toBe(401);
    const next = await attacker.signIn('target@example.org', WRONG);
    expect(next.statusCode).toBe(429);
    expect(next.headers['retry-after']).toBe('2');

    // The same address on another account, and another address on this one, are not held back.
    await new Agent(t.app, '10.40.0.2').signUp('neighbour@example.org');
    expect((await attacker.signIn('neighbour@example.org')).statusCode).toBe(200);
    expect((await (await readyAgent('10.42.0.1')).signIn('target@example.org')).statusCode).toBe(200);
  });

  it('attempts fired in parallel cannot pass a limit together', async () => {
    await new Agent(t.app, '10.50.0.1').signUp('burst@example.org');
    // One address, one account: at most LOGIN_MAX_FAILURES passwords are tried.
    const agents = await Promise.all(Array.from({ length: 20 }, () => readyAgent('10.51.0.1')));
    const burst = await Promise.all(agents.map((a) => a.signIn('burst@example.org', WRONG)));
    expect(count(burst, 401) + count(burst, 429)).toBe(20);
    expect(count(burst, 401)).toBeLessThanOrEqual(5);
    expect(await rows('pair:burst@example.org|10.51.0.1')).toBe(count(burst, 401));

    // Thirty addresses, one account: at most the account's 10 in 15 minutes, counting the above.
    await new Agent(t.app, '10.50.0.2').signUp('spread@example.org');
    const spread = await Promise.all(Array.from({ length: 30 }, (_, i) => readyAgent(`10.52.0.${i}`)));
    const wide = await Promise.all(spread.map((a) => a.signIn('spread@example.org', WRONG)));
    expect(count(wide, 401) + count(wide, 429)).toBe(30);
    expect(count(wide, 401)).toBeLessThanOrEqual(10);
    expect(await rows('account:spread@example.org')).toBe(count(wide, 401));
  });

  it('an address past its ceiling holds strangers back, not the devices known to their accounts', async () => {
    const hall = '10.60.0.1';
    const known = new Agent(t.app, hall);
    await known.signUp('regular@example.org');
    for (let i = 0; i < 3; i++) expect((await (await readyAgent(hall)).signIn(`nobody${i}@example.org`, WRONG)).statusCode).toBe(401);
    // 97 more failures across accounts in the last minute (as rows: the state 97 sign-ins leave).
    await t.db.insertInto('login_failures').values(Array.from({ length: 97 }, () => ({ key: `ip:${hall}`, attempt: null }))).execute();
    const stranger = await (await readyAgent(hall)).signIn('regular@example.org');
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(stranger.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await known.signIn('regular@example.org')).statusCode).toBe(200);
    // Another address is not affected.
    expect((await (await readyAgent('10.60.0.2')).signIn('regular@example.org')).statusCode).toBe(200);
  });

  it('unknown accounts cost the same argon2id work as existing ones, and leave the same rows', async () => {
    await new Agent(t.app, '10.70.0.1').signUp('real@example.org');
    const checks = async (email: string, password: string, ip: string) => {
      const a = await readyAgent(ip);
      const before = passwordChecks.count;
      const res = await a.signIn(email, password);
      return { status: res.statusCode, checks: passwordChecks.count - before };
    };
    expect(await checks('real@example.org', WRONG, '10.71.0.1')).toEqual({ status: 401, checks: 1 });
    expect(await checks('ghost@example.org', WRONG, '10.71.0.2')).toEqual({ status: 401, checks: 1 });
    expect(await checks('real@example.org', RIGHT, '10.71.0.3')).toEqual({ status: 200, checks: 1 });
    for (const [email, ip] of [['real@example.org', '10.71.0.1'], ['ghost@example.org', '10.71.0.2']]) {
      expect(await rows(`pair:${email}|${ip}`)).toBe(1);
      expect(await rows(`account:${email}`)).toBe(1);
    }
    // The dummy hash has the parameters of a real one, so verifying against it is the same work.
    const params = (h: string) => h.split('$').slice(1, 4);
    expect(params(await dummyHash())).toEqual(params(await hashPassword(RIGHT)));
    expect(params(await dummyHash())).toEqual(['argon2id', 'v=19', 'm=19456,t=2,p=1']);

    // An account whose stored hash is not argon2id also costs one verification, and never matches.
    await t.db.insertInto('users').values({ email: 'legacy@example.org', password_hash: 'x', display_name: 'Legacy', locale: 'en' }).execute();
    expect(await checks('legacy@example.org', 'x', '10.71.0.4')).toEqual({ status: 401, checks: 1 });
  });

  it('sets the device cookie for the sign-in endpoints only, httpOnly and SameSite=Strict', async () => {
    const a = new Agent(t.app, '10.80.0.1');
    await a.signUp('cookie@example.org');
    const res = await a.signIn('cookie@example.org');
    const c = res.cookies.find((x) => x.name === DEVICE_COOKIE)!;
    expect(c).toMatchObject({ path: '/api/auth', httpOnly: true, sameSite: 'Strict' });
    expect(c.maxAge).toBe(180 * 24 * 60 * 60);
    expect(res.cookies.find((x) => x.name === 'mesa_session')!.path).toBe('/');
  });
});
