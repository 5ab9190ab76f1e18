import type { FastifyInstance } from 'fastify';
import { openDataRoutes } from './routes.ts';

/** Open data: all contributions of a process, and Decidim-compatible CSVs, as streamed zips. */
export default async function openData(app: FastifyInstance) {
  await app.register(openDataRoutes);
}
