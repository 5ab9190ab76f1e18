/** Consultation routes: publish, agree/disagree per section, follow, reasoned replies, queue, reports. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Comment, CommentParams, CommitmentReport, FollowResult, ProcessReport, PublishConsultationBody, PublishConsultationResult,
  ReplyQueue, ReplyQueueQuery, ResponseBody, Slug, StanceBody, StanceResult, TEXT_FIELDS,
} from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { follow, publishConsultation, replyQueue, respondToComment, setStance } from './consultation.ts';
import { commitmentReport, processReport } from './consultation-report.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['consultation'];
const IdParams = z.strictObject({ id: z.uuid() });
const SlugParams = z.strictObject({ slug: Slug });

export const consultationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/processes/:slug/consultation', {
    schema: { security: SIGNED_IN, tags, summary: 'Publish commitments for consultation until closesAt (admin): each gets a version "for consultation"; opens the consultation phase', params: SlugParams, body: PublishConsultationBody, response: { 200: PublishConsultationResult } },
  }, async (request) => {
    const out = await publishConsultation(app.db, request.params.slug, request.body, requireAdmin(request));
    for (const item of out.items) {
      await app.rooms.publish({ room: `commitment:${item.id}`, event: 'commitment/updated', data: { state: 'in-consultation', closesAt: out.closesAt }, processId: item.processId });
    }
    return { closesAt: out.closesAt, items: out.items.map(({ processId: _p, ...i }) => i) };
  });

  app.put('/api/commitments/:id/stances/:field', {
    schema: { security: SIGNED_IN, tags, summary: 'Agree or disagree with a section (null withdraws); one per person and section, while the consultation is open', params: z.strictObject({ id: z.uuid(), field: z.enum(TEXT_FIELDS) }), body: StanceBody, response: { 200: StanceResult } },
  }, async (request) => {
    const { processId, ...out } = await setStance(app.db, request.params.id, request.params.field, request.body.stance, requireUser(request));
    await app.rooms.publish({ room: `commitment:${request.params.id}`, event: 'commitment/stances-changed', data: { field: out.field, agree: out.agree, disagree: out.disagree }, processId });
    return out;
  });

  app.put('/api/commitments/:id/follow', { schema: { security: SIGNED_IN, tags, summary: 'Follow a commitment (idempotent)', params: IdParams, response: { 200: FollowResult } } },
    async (request) => follow(app.db, request.params.id, true, requireUser(request)));
  app.delete('/api/commitments/:id/follow', { schema: { security: SIGNED_IN, tags, summary: 'Stop following a commitment (idempotent)', params: IdParams, response: { 200: FollowResult } } },
    async (request) => follow(app.db, request.params.id, false, requireUser(request)));

  app.post('/api/comments/:id/response', {
    schema: { security: SIGNED_IN, tags, summary: 'The reasoned reply to a consultation comment (drafters of its commitment, admins); replaces an earlier one', params: CommentParams, body: ResponseBody, response: { 200: Comment } },
  }, async (request) => respondToComment(app, request.params.id, request.body, requireUser(request)));

  app.get('/api/processes/:slug/reply-queue', {
    schema: { security: SIGNED_IN, tags, summary: 'Consultation comments on the commitments one drafts (admins: all), unanswered first', params: SlugParams, querystring: ReplyQueueQuery, response: { 200: ReplyQueue } },
  }, async (request) => replyQueue(app.db, request.params.slug, requireUser(request), { commitmentId: request.query.commitmentId, unansweredOnly: request.query.unanswered === 'true' }));

  app.get('/api/commitments/:id/consultation-report', { schema: { tags, summary: 'Comments and agree/disagree per section, share answered, outcomes, changes since the consultation version', params: IdParams, response: { 200: CommitmentReport } } },
    async (request) => commitmentReport(app.db, request.params.id, request.user));
  app.get('/api/processes/:slug/consultation-report', { schema: { tags, summary: 'The consultation report of every published commitment, with totals', params: SlugParams, response: { 200: ProcessReport } } },
    async (request) => processReport(app.db, request.params.slug, request.user));
};
