/** /api/:targetType/:id/comments and /api/comments/:id: threads, replies, edits, votes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Comment, CreateCommentBody, EditCommentBody, VoteBody, CommentHistory, CommentList, CommentListQuery, CommentParams, TargetParams, VoteTotals } from '@mesa/shared';
import { requireUser } from '../../plugins/auth.ts';
import { commentHistory, deleteComment, editComment, listComments, postComment, voteOnComment } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['comments'];

export const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  const viewer = (request: FastifyRequest) => request.user && { id: request.user.id, isAdmin: request.user.isAdmin };

  app.get('/api/:targetType/:id/comments', {
    schema: { tags, summary: 'A thread in thread order (placeholders for hidden and deleted comments)', params: TargetParams, querystring: CommentListQuery, response: { 200: CommentList } },
  }, async (request) => {
    const key = { targetType: request.params.targetType, targetId: request.params.id };
    return listComments(app.db, app.comments.targets, key, request.query.sort, viewer(request));
  });

  app.post('/api/:targetType/:id/comments', {
    schema: { security: SIGNED_IN, tags, summary: 'Comment, or reply to a comment (signed in, while the phase allows)', params: TargetParams, body: CreateCommentBody, response: { 201: Comment } },
  }, async (request, reply) => {
    const user = requireUser(request);
    const key = { targetType: request.params.targetType, targetId: request.params.id };
    return reply.status(201).send(await postComment(app.db, app.comments, user, key, request.body));
  });

  app.patch('/api/comments/:id', {
    schema: { security: SIGNED_IN, tags, summary: 'Edit your comment (the previous body is kept)', params: CommentParams, body: EditCommentBody, response: { 200: Comment } },
  }, async (request) => {
    return editComment(app.db, app.comments, requireUser(request), request.params.id, request.body.body);
  });

  app.get('/api/comments/:id/history', {
    schema: { security: SIGNED_IN, tags, summary: 'Earlier versions of a comment (author or admin)', params: CommentParams, response: { 200: CommentHistory } },
  }, async (request) => {
    return commentHistory(app.db, app.comments.targets, requireUser(request), request.params.id);
  });

  app.delete('/api/comments/:id', {
    schema: { security: SIGNED_IN, tags, summary: 'Delete a comment (author or admin); its replies stay', params: CommentParams },
  }, async (request, reply) => {
    await deleteComment(app.db, app.comments, requireUser(request), request.params.id);
    return reply.status(204).send();
  });

  app.put('/api/comments/:id/vote', {
    schema: { security: SIGNED_IN, tags, summary: 'Vote a comment up (1) or down (-1), or withdraw the vote (0)', params: CommentParams, body: VoteBody, response: { 200: VoteTotals } },
  }, async (request) => {
    return voteOnComment(app.db, app.comments, requireUser(request), request.params.id, request.body.value);
  });
};
