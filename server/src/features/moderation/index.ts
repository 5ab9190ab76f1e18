import type { FastifyInstance } from 'fastify';
import { moderationRoutes } from './routes.ts';

/** Moderation: reports, hiding at the threshold, the admin queue, hide and unhide. */
export default async function moderation(app: FastifyInstance) {
  await app.register(moderationRoutes);
}
