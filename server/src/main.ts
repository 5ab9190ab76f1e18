/** Starts the portal: configuration, database, migrations, first admin, demo data, then listen. */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureFirstAdmin } from './features/accounts/service.ts';
import { seedDemo } from './features/demo/seed.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const admin = await ensureFirstAdmin(database.db, config.admin);
  const app = await buildApp(config, database);
  if (admin === 'created' || admin === 'promoted') app.log.info({ email: config.admin?.email }, `first admin ${admin}`);
  if (config.demoData && (await seedDemo(database.db))) app.log.info('demo process loaded');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(`Mesa failed to start: ${(err as Error).message}`);
  process.exit(1);
});
