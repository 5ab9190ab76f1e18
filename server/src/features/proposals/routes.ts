/** Residents' open call routes: list, read, submit, edit, withdraw, support; markdown preview. */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateProposalBody, EditProposalBody, Proposal, ProposalList, ProposalListQuery, ProposalStats, Slug, SupportResult, text } from '@mesa/shared';
import { requireUser } from '../../plugins/auth.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { problem } from '../../plugins/problems.ts';
import { proposalStats } from './admin-service.ts';
import { listPage } from './list.ts';
import { asSeenByEveryone, proposalViews, viewerOf } from './repo.ts';
import { editProposal, setSupport, submitProposal, withdrawProposal } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['proposals'];
const SlugParams = z.strictObject({ slug: Slug });
const IdParams = z.strictObject({ id: z.uuid() });
const LangQuery = z.strictObject({ lang: text().optional() });

/**
 * The busiest routes (list, proposal page, supports) build their replies field by field from the
 * types of their zod schemas (`proposalViews`), so they are sent with JSON.stringify rather than
 * a zod parse of every reply: that parse was the app's largest cost of a list page after the
 * queries (docs/BENCHMARKS.md). The schemas still document the routes in OpenAPI, and the tests
 * parse these replies with them (perf-paths.api.test.ts).
 */
/** Sends JSON already serialised (a string with a JSON content type goes out as it is). */
function sendJsonText(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json);
}
const sentAsBuilt = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) };

export const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/processes/:slug/proposals', { ...sentAsBuilt, schema: { tags, summary: 'Proposals with filters, search, sort and facet counts', params: SlugParams, querystring: ProposalListQuery, response: { 200: ProposalList } } },
    async (request, reply) => {
      const { slug } = request.params;
      // Anonymous readers share pages (page-cache.ts): the same JSON as a fresh read, without the queries.
      const shared = request.user === null;
      const queryKey = shared ? JSON.stringify(request.query) : '';
      const cached = shared ? app.proposalPages.get(slug, queryKey) : undefined;
      if (cached !== undefined) return sendJsonText(reply, cached);
      const generation = app.proposalPages.generation(slug);
      const processId = await app.proposalTotals.processId(app.db, slug);
      if (!processId) throw problem.notFound('process');
      const includeHidden = request.user?.isAdmin ?? false;
      const [page, totals] = await Promise.all([
        listPage(app.db, processId, request.query, includeHidden, viewerOf(request.user)),
        app.proposalTotals.get(app.db, processId, request.query, includeHidden, request.query.facets === 'true'),
      ]);
      const json = JSON.stringify({ items: page.items, nextCursor: page.nextCursor, total: totals.total, seed: page.seed, ...(totals.facets ? { facets: totals.facets } : {}) });
      if (shared) app.proposalPages.set(slug, queryKey, generation, json);
      return sendJsonText(reply, json);
    });

  app.get('/api/processes/:slug/proposals/stats', { schema: { tags, summary: 'How many proposals, by state, and how many still await an answer', params: SlugParams, querystring: LangQuery, response: { 200: ProposalStats } } },
    async (request) => proposalStats(app.db, request.params.slug));

  app.post('/api/processes/:slug/proposals', { schema: { security: SIGNED_IN, tags, summary: 'Submit a proposal (open call)', params: SlugParams, body: CreateProposalBody, response: { 201: Proposal } } },
    async (request, reply) => {
      const user = requireUser(request);
      const proposal = await submitProposal(app.db, request.params.slug, request.body, user);
      app.proposalTotals.invalidateSlug(proposal.processSlug);
      await app.rooms.publish({ room: `process:${proposal.processSlug}`, event: 'proposals/created', data: { proposal: asSeenByEveryone(proposal) }, processId: null });
      return reply.status(201).send(proposal);
    });

  app.get('/api/proposals/:id', { ...sentAsBuilt, schema: { tags, summary: 'A proposal', params: IdParams, querystring: LangQuery, response: { 200: Proposal } } },
    async (request) => {
      const [p] = await proposalViews(app.db, [request.params.id], viewerOf(request.user));
      if (!p || (p.hidden && !request.user?.isAdmin)) throw problem.notFound('proposal');
      return p;
    });

  app.patch('/api/proposals/:id', { schema: { security: SIGNED_IN, tags, summary: 'Edit one\'s proposal (until its first support or comment)', params: IdParams, body: EditProposalBody, response: { 200: Proposal } } },
    async (request) => {
      const proposal = await editProposal(app.db, request.params.id, request.body, requireUser(request));
      app.proposalTotals.invalidateSlug(proposal.processSlug);
      await app.rooms.publish({ room: `process:${proposal.processSlug}`, event: 'proposals/updated', data: { proposal: asSeenByEveryone(proposal) }, processId: null });
      return proposal;
    });

  app.post('/api/proposals/:id/withdraw', { schema: { security: SIGNED_IN, tags, summary: 'Withdraw one\'s proposal', params: IdParams, response: { 200: Proposal } } },
    async (request) => {
      const out = await withdrawProposal(app.db, request.params.id, requireUser(request));
      app.proposalTotals.invalidate(out.processId);
      await app.rooms.publish({ room: `process:${out.slug}`, event: 'proposals/state-changed', data: { proposalId: out.proposal.id, state: 'withdrawn' }, processId: out.processId });
      return out.proposal;
    });

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    app[method]('/api/proposals/:id/supports', { ...sentAsBuilt, schema: { security: SIGNED_IN, tags, summary: on ? 'Support a proposal (idempotent)' : 'Withdraw one\'s support', params: IdParams, response: { 200: SupportResult } } },
      async (request) => {
        const out = await setSupport(app.db, request.params.id, requireUser(request), on, app.supportBatcher);
        if (out.changed) app.proposalCounts.changed(out.processId, request.params.id);
        return out.result;
      });
  }

  app.post('/api/markdown/preview', { schema: { security: SIGNED_IN, tags, summary: 'Render markdown as it will be shown', body: z.strictObject({ body: text().max(10_000) }), response: { 200: z.object({ html: z.string() }) } } },
    async (request) => {
      requireUser(request);
      return { html: renderMarkdown(request.body.body) };
    });

};
