/** Admin open call routes: answers, merge, export (the import has its own plugin: import-routes.ts). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnswerBody, MergeBody, Proposal, PublishAnswersBody, Slug, text } from '@mesa/shared';
import { requireAdmin } from '../../plugins/auth.ts';
import { answerProposal, mergeProposals, publishAnswers } from './admin-service.ts';
import { exportProposals } from './export.ts';
import { asSeenByEveryone } from './repo.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['proposals'];
const SlugParams = z.strictObject({ slug: Slug });

export const adminProposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/proposals/:id/answer', { schema: { security: SIGNED_IN, tags, summary: 'Answer a proposal with a reasoned response (admin)', params: z.strictObject({ id: z.uuid() }), body: AnswerBody, response: { 200: Proposal } } },
    async (request) => {
      const admin = requireAdmin(request);
      const out = await answerProposal(app.db, request.params.id, request.body, admin.id);
      app.proposalTotals.invalidate(out.processId);
      if (out.published) {
        await app.rooms.publish({ room: `process:${out.proposal.processSlug}`, event: 'proposals/state-changed', data: { proposalId: out.proposal.id, state: out.proposal.state, answer: out.proposal.answer }, processId: out.processId });
      }
      return out.proposal;
    });

  app.post('/api/processes/:slug/answers/publish', { schema: { security: SIGNED_IN, tags, summary: 'Publish drafted answers in bulk (admin)', params: SlugParams, body: PublishAnswersBody, response: { 200: z.object({ published: z.number().int() }) } } },
    async (request) => {
      const admin = requireAdmin(request);
      const out = await publishAnswers(app.db, request.params.slug, request.body.proposalIds, admin.id);
      app.proposalTotals.invalidate(out.process.id);
      for (const c of out.changes) {
        await app.rooms.publish({ room: `process:${out.process.slug}`, event: 'proposals/state-changed', data: c, processId: out.process.id });
      }
      return { published: out.changes.length };
    });

  app.post('/api/processes/:slug/proposals/merge', { schema: { security: SIGNED_IN, tags, summary: 'Merge duplicate proposals into a new one (admin)', params: SlugParams, body: MergeBody, response: { 201: Proposal } } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const out = await mergeProposals(app.db, request.params.slug, request.body, admin.id);
      app.proposalTotals.invalidate(out.process.id);
      const room = `process:${out.process.slug}`;
      await app.rooms.publish({ room, event: 'proposals/created', data: { proposal: asSeenByEveryone(out.proposal) }, processId: out.process.id });
      for (const id of out.sourceIds) await app.rooms.publish({ room, event: 'proposals/state-changed', data: { proposalId: id, state: 'merged', mergedInto: out.proposal.id }, processId: out.process.id });
      app.proposalCounts.changed(out.process.id, out.proposal.id);
      return reply.status(201).send(out.proposal);
    });

  app.get('/api/processes/:slug/proposals/export', { schema: { security: SIGNED_IN, tags, summary: 'All proposals with their counts, as CSV or JSON (admin)', params: SlugParams, querystring: z.strictObject({ format: z.enum(['csv', 'json']).default('csv'), lang: text().optional() }) } },
    async (request, reply) => {
      requireAdmin(request);
      return exportProposals(app.db, request.params.slug, request.query.format, reply);
    });
};
