import type { FastifyInstance } from 'fastify';
import { roundRoutes } from './routes.ts';

/** Prioritisation: rounds scored by the forum with the shared engine, paper ballots, results, selection. */
export default async function rounds(app: FastifyInstance) {
  await app.register(roundRoutes);
}
