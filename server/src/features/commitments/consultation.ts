/**
 * Consultation intents: publish commitments for consultation, agree/disagree per section, follow,
 * the drafting team's reasoned replies and their queue.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Comment, PhaseKind, PublishConsultationBody, ResponseBody, Stance, TextField } from '@mesa/shared';
import type { Conn, Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { publishCommitted } from '../../lib/live.ts';
import { findComment, listForTarget } from '../comments/service.ts';
import { commentView, type StoredResponse } from '../comments/rules.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { openPhaseIn, recordAudit, requireProcess } from '../processes/service.ts';
import { commitmentComments } from './comment-target.ts';
import { consultationClosedReason } from './consultation-rules.ts';
import { followerCount } from './consultation-repo.ts';
import { accessTo, findCommitmentRow } from './repo.ts';
import { loadCommitment, recordVersion } from './service.ts';

/** The label of the version recorded on publishing, in the process's language (stored data, like any label). */
export const CONSULTATION_LABELS: Record<string, string> = { en: 'for consultation', es: 'para consulta', fr: 'pour consultation', pt: 'para consulta' };

/**
 * Publishes commitments (the given ones, or every draft of the process) for consultation until
 * `closesAt`: each is frozen as a version labelled "for consultation" (in the process's language), the consultation phase
 * opens if it is not open yet. Publishing again moves the closing date.
 */
export async function publishConsultation(db: Db, slug: string, body: z.infer<typeof PublishConsultationBody>, admin: SessionUser, now = new Date()) {
  const closesAt = new Date(body.closesAt);
  if (closesAt.getTime() <= now.getTime()) throw problem.validation([{ path: 'body.closesAt', message: 'the closing date must be in the future' }]);
  return db.transaction().execute(async (trx) => {
    const p = await requireProcess(trx, slug, ['id', 'active_phase', 'language'], { lock: true });
    let ids = body.commitmentIds ? [...new Set(body.commitmentIds)] : null;
    if (!ids) {
      ids = (await trx.selectFrom('commitments').select('id').where('process_id', '=', p.id).where('state', '=', 'drafting').execute()).map((r) => r.id);
      if (ids.length === 0) throw new ProblemError(409, 'conflict', 'nothing-to-publish');
    }
    const found = await trx.selectFrom('commitments').select(['id', 'state']).where('process_id', '=', p.id).where('id', 'in', ids).execute();
    if (found.length !== ids.length) throw problem.validation([{ path: 'body.commitmentIds', message: 'commitments of this process' }]);
    const final = found.find((c) => c.state === 'final');
    if (final) throw problem.validation([{ path: 'body.commitmentIds', message: `commitment ${final.id} is final and cannot go back to consultation` }]);
    if (p.active_phase !== 'consultation') await openPhaseIn(trx, slug, 'consultation', admin.id, now);
    const items = [];
    for (const id of ids) {
      const c = (await findCommitmentRow(trx, id, true))!;
      let versionId = c.consultation_version_id;
      if (c.state === 'drafting') versionId = (await recordVersion(trx, c, CONSULTATION_LABELS[p.language] ?? CONSULTATION_LABELS.en!, admin.id)).id;
      await trx.updateTable('commitments').set({ state: 'in-consultation', consultation_closes_at: closesAt, consultation_version_id: versionId, updated_at: new Date() })
        .where('id', '=', id).execute();
      items.push({ id, reference: c.reference, versionId, processId: c.process_id });
    }
    await recordAudit(trx, { processId: p.id, actorId: admin.id, action: 'commitments.consultation-published', targetType: 'processes', targetId: p.id, detail: { closesAt: closesAt.toISOString(), commitments: ids } });
    return { closesAt: closesAt.toISOString(), items };
  });
}

/** The commitment if it takes consultation input now: readable, published, before its closing date, in the phase. */
async function openForInput(db: Conn, id: string, user: SessionUser) {
  const { c } = await loadCommitment(db, id, user);
  const closed = consultationClosedReason({ state: c.state, closesAt: c.consultation_closes_at }, new Date());
  if (closed === 'consultation-closed') throw new ProblemError(409, 'phase-closed', 'consultation-closed');
  if (closed) throw new ProblemError(409, 'conflict', closed);
  assertPhaseOpen({ activePhase: c.active_phase as PhaseKind | null }, 'comment-on-draft');
  return c;
}

/** Agree or disagree with a section (null withdraws); one stance per person and section. */
export async function setStance(db: Db, id: string, field: TextField, stance: z.infer<typeof Stance> | null, user: SessionUser) {
  const c = await openForInput(db, id, user);
  if (stance === null) {
    await db.deleteFrom('section_stances').where('commitment_id', '=', id).where('field', '=', field).where('user_id', '=', user.id).execute();
  } else {
    await db.insertInto('section_stances').values({ commitment_id: id, field, user_id: user.id, process_id: c.process_id, stance })
      .onConflict((oc) => oc.columns(['commitment_id', 'field', 'user_id']).doUpdateSet({ stance, updated_at: new Date() }))
      .execute();
  }
  const rows = await db.selectFrom('section_stances').select((eb) => ['stance', eb.fn.countAll<number>().as('n')])
    .where('commitment_id', '=', id).where('field', '=', field).groupBy('stance').execute();
  const n = (s: string) => Number(rows.find((r) => r.stance === s)?.n ?? 0);
  return { field, stance, agree: n('agree'), disagree: n('disagree'), processId: c.process_id };
}

/** Follows (or stops following) a commitment one can read; idempotent. */
export async function follow(db: Db, id: string, following: boolean, user: SessionUser) {
  const { c } = await loadCommitment(db, id, user);
  if (following) {
    await db.insertInto('commitment_followers').values({ commitment_id: id, user_id: user.id, process_id: c.process_id }).onConflict((oc) => oc.doNothing()).execute();
  } else {
    await db.deleteFrom('commitment_followers').where('commitment_id', '=', id).where('user_id', '=', user.id).execute();
  }
  return { following, followers: await followerCount(db, id) };
}

async function isDrafter(db: Conn, commitmentId: string, user: SessionUser) {
  if (user.isAdmin) return true;
  return !!(await db.selectFrom('commitment_drafters').select('user_id').where('commitment_id', '=', commitmentId).where('user_id', '=', user.id).executeTakeFirst());
}

/** A comment as a drafter or admin sees it in the consultation, with "on an earlier version" worked out. */
async function consultationView(db: Conn, commentId: string, user: SessionUser): Promise<Comment> {
  const stored = (await findComment(db, commentId, user.id))!;
  const annotate = await commitmentComments.annotator!(db, stored.targetId);
  return { ...commentView(stored, user), ...annotate(stored) };
}

/**
 * The drafting team's reasoned reply to a consultation comment (replaces an earlier one):
 * drafters of that commitment and admins only.
 */
export async function respondToComment(app: FastifyInstance, commentId: string, body: z.infer<typeof ResponseBody>, user: SessionUser) {
  const outcome = await app.db.transaction().execute(async (trx) => {
    const comment = await findComment(trx, commentId, null, true);
    if (!comment || comment.targetType !== 'commitments') throw problem.notFound('comment');
    const c = await findCommitmentRow(trx, comment.targetId);
    if (!c || !(await accessTo(trx, c, user)).read) throw problem.notFound('comment');
    if (!(await isDrafter(trx, c.id, user))) throw problem.notAllowed('drafters-only');
    if (comment.parentId !== null) throw new ProblemError(409, 'conflict', 'not-a-consultation-comment');
    if (comment.deletedAt) throw new ProblemError(409, 'conflict', 'comment-deleted');
    let versionLabel: string | null = null;
    if (body.versionId) {
      const v = await trx.selectFrom('commitment_versions').select('label').where('id', '=', body.versionId).where('commitment_id', '=', c.id).executeTakeFirst();
      if (!v) throw problem.validation([{ path: 'body.versionId', message: 'a version of this comment\'s commitment' }]);
      versionLabel = v.label;
    }
    const response: StoredResponse = {
      outcome: body.outcome, text: body.text, versionId: body.versionId ?? null, versionLabel, byId: user.id, byName: user.displayName, at: new Date().toISOString(),
    };
    await trx.updateTable('comments').set({ response: JSON.stringify(response) }).where('id', '=', commentId).execute();
    await recordAudit(trx, { processId: c.process_id, actorId: user.id, action: 'comment.responded', targetType: 'comments', targetId: commentId, detail: { outcome: body.outcome } });
    return { processId: c.process_id, commitmentId: c.id, hidden: comment.hidden };
  });
  const view = await consultationView(app.db, commentId, user);
  if (!outcome.hidden) {
    await publishCommitted(app, { room: `commitment:${outcome.commitmentId}`, event: 'comments/answered', data: { commentId, response: view.response }, processId: outcome.processId });
  }
  return view;
}

/**
 * The drafting team's queue: consultation comments on the commitments the user drafts (admins:
 * all of the process), unanswered first, then oldest first.
 */
export async function replyQueue(db: Db, slug: string, user: SessionUser, filter: { commitmentId?: string; unansweredOnly: boolean }) {
  const p = await requireProcess(db, slug, ['id']);
  let q = db.selectFrom('commitments').select(['id', 'reference', 'title']).where('process_id', '=', p.id).where('state', '<>', 'drafting');
  if (!user.isAdmin) q = q.where('id', 'in', db.selectFrom('commitment_drafters').select('commitment_id').where('user_id', '=', user.id));
  if (filter.commitmentId) q = q.where('id', '=', filter.commitmentId);
  const commitments = await q.orderBy('reference').execute();
  if (commitments.length === 0 && !user.isAdmin) {
    const drafts = await db.selectFrom('commitment_drafters').innerJoin('commitments', 'commitments.id', 'commitment_drafters.commitment_id')
      .select('commitment_id').where('commitments.process_id', '=', p.id).where('user_id', '=', user.id).executeTakeFirst();
    if (!drafts) throw problem.notAllowed('drafters-only');
  }
  const items = [];
  for (const c of commitments) {
    const annotate = await commitmentComments.annotator!(db, c.id);
    const rows = await listForTarget(db, { processId: p.id, targetType: 'commitments', targetId: c.id }, user.id);
    for (const r of rows) {
      if (r.parentId !== null || r.deletedAt !== null || r.hidden) continue;
      if (filter.unansweredOnly && r.response) continue;
      items.push({ commitmentId: c.id, reference: c.reference, title: c.title, comment: { ...commentView(r, user), ...annotate(r) } as Comment, createdAt: r.createdAt.getTime() });
    }
  }
  items.sort((a, b) => Number(!!a.comment.response) - Number(!!b.comment.response) || a.createdAt - b.createdAt);
  return { items: items.map(({ createdAt: _c, ...i }) => i), unanswered: items.filter((i) => !i.comment.response).length };
}
