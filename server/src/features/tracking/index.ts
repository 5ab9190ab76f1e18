import type { FastifyInstance } from 'fastify';
import { progressImportRoutes } from './import-routes.ts';
import { trackingRoutes } from './routes.ts';

/** Public tracking of the adopted plan: dated milestone updates, dashboard, Atom feed, progress import, monitor notes. */
export default async function tracking(app: FastifyInstance) {
  await app.register(trackingRoutes);
  await app.register(progressImportRoutes);
}
