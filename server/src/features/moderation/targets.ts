/** The two kinds of content that can be reported and hidden: how to lock, hide and announce each. */
import type { FastifyInstance } from 'fastify';
import type { Conn } from '../../db/database.ts';
import { publish } from '../comments/live.ts';
import { findComment, setHidden as setCommentHidden } from '../comments/repo.ts';
import { notifyCommentsChanged, resolveTarget } from '../comments/targets.ts';
import { lockProposal, setProposalHidden, type ModeratedType } from './repo.ts';

export interface Moderated {
  type: ModeratedType;
  id: string;
  processId: string;
  hidden: boolean;
  /** Out of a non-admin's sight for another reason (a deleted comment, one on hidden content). */
  unavailable: boolean;
  setHidden(trx: Conn, hidden: boolean): Promise<void>;
  /** Tells the rooms (and the comment counts) that it was hidden or shown again. */
  announce(app: FastifyInstance, hidden: boolean): Promise<void>;
}

/** The target with its row locked for the rest of the transaction, or null when unknown. */
export async function lockModerated(trx: Conn, type: ModeratedType, id: string): Promise<Moderated | null> {
  if (type === 'proposals') {
    const p = await lockProposal(trx, id);
    if (!p) return null;
    return {
      type, id, processId: p.process_id, hidden: p.hidden, unavailable: false,
      setHidden: (t, hidden) => setProposalHidden(t, id, hidden),
      announce: (app, hidden) => {
        app.proposalTotals.invalidate(p.process_id); // the list's cached totals and facets count visible proposals
        return publish(app, {
          room: `process:${p.slug}`, event: 'proposals/state-changed', data: { proposalId: id, hidden }, processId: p.process_id,
        });
      },
    };
  }
  if (type === 'questions') {
    const q = await trx.selectFrom('workshop_questions').select(['id', 'process_id', 'workshop_id', 'hidden']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!q) return null;
    return {
      type, id, processId: q.process_id, hidden: q.hidden, unavailable: false,
      setHidden: async (t, hidden) => { await t.updateTable('workshop_questions').set({ hidden }).where('id', '=', id).execute(); },
      announce: (app, hidden) => publish(app, { room: `workshop:${q.workshop_id}`, event: 'workshop/question-hidden', data: { questionId: id, hidden }, processId: q.process_id }),
    };
  }
  const c = await findComment(trx, id, null, true);
  if (!c) return null;
  const target = await resolveTarget(trx, c.targetType, c.targetId);
  return {
    type, id, processId: c.processId, hidden: c.hidden, unavailable: c.deletedAt !== null || !target?.visible,
    setHidden: (t, hidden) => setCommentHidden(t, id, hidden),
    async announce(app, hidden) {
      if (target) await publish(app, { room: target.room, event: 'comments/hidden', data: { commentId: id, hidden }, processId: c.processId });
      await notifyCommentsChanged(app, c.targetType, c.processId, c.targetId);
    },
  };
}
