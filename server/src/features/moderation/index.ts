import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { moderationRoutes } from './routes.ts';
import { ModerationTargets } from './targets.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Cross-cutting on purpose: features register what of theirs can be reported and hidden. */
    moderation: { targets: ModerationTargets };
  }
}

/** The registry of what can be reported and hidden, registered before the features that add to it. */
export const moderationRegistry = fp(async function moderationRegistry(app: FastifyInstance) {
  app.decorate('moderation', { targets: new ModerationTargets() });
}, { name: 'moderation-registry' });

/** Moderation: reports, hiding at the threshold, the admin queue, hide and unhide. */
export default async function moderation(app: FastifyInstance) {
  await app.register(moderationRoutes);
}
