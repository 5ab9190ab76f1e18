/** Questions from the floor of a workshop. */
import { z } from 'zod';
import { text } from '@mesa/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Conn } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';
import { askQuestion, findQuestion, questionList, setAnswered, voteQuestion } from './questions-repo.ts';
import { loadWorkshop, type Who } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['workshops'];
const IdParams = z.strictObject({ id: z.uuid() });
const who = (request: FastifyRequest): Who => ({ user: request.user, guest: request.guest });

export const questionRoutes: FastifyPluginAsyncZod = async (app) => {
  /** Everyone in the room gets the public list (hidden questions left out), read under the room's lock. */
  const announce = (w: { id: string; process_id: string }) => app.rooms.publish({
    room: `workshop:${w.id}`, event: 'workshop/questions', processId: w.process_id,
    data: async (trx: Conn) => ({ items: (await questionList(trx, w.id, null, false)).map(({ mine: _m, votedByMe: _v, ...q }) => q) }),
  });

  app.get('/api/workshops/:id/questions', { schema: { security: SIGNED_IN, tags, summary: 'Questions, unanswered and most upvoted first', params: IdParams } }, async (request) => {
    const { w, me, facilitates } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
    return { items: await questionList(app.db, w.id, me?.key ?? null, facilitates) };
  });

  app.post('/api/workshops/:id/questions', { schema: { security: SIGNED_IN, tags, summary: 'Ask a short question (participants, guests too)', params: IdParams, body: z.strictObject({ body: text().trim().min(3).max(280) }) } },
    async (request, reply) => {
      const { w, me } = await loadWorkshop(app.db, request.params.id, who(request), 'view');
      if (!me) throw problem.notAllowed('workshop-participants-only');
      const id = await askQuestion(app.db, w, me, request.body.body);
      await announce(w);
      return reply.status(201).send({ id });
    });

  app.put('/api/workshop-questions/:id/vote', { schema: { security: SIGNED_IN, tags, summary: 'Upvote a question (1) or take the upvote back (0)', params: IdParams, body: z.strictObject({ value: z.union([z.literal(0), z.literal(1)]) }) } },
    async (request) => {
      const q = await findQuestion(app.db, request.params.id);
      const { w, me } = await loadWorkshop(app.db, q.workshop_id, who(request), 'view');
      if (!me || q.hidden) throw problem.notAllowed('workshop-participants-only');
      await voteQuestion(app.db, q, me.key, request.body.value);
      await announce(w);
      return { ok: true };
    });

  app.post('/api/workshop-questions/:id/answered', { schema: { security: SIGNED_IN, tags, summary: 'Mark a question answered, or not (facilitator)', params: IdParams, body: z.strictObject({ answered: z.boolean() }) } },
    async (request) => {
      const q = await findQuestion(app.db, request.params.id);
      const { w } = await loadWorkshop(app.db, q.workshop_id, who(request), 'facilitate');
      await setAnswered(app.db, q.id, request.body.answered);
      await announce(w);
      return { ok: true };
    });
};
