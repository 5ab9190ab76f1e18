import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDataRoutes } from './routes.ts';

/** Open data: all contributions of a process, and Decidim-compatible CSVs, as streamed zips. */
export default fp(async function openData(app: FastifyInstance) {
  await app.register(openDataRoutes);
}, { name: 'open-data' });
