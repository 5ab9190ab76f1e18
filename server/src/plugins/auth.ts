/**
 * Sessions and CSRF. A session is a random token in an httpOnly cookie; the database keeps only
 * its SHA-256. The CSRF token is an HMAC of the session id (or, before sign-in, of an anonymous
 * cookie), so it belongs to the session and changes at sign-in.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '@mesa/shared';
import { sessionStatus, shouldTouchSession } from '../features/accounts/rules.ts';
import { ProblemError, problem } from './problems.ts';
import { SessionCache } from './session-cache.ts';
import type { SessionGuest, SessionUser } from './session-types.ts';
import type { Conn } from '../db/database.ts';

export const SESSION_COOKIE = 'mesa_session';
const ANON_COOKIE = 'mesa_anon';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type { SessionGuest, SessionUser } from './session-types.ts';

declare module 'fastify' {
  interface FastifyInstance { sessions: SessionCache }
  /** `session: false`: the route reads no session (health probes answer without the database). */
  interface FastifyContextConfig { session?: false }
  interface FastifyRequest {
    /** The hashed id of the caller's session, when signed in. */
    sessionId: string | null;
    user: SessionUser | null;
    guest: SessionGuest | null;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

function csrfFor(secret: string, seed: string): string {
  return createHmac('sha256', secret).update(`csrf:${seed}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

/** Starts a new session for an account (a fresh id at every sign-in), or for a guest, and sets its cookie. */
export async function startSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: string, asGuest = false) {
  const token = newToken();
  await app.db.insertInto('sessions').values({ id: hashToken(token), user_id: asGuest ? null : userId, guest_id: asGuest ? userId : null }).execute();
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
  request.sessionId = hashToken(token);
}

/** Ends the caller's session and clears its cookie; the session's open sockets close. */
export async function endSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  if (request.sessionId) {
    await app.db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
    app.sessions.sessionEnded(request.sessionId);
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  request.sessionId = null;
  request.user = null;
  request.guest = null;
}

/** Ends every session of a user but `except` (sign out everywhere, a new password); their open sockets close. */
export async function endSessionsOf(app: FastifyInstance, userId: string, except: string | null = null) {
  let q = app.db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('id', '!=', except);
  const ended = await q.returning('id').execute();
  for (const s of ended) app.sessions.sessionEnded(s.id);
  return ended.length;
}

/** The signed-in user, or a 401 problem. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw problem.unauthorised();
  return request.user;
}

/** The signed-in admin, or a 401/403 problem. */
export function requireAdmin(request: FastifyRequest): SessionUser {
  const user = requireUser(request);
  if (!user.isAdmin) throw problem.notAllowed('admin-only');
  return user;
}

async function loadSession(app: FastifyInstance, request: FastifyRequest) {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return;
  const id = hashToken(token);
  const now = new Date();
  const kept = app.sessions.get(id, now.getTime());
  if (kept) {
    if (sessionStatus(kept.createdAt, kept.lastSeenAt, now) === 'valid') {
      if (shouldTouchSession(kept.lastSeenAt, now)) {
        kept.lastSeenAt = now;
        await touchSession(app, id);
      }
      request.sessionId = id;
      request.user = kept.user;
      return;
    }
    app.sessions.forgetSession(id); // expired: the database read below ends it
  }
  const row = await readSession(app.db, id);
  if (!row) return;
  if (sessionStatus(row.createdAt, row.lastSeenAt, now) !== 'valid') {
    await app.db.deleteFrom('sessions').where('id', '=', id).execute();
    app.sessions.sessionEnded(id);
    return;
  }
  let lastSeenAt = row.lastSeenAt;
  if (shouldTouchSession(row.lastSeenAt, now)) {
    await touchSession(app, id);
    lastSeenAt = now;
  }
  request.sessionId = id;
  if (row.user) {
    request.user = row.user;
    app.sessions.set(id, { createdAt: row.createdAt, lastSeenAt, user: request.user, readAt: now.getTime() });
  } else if (row.guest) {
    request.guest = row.guest;
  }
}

/** A session as stored now (never from the kept ones): who it is for, and its times. */
export async function readSession(db: Conn, id: string): Promise<{ createdAt: Date; lastSeenAt: Date; user: SessionUser | null; guest: SessionGuest | null } | null> {
  const row = await db.selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('guests', 'guests.id', 'sessions.guest_id')
    .select(['sessions.created_at', 'sessions.last_seen_at', 'users.id', 'users.email', 'users.display_name', 'users.locale', 'users.is_admin',
      'guests.id as guest_id', 'guests.workshop_id', 'guests.display_name as guest_name', 'guests.sector as guest_sector'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    user: row.id ? { id: row.id, email: row.email!, displayName: row.display_name!, locale: row.locale as Locale, isAdmin: row.is_admin! } : null,
    guest: !row.id && row.guest_id ? { id: row.guest_id, workshopId: row.workshop_id!, displayName: row.guest_name!, sector: row.guest_sector } : null,
  };
}

/** Marks a session active now (HTTP requests and websocket traffic both count). */
export async function touchSession(app: FastifyInstance, sessionId: string) {
  await app.db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', sessionId).execute();
}

export default fp(async function authPlugin(app: FastifyInstance) {
  const secret = app.config.sessionSecret;
  app.decorate('sessions', new SessionCache());
  app.decorateRequest('sessionId', null);
  app.decorateRequest('user', null);
  app.decorateRequest('guest', null);

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.session === false) return;
    await loadSession(app, request);
    if (!STATE_CHANGING.has(request.method)) return;
    const seed = request.sessionId ?? request.cookies[ANON_COOKIE];
    const sent = request.headers['x-csrf-token'];
    if (!seed || typeof sent !== 'string' || !sameToken(sent, csrfFor(secret, seed))) {
      throw new ProblemError(403, 'csrf', 'csrf');
    }
  });

  /** The CSRF token for this session; before sign-in, for an anonymous cookie made here. */
  app.get('/api/auth/csrf', { schema: { tags: ['accounts'], summary: 'CSRF token for this session' } }, async (request, reply) => {
    let seed = request.sessionId ?? request.cookies[ANON_COOKIE];
    if (!seed) {
      seed = newToken();
      reply.setCookie(ANON_COOKIE, seed, cookieOptions(request));
    }
    reply.header('cache-control', 'no-store');
    return { token: csrfFor(secret, seed) };
  });
}, { name: 'auth', dependencies: ['db', 'problems'] });
