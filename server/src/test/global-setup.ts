/**
 * Vitest global setup: on PGlite, build one migrated database and save its data directory, so
 * each test app loads a copy (under a second) instead of running initdb and migrations (~8 s).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPGlite } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext { pgliteTemplate: string | null }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', null);
    return;
  }
  const database = await openPGlite(undefined);
  await migrateToLatest(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'mesa-pglite-template-'));
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
