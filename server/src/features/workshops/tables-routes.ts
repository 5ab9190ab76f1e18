/** Breakout tables (form, close, progress, combine, the caller's table) and broadcasts to the plenary and every table. */
import { z } from 'zod';
import { text } from '@mesa/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { problem } from '../../plugins/problems.ts';
import { findRound, roundView } from '../rounds/service.ts';
import { lastBroadcast, tableMembers } from './repo.ts';
import { loadWorkshop, type Who } from './service.ts';
import { combineTables, dissolveTables, formTables, tablesProgress } from './tables.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['workshops'];
const IdParams = z.strictObject({ id: z.uuid() });
const who = (request: FastifyRequest): Who => ({ user: request.user, guest: request.guest });

export const tablesRoutes: FastifyPluginAsyncZod = async (app) => {
  const publish = (w: { id: string; process_id: string }, event: string, data: unknown, room = `workshop:${w.id}`) =>
    app.rooms.publish({ room, event, data, processId: w.process_id });

  app.post('/api/workshops/:id/tables', {
    schema: { security: SIGNED_IN, tags, summary: 'Split those present into tables: at random, balancing sectors, or by hand (facilitator)', params: IdParams,
      body: z.strictObject({ count: z.number().int().min(1).max(50), strategy: z.enum(['random', 'balanced', 'manual']), assignments: z.record(text().max(60), z.number().int()).optional() }) },
  }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    const seats = await formTables(app.db, w, request.body, request.user!.id);
    await publish(w, 'workshop/tables-formed', { count: request.body.count, seats });
    return { count: request.body.count, seats };
  });

  app.delete('/api/workshops/:id/tables', { schema: { security: SIGNED_IN, tags, summary: 'Close the tables; everyone is back in the plenary (facilitator)', params: IdParams } }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    await dissolveTables(app.db, w);
    await publish(w, 'workshop/tables-closed', {});
    return { ok: true };
  });

  app.get('/api/workshops/:id/tables', { schema: { security: SIGNED_IN, tags, summary: 'Each table\'s members and progress (facilitator)', params: IdParams } }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    return { items: await tablesProgress(app.db, w) };
  });

  app.post('/api/workshops/:id/broadcast', {
    schema: { security: SIGNED_IN, tags, summary: 'A message or a timer to the plenary and every table (facilitator)', params: IdParams,
      body: z.strictObject({ message: text().trim().min(1).max(500).optional(), timerSec: z.number().int().min(5).max(7200).optional() }) },
  }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    if (!request.body.message && !request.body.timerSec) throw problem.validation([{ path: 'body', message: 'a message, a timer, or both' }]);
    const data = { message: request.body.message ?? null, endsAt: request.body.timerSec ? new Date(Date.now() + request.body.timerSec * 1000).toISOString() : null };
    await publish(w, 'workshop/broadcast', data);
    for (let table = 1; table <= w.tables_count; table++) await publish(w, 'workshop/broadcast', data, `workshop:${w.id}:table:${table}`);
    return data;
  });

  app.get('/api/workshops/:id/broadcast', { schema: { security: SIGNED_IN, tags, summary: 'The latest message/timer sent to everyone, or null (read from the room\'s kept events)', params: IdParams } }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
    return { broadcast: await lastBroadcast(app.db, w.id) };
  });

  app.post('/api/workshops/:id/tables/combine', {
    schema: { security: SIGNED_IN, tags, summary: 'Pull tables\' rounds back into one plenary result (facilitator)', params: IdParams,
      body: z.strictObject({ roundIds: z.array(z.uuid()).min(1).max(50), title: text().trim().min(3).max(200) }) },
  }, async (request, reply) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    const id = await combineTables(app.db, w, request.body.roundIds, request.body.title, request.user!.id);
    const row = (await findRound(app.db, id))!;
    const round = roundView(row, 0);
    // The same shape as any closed round's tally, from the stored combined results (the plenary round holds no ballots of its own).
    const results = row.results as { participants: number; paperBallots: number; participantsBySector: Record<string, number>; items: { proposalId: string; score: number; rank: number }[] };
    await publish(w, 'rounds/closed', {
      roundId: id, state: 'closed', revealed: true, participants: results.participants, paperBallots: results.paperBallots,
      participantsBySector: results.participantsBySector, items: results.items.map((i) => ({ proposalId: i.proposalId, score: i.score, rank: i.rank })),
      combinedFrom: round.combinedFrom,
    });
    return reply.status(201).send(round);
  });

  app.get('/api/workshops/:id/tables/mine', { schema: { security: SIGNED_IN, tags, summary: 'The caller\'s table: its number and who sits there (participants)', params: IdParams } }, async (request) => {
    const { w, me } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
    if (!me) throw problem.notAllowed('workshop-participants-only');
    if (!me.table) return { table: null, members: [] };
    return { table: me.table, members: await tableMembers(app.db, w.id, me.table) };
  });
};
