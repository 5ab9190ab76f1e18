import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCommitmentRoom } from './live.ts';
import { commitmentRoutes } from './routes.ts';

/** Drafting: commitments on the OGP template, co-edited live through Yjs, with named versions and diffs. */
export default fp(async function commitments(app: FastifyInstance) {
  registerCommitmentRoom(app);
  await app.register(commitmentRoutes);
}, { name: 'commitments', dependencies: ['rooms'] });
