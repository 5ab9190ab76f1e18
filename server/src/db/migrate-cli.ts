/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

try {
  const config = loadConfig();
  const { db, engine } = await openDatabase(config);
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied on ${engine}: ${applied.join(', ')}` : `Database on ${engine} is up to date.`);
  await db.destroy();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
