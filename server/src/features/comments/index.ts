import type { FastifyInstance } from 'fastify';
import { commentRoutes } from './routes.ts';

/** Comments: threads on any target (proposals now, commitments later), edits, votes. */
export default async function comments(app: FastifyInstance) {
  await app.register(commentRoutes);
}
