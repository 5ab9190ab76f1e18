import type { FastifyInstance } from 'fastify';
import { planRoutes } from './routes.ts';

/** The action plan: metadata, adoption, endorsements, exports (JSON, CSV, DOCX, PDF) and import. */
export default async function plan(app: FastifyInstance) {
  await app.register(planRoutes);
}
