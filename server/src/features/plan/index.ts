import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { planRoutes } from './routes.ts';

/** The action plan: metadata, adoption, endorsements, exports (JSON, CSV, DOCX, PDF) and import. */
export default fp(async function plan(app: FastifyInstance) {
  await app.register(planRoutes);
}, { name: 'plan', dependencies: ['rooms'] });
