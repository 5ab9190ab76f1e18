import type { FastifyInstance } from 'fastify';
import { registerWorkshopRoom } from './live.ts';
import { workshopRoutes } from './routes.ts';
import { handsRoutes } from './hands-routes.ts';
import { tablesRoutes } from './tables-routes.ts';
import { questionRoutes } from './questions-routes.ts';
import { questionModeration } from './moderation-target.ts';

/** Live workshops: join by code (guests too), live rounds in the workshop room, facilitator controls, outcome. */
export default async function workshops(app: FastifyInstance) {
  registerWorkshopRoom(app);
  app.moderation.targets.register('questions', questionModeration(app));
  await app.register(workshopRoutes);
  await app.register(tablesRoutes);
  await app.register(handsRoutes);
  await app.register(questionRoutes);
}
