import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const VERSION = '0.1.0';

/** GET /healthz: the process answers and the database too. */
export default async function health(app: FastifyInstance) {
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'Liveness and database', response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() }) } },
  }, async () => {
    await sql`select 1`.execute(app.db);
    return { status: 'ok' as const, db: app.engine, version: VERSION };
  });
}
