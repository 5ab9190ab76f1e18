/**
 * The callers of the authorisation matrix: who they are, and fresh sessions for the routes that
 * start or end one (sign-in ends the caller's current session, sign-out deletes it).
 */
import { randomBytes } from 'node:crypto';
import { Agent, type TestApp } from '../../../server/src/test/harness.ts';
import { hashToken, SESSION_COOKIE } from '../../../server/src/plugins/auth.ts';

export const CALLERS = [
  'anonymous', 'guest', 'resident', 'otherMember', 'member', 'facilitator', 'drafter', 'monitor', 'author', 'admin',
] as const;
/**
 * anonymous: no session. guest: joined the phase's workshop by its code, no account.
 * resident: a plain account. otherMember: forum member of another process only.
 * member: forum member of this process. facilitator, drafter (on the commitment's team once
 * there is one), monitor: those roles in this process. author: a plain account that wrote the
 * fixtures' proposals, comments and endorsement. admin.
 */
export type Caller = (typeof CALLERS)[number];

/** Accounts (no guest, no anonymous). */
export const USERS: readonly Caller[] = CALLERS.filter((c) => c !== 'anonymous' && c !== 'guest');
/** Everyone who reads a process's drafts: its members of any role, and admins. */
export const MEMBERS: readonly Caller[] = ['member', 'facilitator', 'drafter', 'monitor', 'admin'];

export const userIdOf = (a: Agent) => (a as unknown as { userId: string }).userId;

/** A new signed-in session for an account or a guest, as its own agent. */
export async function newSession(t: TestApp, who: { userId?: string; guestId?: string }, ip = '10.60.0.1'): Promise<Agent> {
  const token = randomBytes(32).toString('base64url');
  await t.db.insertInto('sessions').values({ id: hashToken(token), user_id: who.userId ?? null, guest_id: who.guestId ?? null }).execute();
  const agent = new Agent(t.app, ip);
  agent.cookies.set(SESSION_COOKIE, token);
  if (who.userId) (agent as { userId?: string }).userId = who.userId;
  if (who.guestId) (agent as { guestId?: string }).guestId = who.guestId;
  await agent.refreshCsrf();
  return agent;
}

/** Accounts made straight in the database, each with a session. */
export async function accounts(t: TestApp, names: readonly string[]): Promise<Record<string, Agent>> {
  const tag = randomBytes(3).toString('hex');
  const rows = await t.db.insertInto('users')
    .values(names.map((n) => ({ email: `${n}-${tag}@example.org`, password_hash: 'x', display_name: `Authz ${n}`, locale: 'en' })))
    .returning('id').execute();
  const out: Record<string, Agent> = {};
  for (const [i, n] of names.entries()) out[n] = await newSession(t, { userId: rows[i]!.id }, `10.61.0.${i + 1}`);
  return out;
}

/** The same caller in a session of its own (a fresh anonymous visitor for `anonymous`). */
export async function freshCopy(t: TestApp, agent: Agent): Promise<Agent> {
  const a = agent as unknown as { userId?: string; guestId?: string };
  if (a.userId || a.guestId) return newSession(t, { userId: a.userId, guestId: a.guestId }, agent.ip);
  return new Agent(t.app, agent.ip);
}
