/** /api/processes/:slug/rounds and /api/rounds/*: prioritisation rounds over HTTP. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BallotBody, ComparisonBody, CreateRoundBody, PaperBallotBody, Round, RoundResults, SelectionBody, Slug, text, type Ballot } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { requireProcess } from '../processes/service.ts';
import { ballotCount, findBallot, findRound, roundView } from './repo.ts';
import {
  castBallot, closeRoundAsManager, compare, createRound, enterPaperBallot, openRound, participantKey, processRounds, revealRound, roundResults, selectProposals,
} from './service.ts';
import { roundRoom } from './live.ts';
import { resultsCsv } from './export.ts';
import type { FastifyRequest } from 'fastify';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['rounds'];
const IdParams = z.strictObject({ id: z.uuid() });
const SlugParams = z.strictObject({ slug: Slug });

export const roundRoutes: FastifyPluginAsyncZod = async (app) => {
  const event = (r: { slug: string; process_id: string; workshop_id: string | null; table_no: number | null }, name: string, data: unknown) =>
    app.rooms.publish({ room: roundRoom(r), event: name, data, processId: r.process_id });
  const caller = (request: FastifyRequest) => ({ user: request.user, guest: request.guest });

  app.get('/api/processes/:slug/rounds', { schema: { tags, summary: 'Rounds of a process', params: SlugParams, response: { 200: z.object({ items: z.array(Round) }) } } },
    async (request) => {
      const process = await requireProcess(app.db, request.params.slug, ['id']);
      return { items: await processRounds(app.db, process.id) };
    });

  app.post('/api/processes/:slug/rounds', { schema: { security: SIGNED_IN, tags, summary: 'Create a prioritisation round (admin, facilitator)', params: SlugParams, body: CreateRoundBody, response: { 201: Round } } },
    async (request, reply) => reply.status(201).send(await createRound(app.db, request.params.slug, request.body, requireUser(request))));

  app.get('/api/rounds/:id', { schema: { tags, summary: 'A round', params: IdParams, response: { 200: Round } } }, async (request) => {
    const r = await findRound(app.db, request.params.id);
    if (!r) throw problem.notFound('round');
    return roundView(r, await ballotCount(app.db, r.id));
  });

  app.post('/api/rounds/:id/open', { schema: { security: SIGNED_IN, tags, summary: 'Open a round (admin, facilitator)', params: IdParams, response: { 200: Round } } }, async (request) => {
    const round = await openRound(app.db, request.params.id, requireUser(request));
    const r = (await findRound(app.db, round.id))!;
    await event(r, 'rounds/opened', { round });
    app.roundsLive.schedule(round.id, r.closes_at);
    return round;
  });

  app.post('/api/rounds/:id/close', { schema: { security: SIGNED_IN, tags, summary: 'Close a round; its results become final (admin, facilitator)', params: IdParams, response: { 200: Round } } }, async (request) => {
    const round = await closeRoundAsManager(app.db, request.params.id, requireUser(request));
    await app.roundsLive.announceClosed(round.id);
    return round;
  });

  app.post('/api/rounds/:id/reveal', { schema: { security: SIGNED_IN, tags, summary: 'Show or hide the running tally to participants (admin, facilitator)', params: IdParams, body: z.strictObject({ revealed: z.boolean() }), response: { 200: Round } } }, async (request) => {
    const round = await revealRound(app.db, request.params.id, request.body.revealed, requireUser(request));
    app.roundsLive.changed(round.id);
    return round;
  });

  app.get('/api/rounds/:id/ballot', { schema: { security: SIGNED_IN, tags, summary: 'The caller\'s own ballot', params: IdParams } }, async (request) => {
    const r = await findRound(app.db, request.params.id);
    if (!r) throw problem.notFound('round');
    const key = participantKey(r, caller(request));
    if (!key) throw problem.unauthorised();
    const row = await findBallot(app.db, r.id, key);
    if (!row) throw problem.notFound('ballot');
    return { ballot: row.ballot as Ballot, updatedAt: new Date(row.updated_at).toISOString() };
  });

  app.put('/api/rounds/:id/ballot', { schema: { security: SIGNED_IN, tags, summary: 'Replace the caller\'s ballot', params: IdParams, body: BallotBody } }, async (request) => {
    await castBallot(app.db, request.params.id, request.body, caller(request));
    app.roundsLive.changed(request.params.id);
    return { ok: true };
  });

  app.post('/api/rounds/:id/comparisons', { schema: { security: SIGNED_IN, tags, summary: 'Pairwise: pick one of two, or skip', params: IdParams, body: ComparisonBody } }, async (request, reply) => {
    await compare(app.db, request.params.id, request.body, caller(request));
    app.roundsLive.changed(request.params.id);
    return reply.status(201).send({ ok: true });
  });

  app.post('/api/rounds/:id/paper-ballots', { schema: { security: SIGNED_IN, tags, summary: 'Enter a paper ballot from an in-person table (admin, facilitator)', params: IdParams, body: PaperBallotBody } }, async (request, reply) => {
    const out = await enterPaperBallot(app.db, request.params.id, request.body, requireUser(request));
    app.roundsLive.changed(request.params.id);
    return reply.status(201).send({ participant: out.key });
  });

  app.get('/api/rounds/:id/results', { schema: { security: SIGNED_IN, tags, summary: 'Results: final once closed, running ones only if the round shows them', params: IdParams, querystring: z.strictObject({ lang: text().optional() }), response: { 200: RoundResults } } },
    async (request) => roundResults(app.db, request.params.id, request.user));

  app.get('/api/rounds/:id/results/export', { schema: { security: SIGNED_IN, tags, summary: 'Results as a CSV or JSON download', params: IdParams, querystring: z.strictObject({ format: z.enum(['csv', 'json']).default('csv'), lang: text().optional() }) } },
    async (request, reply) => {
      const results = await roundResults(app.db, request.params.id, request.user);
      reply.header('content-disposition', `attachment; filename="round-${results.roundId}.${request.query.format}"`);
      if (request.query.format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(results, null, 2));
      return reply.type('text/csv; charset=utf-8').send(resultsCsv(results));
    });

  app.post('/api/processes/:slug/selection', { schema: { security: SIGNED_IN, tags, summary: 'Mark the proposals selected for drafting (clears the others; admin)', params: SlugParams, body: SelectionBody, response: { 200: z.object({ selected: z.number().int() }) } } },
    async (request) => {
      const admin = requireAdmin(request);
      const process = await requireProcess(app.db, request.params.slug, ['id', 'slug']);
      const ids = [...new Set(request.body.proposalIds)];
      const selected = await selectProposals(app.db, process, ids, admin);
      await app.rooms.publish({ room: `process:${process.slug}`, event: 'proposals/selection-changed', data: { proposalIds: ids }, processId: process.id });
      return { selected };
    });
};
