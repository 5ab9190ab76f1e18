/** Public tracking routes: milestone updates, the dashboard, the Atom feed, monitor notes (the progress import: import-routes.ts). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MilestoneUpdate, MilestoneUpdateBody, MonitorNote, MonitorNoteBody, Slug, TrackingDashboard } from '@mesa/shared';
import { requireUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { findMilestone, latestUpdates } from './repo.ts';
import { noteOnUpdate, postMilestoneUpdate, trackingDashboard, updatesFeed } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['tracking'];
const SlugParams = z.strictObject({ slug: Slug });
const IdParams = z.strictObject({ id: z.uuid() });

export const trackingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.patch('/api/milestones/:id', {
    schema: { security: SIGNED_IN, tags, summary: 'Post a dated progress update on a milestone (admin, or a lead of its commitment: one of its drafters); the milestone takes its status and progress', params: IdParams, body: MilestoneUpdateBody, response: { 200: MilestoneUpdate } },
  }, async (request) => {
    const user = requireUser(request);
    const out = await postMilestoneUpdate(app.db, request.params.id, request.body, user);
    // Dashboards open on the process tell their readers at once.
    await app.rooms.publish({ room: `process:${out.slug}`, event: 'tracking/updated', data: { updateId: out.update.id, milestoneId: out.update.milestoneId, commitmentId: out.update.commitmentId, status: out.update.status, progress: out.update.progress }, processId: out.processId });
    return out.update;
  });

  app.get('/api/milestones/:id/updates', { schema: { tags, summary: 'Every dated update of a milestone, newest first', params: IdParams, response: { 200: z.object({ items: z.array(MilestoneUpdate) }) } } },
    async (request) => {
      const m = await findMilestone(app.db, request.params.id);
      if (!m || (m.commitment_state === 'drafting' && m.active_phase !== 'adopted' && !request.user?.isAdmin)) throw problem.notFound('milestone');
      const all = await latestUpdates(app.db, m.process_id, [m.commitment_id], 1000);
      return { items: all.filter((u) => u.milestoneId === m.id) };
    });

  app.get('/api/processes/:slug/tracking', { schema: { tags, summary: 'The public dashboard of the plan: progress per commitment, milestones due and late, latest updates', params: SlugParams, response: { 200: TrackingDashboard } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return trackingDashboard(app.db, request.params.slug, request.user ?? null);
    });

  app.get('/api/processes/:slug/updates.atom', {
    schema: { tags, summary: 'Atom feed of the latest progress updates', params: SlugParams, querystring: z.strictObject({ lang: z.enum(['en', 'es', 'fr', 'pt']).optional() }), response: { 200: z.string().describe('application/atom+xml') } },
  }, async (request, reply) => {
    // links are absolute under the configured PUBLIC_URL, never the request's Host
    const xml = await updatesFeed(app.db, request.params.slug, app.config.publicUrl, (k, o) => String(request.t(k, o as never)));
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.post('/api/milestone-updates/:id/notes', { schema: { security: SIGNED_IN, tags, summary: 'The independent monitor comments on an update (membership role monitor, or admin)', params: IdParams, body: MonitorNoteBody, response: { 201: MonitorNote } } },
    async (request, reply) => {
      const user = requireUser(request);
      const out = await noteOnUpdate(app.db, request.params.id, request.body.body, user);
      await app.rooms.publish({ room: `process:${out.slug}`, event: 'tracking/noted', data: { updateId: request.params.id }, processId: out.processId });
      return reply.status(201).send(out.note);
    });
};
