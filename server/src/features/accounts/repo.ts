/** Kysely queries for users, memberships and sign-in failures. */
import { sql } from 'kysely';
import type { Locale, Membership, MembershipRole, Sector, User } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import type { FailureStats } from './rules.ts';

export async function insertUser(db: Conn, u: { email: string; passwordHash: string; displayName: string; locale: Locale; isAdmin?: boolean }) {
  const row = await db.insertInto('users')
    .values({ email: u.email, password_hash: u.passwordHash, display_name: u.displayName, locale: u.locale, is_admin: u.isAdmin ?? false })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null; // null: the e-mail is taken
}

export function findCredentials(db: Conn, email: string) {
  return db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirst();
}

export async function findUserView(db: Conn, userId: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(['id', 'email', 'display_name', 'locale', 'is_admin'])
    .where('id', '=', userId).executeTakeFirst();
  if (!row) return null;
  const memberships = await db.selectFrom('memberships')
    .innerJoin('processes', 'processes.id', 'memberships.process_id')
    .select(['memberships.process_id', 'processes.slug', 'memberships.role', 'memberships.sector', 'memberships.organisation'])
    .where('memberships.user_id', '=', userId)
    .orderBy('processes.slug').orderBy('memberships.role')
    .execute();
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale as Locale,
    roles: row.is_admin ? ['admin'] : [],
    memberships: memberships.map((m): Membership => ({
      processId: m.process_id, processSlug: m.slug, role: m.role as MembershipRole,
      sector: m.sector as Sector | null, organisation: m.organisation,
    })),
  };
}

export async function updateUser(db: Conn, userId: string, changes: { displayName?: string; locale?: Locale }) {
  const set: { display_name?: string; locale?: string } = {};
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.locale !== undefined) set.locale = changes.locale;
  if (Object.keys(set).length) await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

export async function adminExists(db: Conn): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('is_admin', '=', true).limit(1).executeTakeFirst()) !== undefined;
}

export async function promoteToAdmin(db: Conn, email: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ is_admin: true }).where('email', '=', email).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Writes one row per key for a sign-in attempt before its password is checked, so attempts made
 * at the same time count each other; returns the database's time of the attempt.
 */
export async function reserveAttempt(db: Conn, attempt: string, keys: string[]): Promise<Date> {
  const rows = await db.insertInto('login_failures').values(keys.map((key) => ({ key, attempt }))).returning('at').execute();
  return new Date(rows[0]!.at);
}

/** Per key, the rows since its `since` other than this attempt's own: their count, oldest and latest. */
export async function failureStats(db: Conn, attempt: string, windows: { key: string; since: Date }[]): Promise<Map<string, FailureStats>> {
  const rows = await db.selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(at)`.as('oldest'), sql<Date | null>`max(at)`.as('latest')])
    .where((eb) => eb.or(windows.map((w) => eb.and([eb('key', '=', w.key), eb('at', '>', w.since)]))))
    .where((eb) => eb.or([eb('attempt', 'is', null), eb('attempt', '!=', attempt)]))
    .groupBy('key')
    .execute();
  const date = (d: Date | string | null) => (d === null ? null : new Date(d));
  return new Map(rows.map((r) => [r.key, { count: Number(r.count), oldest: date(r.oldest), latest: date(r.latest) }]));
}

/** Removes an attempt's own rows: it was refused before checking a password, or it succeeded. */
export async function releaseAttempt(db: Conn, attempt: string) {
  await db.deleteFrom('login_failures').where('attempt', '=', attempt).execute();
}

/** Forgets the failures under one key (a pair or a device, after its successful sign-in). */
export async function clearFailures(db: Conn, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Deletes rows older than `before`: no counter looks that far back. */
export async function trimFailures(db: Conn, before: Date) {
  await db.deleteFrom('login_failures').where('at', '<', before).execute();
}
