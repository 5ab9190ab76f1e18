/**
 * Health endpoints for load balancers and orchestrators. `/livez`: the process runs (never
 * touches the database: restarting a server does not bring its database back). `/readyz` and
 * `/healthz` (the older name, kept for Playwright and docker compose): the database answers
 * within a short time, else 503 `unavailable`, so a balancer stops sending traffic here.
 * None of them reads the caller's session.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Problem } from '@mesa/shared';
import { problem } from '../../plugins/problems.ts';
import { databaseAnswers } from './probe.ts';

export const VERSION = '0.1.0';

/** How long a readiness probe waits for `select 1` before saying the database is unavailable. */
export const PROBE_TIMEOUT_MS = 2000;

const Ready = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });
const tags = ['health'];

export default async function health(app: FastifyInstance) {
  const probe = databaseAnswers(app.db, PROBE_TIMEOUT_MS);
  const ready = async () => {
    if (!(await probe())) throw problem.unavailable();
    return { status: 'ok' as const, db: app.engine, version: VERSION };
  };
  const noStore = { 'cache-control': 'no-store' };
  for (const [url, summary] of [['/readyz', 'Readiness: the database answers'], ['/healthz', 'Readiness (older name of /readyz)']] as const) {
    app.get(url, { config: { session: false }, schema: { tags, summary, response: { 200: Ready, 503: Problem } } }, async (_request, reply) => {
      reply.headers(noStore);
      return ready();
    });
  }
  app.get('/livez', { config: { session: false }, schema: { tags, summary: 'Liveness: the process runs (no database)', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } } },
    async (_request, reply) => {
      reply.headers(noStore);
      return { status: 'ok' as const, version: VERSION };
    });
}
