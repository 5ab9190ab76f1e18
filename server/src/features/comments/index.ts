import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { publishCommitted } from '../../lib/live.ts';
import { commentModeration } from './moderation-target.ts';
import { commentRoutes } from './routes.ts';
import type { CommentsContext } from './service.ts';
import { CommentTargets } from './targets.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Cross-cutting on purpose: features register what of theirs takes comments (`comments.targets.register`). */
    comments: CommentsContext;
  }
}

/** The registry of what takes comments, registered before the features that add to it. */
export const commentRegistry = fp(async function commentRegistry(app: FastifyInstance) {
  app.decorate('comments', { targets: new CommentTargets(), publish: (e) => publishCommitted(app, e) } satisfies CommentsContext);
}, { name: 'comment-registry', dependencies: ['rooms'] });

/** Comments: threads on any registered target (proposals, commitments), edits, votes; comments can be reported. */
export default async function comments(app: FastifyInstance) {
  app.moderation.targets.register('comments', commentModeration(app.comments));
  await app.register(commentRoutes);
}
