/** Account intents: register, sign in, make sure the configured first admin exists. */
import type { LoginBody, RegisterBody, User } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { adminExists, findCredentials, findUserView, insertUser, promoteToAdmin, recentFailures, recordFailures } from './repo.ts';
import { LOGIN_WINDOW_MS, loginAllowed } from './rules.ts';

export type RegisterOutcome = { ok: true; user: User } | { ok: false; problem: 'duplicate' };

export async function registerUser(db: Db, body: RegisterBody): Promise<RegisterOutcome> {
  const passwordHash = await hashPassword(body.password);
  const id = await insertUser(db, { email: body.email, passwordHash, displayName: body.displayName, locale: body.locale ?? 'en' });
  if (!id) return { ok: false, problem: 'duplicate' };
  return { ok: true, user: (await findUserView(db, id))! };
}

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; problem: 'rate-limited'; retryAfterSec: number }
  | { ok: false; problem: 'invalid-credentials' };

/** Checks the password; failures are counted per account and per address, at most `maxFailures` a minute each. */
export async function signIn(db: Db, body: LoginBody, ip: string, maxFailures: number): Promise<SignInOutcome> {
  const keys = [`account:${body.email}`, `ip:${ip}`];
  for (const key of keys) {
    const verdict = loginAllowed(await recentFailures(db, key, LOGIN_WINDOW_MS), maxFailures, new Date());
    if (!verdict.ok) return { ok: false, problem: 'rate-limited', retryAfterSec: verdict.retryAfterSec };
  }
  const creds = await findCredentials(db, body.email);
  if (!(await verifyPassword(creds?.password_hash, body.password)) || !creds) {
    await recordFailures(db, keys);
    return { ok: false, problem: 'invalid-credentials' };
  }
  return { ok: true, user: (await findUserView(db, creds.id))! };
}

/** Creates (or promotes) the configured admin when the instance has no admin yet. */
export async function ensureFirstAdmin(db: Db, admin: { email: string; password: string } | undefined): Promise<'created' | 'promoted' | 'exists' | 'none'> {
  if (!admin) return 'none';
  if (await adminExists(db)) return 'exists';
  if (await promoteToAdmin(db, admin.email)) return 'promoted';
  await insertUser(db, { email: admin.email, passwordHash: await hashPassword(admin.password), displayName: 'Admin', locale: 'en', isAdmin: true });
  return 'created';
}
