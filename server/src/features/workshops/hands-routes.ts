/** Raised hands: raise and lower one's own, the queue, the facilitator lowering someone's. */
import { z } from 'zod';
import { text } from '@mesa/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { problem } from '../../plugins/problems.ts';
import type { Conn } from '../../db/database.ts';
import { handsQueue, lowerHand, raiseHand } from './hands-repo.ts';
import { loadWorkshop, type Who } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['workshops'];
const IdParams = z.strictObject({ id: z.uuid() });
const who = (request: FastifyRequest): Who => ({ user: request.user, guest: request.guest });

export const handsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/workshops/:id/hands', { schema: { security: SIGNED_IN, tags, summary: 'Raised hands in the order raised', params: IdParams } }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
    return { items: await handsQueue(app.db, w.id) };
  });

  app.post('/api/workshops/:id/hands', { schema: { security: SIGNED_IN, tags, summary: 'Raise or lower one\'s own hand (participants; the same as the websocket `hand` message)', params: IdParams, body: z.strictObject({ raised: z.boolean() }) } }, async (request) => {
    const { w, me } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
    if (!me) throw problem.notAllowed('workshop-participants-only');
    if (request.body.raised) await raiseHand(app.db, w, me.key);
    else await lowerHand(app.db, w.id, me.key);
    await app.rooms.publish({ room: `workshop:${w.id}`, event: 'workshop/hands', data: async (trx: Conn) => ({ queue: await handsQueue(trx, w.id) }), processId: w.process_id });
    return { items: await handsQueue(app.db, w.id) };
  });

  app.post('/api/workshops/:id/hands/lower', { schema: { security: SIGNED_IN, tags, summary: 'Lower a participant\'s hand (facilitator)', params: IdParams, body: z.strictObject({ key: text().max(60) }) } }, async (request) => {
    const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
    await lowerHand(app.db, w.id, request.body.key);
    await app.rooms.publish({ room: `workshop:${w.id}`, event: 'workshop/hands', data: async (trx: Conn) => ({ queue: await handsQueue(trx, w.id) }), processId: w.process_id });
    return { items: await handsQueue(app.db, w.id) };
  });
};
