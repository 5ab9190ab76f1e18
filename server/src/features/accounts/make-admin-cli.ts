/** `npm run make-admin -- someone@example.org`: makes an existing account an administrator. */
import { ConfigError, loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { promoteToAdmin } from './repo.ts';

const email = process.argv[2]?.trim().toLowerCase();
if (!email) {
  console.error('Usage: npm run make-admin -- <email of an existing account>');
  process.exit(2);
}
try {
  const { db } = await openDatabase(loadConfig());
  await migrateToLatest(db);
  const done = await promoteToAdmin(db, email);
  console.log(done ? `${email} is now an administrator.` : `No account with the e-mail ${email}: sign up first.`);
  await db.destroy();
  process.exitCode = done ? 0 : 1;
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
