import type { FastifyInstance } from 'fastify';
import { processRoutes } from './routes.ts';

/** Processes: the co-creation cycles, their phases, timeline and members. */
export default async function processes(app: FastifyInstance) {
  await app.register(processRoutes);
}
