/**
 * Sign-in throttling that holds under parallel attempts: each attempt writes its rows (under the
 * account and address pair or the known device, the account, the address) before the password is
 * checked, tagged with the attempt's id, so concurrent attempts see each other; a refused or
 * successful attempt removes its own rows by that id, and what stays is the failures.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('login_failures').addColumn('attempt', 'uuid').execute();
  await db.schema.createIndex('login_failures_attempt_idx').on('login_failures').column('attempt').execute();
  // Trimming by age (every failed attempt) reads this instead of the whole table.
  await db.schema.createIndex('login_failures_at_idx').on('login_failures').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_failures_at_idx').execute();
  await db.schema.dropIndex('login_failures_attempt_idx').execute();
  await db.schema.alterTable('login_failures').dropColumn('attempt').execute();
}
