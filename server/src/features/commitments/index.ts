import type { FastifyInstance } from 'fastify';
import { commitmentComments } from './comment-target.ts';
import { registerCommitmentRoom } from './live.ts';
import { startPresenceBus } from './presence-bus.ts';
import { consultationRoutes } from './consultation-routes.ts';
import { commitmentRoutes } from './routes.ts';

/** Drafting and consultation: commitments on the OGP template, co-edited live through Yjs, named versions and diffs, the public consultation. */
export default async function commitments(app: FastifyInstance) {
  app.comments.targets.register('commitments', commitmentComments);
  await startPresenceBus(app, registerCommitmentRoom(app));
  await app.register(commitmentRoutes);
  await app.register(consultationRoutes);
}
