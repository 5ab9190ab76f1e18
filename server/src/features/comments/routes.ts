/** /api/:targetType/:id/comments and /api/comments/:id: threads, replies, edits, votes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Comment, CreateCommentBody, EditCommentBody, MAX_COMMENT_DEPTH, VoteBody, CommentHistory, CommentList, CommentListQuery, CommentParams, TargetParams, VoteTotals } from '@mesa/shared';
import { requireUser } from '../../plugins/auth.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { commentHistory, deleteComment, editComment, listComments, postComment, voteOnComment, type Failure } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['comments'];

/** The problem+json a failed comment intent answers with. */
export function commentProblem(request: FastifyRequest, f: Failure): ProblemError {
  switch (f.problem) {
    case 'not-found': return problem.notFound('comment');
    case 'target-hidden': return new ProblemError(409, 'conflict', 'target-hidden');
    // A consultation past its closing date is a closed phase for the client.
    case 'closed': return new ProblemError(409, f.detail === 'consultation-closed' ? 'phase-closed' : 'conflict', f.detail ?? 'comments-closed');
    case 'bad-anchor': return problem.validation([f.error ?? { path: 'body.anchor', message: 'invalid anchor' }]);
    case 'deleted': return new ProblemError(409, 'conflict', 'comment-deleted');
    case 'not-author': return problem.notAllowed('comment-author-only');
    case 'not-allowed': return problem.notAllowed('comment-author-or-admin');
    case 'parent-not-found':
      return problem.validation([{ path: 'body.parentId', message: request.t('problems:detail.parent-not-found') }]);
    case 'too-deep':
      return problem.validation([{ path: 'body.parentId', message: request.t('problems:detail.reply-too-deep', { max: MAX_COMMENT_DEPTH }) }]);
  }
}

export const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  const viewer = (request: FastifyRequest) => request.user && { id: request.user.id, isAdmin: request.user.isAdmin };

  app.get('/api/:targetType/:id/comments', {
    schema: { tags, summary: 'A thread in thread order (placeholders for hidden and deleted comments)', params: TargetParams, querystring: CommentListQuery, response: { 200: CommentList } },
  }, async (request) => {
    const key = { targetType: request.params.targetType, targetId: request.params.id };
    const outcome = await listComments(app.db, key, request.query.sort, viewer(request));
    if (!outcome.ok) throw commentProblem(request, outcome);
    return { items: outcome.items, total: outcome.total };
  });

  app.post('/api/:targetType/:id/comments', {
    schema: { security: SIGNED_IN, tags, summary: 'Comment, or reply to a comment (signed in, while the phase allows)', params: TargetParams, body: CreateCommentBody, response: { 201: Comment } },
  }, async (request, reply) => {
    const user = requireUser(request);
    const key = { targetType: request.params.targetType, targetId: request.params.id };
    const outcome = await postComment(app, user, key, request.body);
    if (!outcome.ok) throw commentProblem(request, outcome);
    return reply.status(201).send(outcome.comment);
  });

  app.patch('/api/comments/:id', {
    schema: { security: SIGNED_IN, tags, summary: 'Edit your comment (the previous body is kept)', params: CommentParams, body: EditCommentBody, response: { 200: Comment } },
  }, async (request) => {
    const outcome = await editComment(app, requireUser(request), request.params.id, request.body.body);
    if (!outcome.ok) throw commentProblem(request, outcome);
    return outcome.comment;
  });

  app.get('/api/comments/:id/history', {
    schema: { security: SIGNED_IN, tags, summary: 'Earlier versions of a comment (author or admin)', params: CommentParams, response: { 200: CommentHistory } },
  }, async (request) => {
    const outcome = await commentHistory(app.db, requireUser(request), request.params.id);
    if (!outcome.ok) throw commentProblem(request, outcome);
    return { commentId: outcome.commentId, deleted: outcome.deleted, items: outcome.items };
  });

  app.delete('/api/comments/:id', {
    schema: { security: SIGNED_IN, tags, summary: 'Delete a comment (author or admin); its replies stay', params: CommentParams },
  }, async (request, reply) => {
    const outcome = await deleteComment(app, requireUser(request), request.params.id);
    if (!outcome.ok) throw commentProblem(request, outcome);
    return reply.status(204).send();
  });

  app.put('/api/comments/:id/vote', {
    schema: { security: SIGNED_IN, tags, summary: 'Vote a comment up (1) or down (-1), or withdraw the vote (0)', params: CommentParams, body: VoteBody, response: { 200: VoteTotals } },
  }, async (request) => {
    const outcome = await voteOnComment(app, requireUser(request), request.params.id, request.body.value);
    if (!outcome.ok) throw commentProblem(request, outcome);
    return outcome.votes;
  });
};
