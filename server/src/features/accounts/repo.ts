/** Kysely queries for users, memberships and sign-in failures. */
import { sql } from 'kysely';
import type { Locale, Membership, MembershipRole, Sector, User } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';

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

/** Failures for any of `keys` in the last `windowMs`: their count and the oldest time. */
export async function recentFailures(db: Conn, key: string, windowMs: number) {
  const row = await db.selectFrom('login_failures')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(at)`.as('oldest')])
    .where('key', '=', key)
    .where('at', '>', new Date(Date.now() - windowMs))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function recordFailures(db: Conn, keys: string[]) {
  await db.insertInto('login_failures').values(keys.map((key) => ({ key }))).execute();
  // Old rows are worthless; trimming here keeps the table small without a scheduler.
  await db.deleteFrom('login_failures').where('at', '<', new Date(Date.now() - 60 * 60 * 1000)).execute();
}
