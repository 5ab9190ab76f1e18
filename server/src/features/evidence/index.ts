import type { FastifyInstance } from 'fastify';
import { evidenceRoutes } from './routes.ts';

/** The co-creation evidence report, the OGP standards checklist and the records behind them. */
export default async function evidence(app: FastifyInstance) {
  await app.register(evidenceRoutes);
}
