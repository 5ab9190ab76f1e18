import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { adminProposalRoutes } from './admin-routes.ts';
import { importRoutes } from './import-routes.ts';
import { ProposalCounts } from './counts.ts';
import { ListTotals } from './list.ts';
import { ListPageCache } from './page-cache.ts';
import { SupportBatcher } from './support-batch.ts';
import { findProcessRow } from '../processes/service.ts';
import { isHidden, proposalViews } from './repo.ts';
import { proposalRoutes } from './routes.ts';
import { proposalCommentTarget, proposalModeration } from './targets.ts';

declare module 'fastify' {
  interface FastifyInstance { proposalCounts: ProposalCounts; proposalTotals: ListTotals; proposalPages: ListPageCache; supportBatcher: SupportBatcher }
}

/** The open call: proposals, supports, answers, merges, import and export; the process and proposal rooms. */
export default fp(async function proposals(app: FastifyInstance) {
  const counts = new ProposalCounts(app.db, app.rooms, app.log);
  app.decorate('proposalCounts', counts);
  app.decorate('proposalTotals', new ListTotals());
  const pages = new ListPageCache();
  app.decorate('proposalPages', pages);
  app.rooms.hub.watch((room) => pages.roomChanged(room));
  app.decorate('supportBatcher', new SupportBatcher(app.db));
  app.addHook('onClose', async () => { await counts.close(); });
  app.comments.targets.register('proposals', proposalCommentTarget((processId, id) => counts.changed(processId, id)));
  app.moderation.targets.register('proposals', proposalModeration(app));

  app.rooms.defineRoom('process', {
    authorize: async (slug) => (await findProcessRow(app.db, slug, ['id'])) !== undefined,
    snapshot: async (slug) => {
      const p = await findProcessRow(app.db, slug, ['active_phase']);
      return { activePhase: p?.active_phase ?? null };
    },
  });
  app.rooms.defineRoom('proposal', {
    authorize: async (id, peer) => {
      if (!/^[0-9a-f-]{36}$/.test(id)) return false;
      const hidden = await isHidden(app.db, id);
      return hidden !== undefined && (!hidden || peer.user?.isAdmin === true);
    },
    snapshot: async (id, peer) => {
      const [p] = await proposalViews(app.db, [id], peer.user?.id);
      return p ? { supports: p.supports, commentsCount: p.commentsCount, state: p.state } : null;
    },
  });

  await app.register(proposalRoutes);
  await app.register(adminProposalRoutes);
  await app.register(importRoutes);
}, { name: 'proposals', dependencies: ['rooms', 'comment-registry', 'moderation-registry'] });
