/** Residents' open call routes: list, read, submit, edit, withdraw, support; markdown preview. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateProposalBody, EditProposalBody, Proposal, ProposalList, ProposalListQuery, ProposalStats, Slug, SupportResult } from '@mesa/shared';
import { requireUser } from '../../plugins/auth.ts';
import { renderMarkdown } from '../../shared/markdown.ts';
import { proposalStats, processBySlug } from './admin-service.ts';
import { listProposalIds } from './list.ts';
import { asSeenByEveryone, proposalViews } from './repo.ts';
import { editProposal, setSupport, submitProposal, visibleProposal, withdrawProposal } from './service.ts';

const tags = ['proposals'];
const SlugParams = z.strictObject({ slug: Slug });
const IdParams = z.strictObject({ id: z.uuid() });
const LangQuery = z.strictObject({ lang: z.string().optional() });

export const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/processes/:slug/proposals', { schema: { tags, summary: 'Proposals with filters, search, sort and facet counts', params: SlugParams, querystring: ProposalListQuery, response: { 200: ProposalList } } },
    async (request) => {
      const process = await processBySlug(app.db, request.params.slug);
      const page = await listProposalIds(app.db, process.id, request.query, request.user?.isAdmin ?? false);
      return { ...page, items: await proposalViews(app.db, page.ids, request.user?.id) };
    });

  app.get('/api/processes/:slug/proposals/stats', { schema: { tags, summary: 'How many proposals, by state, and how many still await an answer', params: SlugParams, querystring: LangQuery, response: { 200: ProposalStats } } },
    async (request) => proposalStats(app.db, request.params.slug));

  app.post('/api/processes/:slug/proposals', { schema: { tags, summary: 'Submit a proposal (open call)', params: SlugParams, body: CreateProposalBody, response: { 201: Proposal } } },
    async (request, reply) => {
      const user = requireUser(request);
      const proposal = await submitProposal(app.db, request.params.slug, request.body, user);
      await app.rooms.publish({ room: `process:${proposal.processSlug}`, event: 'proposals/created', data: { proposal: asSeenByEveryone(proposal) }, processId: null });
      return reply.status(201).send(proposal);
    });

  app.get('/api/proposals/:id', { schema: { tags, summary: 'A proposal', params: IdParams, querystring: LangQuery, response: { 200: Proposal } } },
    async (request) => {
      await visibleProposal(app.db, request.params.id, request.user);
      return (await proposalViews(app.db, [request.params.id], request.user?.id))[0]!;
    });

  app.patch('/api/proposals/:id', { schema: { tags, summary: 'Edit one\'s proposal (until its first support or comment)', params: IdParams, body: EditProposalBody, response: { 200: Proposal } } },
    async (request) => {
      const proposal = await editProposal(app.db, request.params.id, request.body, requireUser(request));
      await app.rooms.publish({ room: `process:${proposal.processSlug}`, event: 'proposals/updated', data: { proposal: asSeenByEveryone(proposal) }, processId: null });
      return proposal;
    });

  app.post('/api/proposals/:id/withdraw', { schema: { tags, summary: 'Withdraw one\'s proposal', params: IdParams, response: { 200: Proposal } } },
    async (request) => {
      const out = await withdrawProposal(app.db, request.params.id, requireUser(request));
      await app.rooms.publish({ room: `process:${out.slug}`, event: 'proposals/state-changed', data: { proposalId: out.proposal.id, state: 'withdrawn' }, processId: out.processId });
      return out.proposal;
    });

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    app[method]('/api/proposals/:id/supports', { schema: { tags, summary: on ? 'Support a proposal (idempotent)' : 'Withdraw one\'s support', params: IdParams, response: { 200: SupportResult } } },
      async (request) => {
        const out = await setSupport(app.db, request.params.id, requireUser(request), on);
        if (out.changed) app.proposalCounts.changed(out.processId, request.params.id);
        return out.result;
      });
  }

  app.post('/api/markdown/preview', { schema: { tags, summary: 'Render markdown as it will be shown', body: z.strictObject({ body: z.string().max(10_000) }), response: { 200: z.object({ html: z.string() }) } } },
    async (request) => {
      requireUser(request);
      return { html: renderMarkdown(request.body.body) };
    });

};
