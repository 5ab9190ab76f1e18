/**
 * The portal as the benchmark runs it: the real app (buildApp) on PostgreSQL, listening on
 * 127.0.0.1, configured from the environment like main.ts, minus what main.ts does besides
 * (migrations, first admin, demo data: the benchmark has done its own set-up). Prints
 * `{"port": N}` on stdout once it listens; SIGTERM closes it (flushing the count rollup).
 */
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/db/connect.ts';

const config = loadConfig();
const database = await openDatabase(config);
const app = await buildApp(config, database);
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : config.port }));

process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await database.db.destroy();
    process.exit(0);
  })();
});
