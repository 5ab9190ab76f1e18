/** Admin open call routes: answers, merge, import, export. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnswerBody, ImportResult, MergeBody, Proposal, PublishAnswersBody, Slug, text } from '@mesa/shared';
import { requireAdmin } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { answerProposal, importProposals, mergeProposals, publishAnswers } from './admin-service.ts';
import { exportProposals } from './export.ts';
import { reference } from './rules.ts';
import { asSeenByEveryone } from './repo.ts';

const tags = ['proposals'];
const SlugParams = z.strictObject({ slug: Slug });
const IMPORT_LIMIT = 10 * 1024 * 1024;

export const adminProposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/proposals/:id/answer', { schema: { tags, summary: 'Answer a proposal with a reasoned response (admin)', params: z.strictObject({ id: z.uuid() }), body: AnswerBody, response: { 200: Proposal } } },
    async (request) => {
      const admin = requireAdmin(request);
      const out = await answerProposal(app.db, request.params.id, request.body, admin.id);
      app.proposalTotals.invalidate(out.processId);
      if (out.published) {
        await app.rooms.publish({ room: `process:${out.proposal.processSlug}`, event: 'proposals/state-changed', data: { proposalId: out.proposal.id, state: out.proposal.state, answer: out.proposal.answer }, processId: out.processId });
      }
      return out.proposal;
    });

  app.post('/api/processes/:slug/answers/publish', { schema: { tags, summary: 'Publish drafted answers in bulk (admin)', params: SlugParams, body: PublishAnswersBody, response: { 200: z.object({ published: z.number().int() }) } } },
    async (request) => {
      const admin = requireAdmin(request);
      const out = await publishAnswers(app.db, request.params.slug, request.body.proposalIds, admin.id);
      app.proposalTotals.invalidate(out.process.id);
      for (const c of out.changes) {
        await app.rooms.publish({ room: `process:${out.process.slug}`, event: 'proposals/state-changed', data: c, processId: out.process.id });
      }
      return { published: out.changes.length };
    });

  app.post('/api/processes/:slug/proposals/merge', { schema: { tags, summary: 'Merge duplicate proposals into a new one (admin)', params: SlugParams, body: MergeBody, response: { 201: Proposal } } },
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

  app.post('/api/processes/:slug/import', {
    bodyLimit: IMPORT_LIMIT,
    schema: { tags, summary: 'Import proposals from JSON (array or {items}) or CSV (admin); all or nothing', params: SlugParams, body: z.unknown(), response: { 201: ImportResult } },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const items = importItems(request.body);
    if (!items) throw problem.validation([{ path: 'body', message: 'send a JSON array, {"items": [...]}, or text/csv' }]);
    if (items.length === 0) throw problem.validation([{ path: 'body', message: 'no rows to import' }]);
    const out = await importProposals(app.db, request.params.slug, items, admin.id);
    app.proposalTotals.invalidate(out.process.id);
    await app.rooms.publish({ room: `process:${out.process.slug}`, event: 'proposals/imported', data: { count: out.ids.length }, processId: out.process.id });
    return reply.status(201).send({ imported: out.ids.length, references: out.ids.map((_, i) => reference(out.first + i)) });
  });

  app.get('/api/processes/:slug/proposals/export', { schema: { tags, summary: 'All proposals with their counts, as CSV or JSON (admin)', params: SlugParams, querystring: z.strictObject({ format: z.enum(['csv', 'json']).default('csv'), lang: text().optional() }) } },
    async (request, reply) => {
      requireAdmin(request);
      return exportProposals(app.db, request.params.slug, request.query.format, reply);
    });
};

function importItems(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) return (body as { items: unknown[] }).items;
  return null;
}
