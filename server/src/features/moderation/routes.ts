/** /api/reports and the admin moderation queue with hide and unhide. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReportBody, Slug, ModerationParams, ModerationQueue, ReportResult, VisibilityResult } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { moderationQueue, reportContent, setVisibility } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['moderation'];

export const moderationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/reports', {
    schema: { security: SIGNED_IN, tags, summary: 'Report a proposal or comment (once per user; enough reporters hide it pending review)', body: ReportBody, response: { 200: ReportResult, 201: ReportResult } },
  }, async (request, reply) => {
    const user = requireUser(request);
    const created = await reportContent(app.db, app.moderation.targets, app.config.reportHideThreshold, user, request.body);
    const { targetType, targetId } = request.body;
    return reply.status(created ? 201 : 200).send({ targetType, targetId, alreadyReported: !created });
  });

  app.get('/api/processes/:slug/moderation', {
    schema: { security: SIGNED_IN, tags, summary: 'Reported content awaiting review, most reported first (admin)', params: z.strictObject({ slug: Slug }), response: { 200: ModerationQueue } },
  }, async (request) => {
    requireAdmin(request);
    return { items: await moderationQueue(app.db, app.moderation.targets, request.params.slug) };
  });

  for (const [action, hidden] of [['hide', true], ['unhide', false]] as const) {
    app.post(`/api/moderation/:targetType/:id/${action}`, {
      schema: { security: SIGNED_IN, tags, summary: hidden ? 'Hide content from everyone but admins (admin)' : 'Show hidden content again (admin)', params: ModerationParams, response: { 200: VisibilityResult } },
    }, async (request) => {
      const admin = requireAdmin(request);
      const { targetType, id } = request.params;
      await setVisibility(app.db, app.moderation.targets, admin, targetType, id, hidden);
      return { targetType, targetId: id, hidden };
    });
  }
};
