/**
 * What comments can attach to. Each target type resolves an id to its process, live room and
 * state; a type without a resolver (commitments, until they exist) answers 404.
 */
import type { FastifyInstance } from 'fastify';
import type { CommentTarget, PhaseKind, PhasedAction } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';

export interface ResolvedTarget {
  processId: string;
  /** The room its live events go to. */
  room: string;
  activePhase: PhaseKind | null;
  /** false while hidden by moderation: only admins see it and its comments. */
  visible: boolean;
  /** Why it takes no new comments (a problem detail key), or null. */
  closed: string | null;
  /** The phase-gate action that commenting on it needs. */
  action: PhasedAction;
}

export interface TargetType {
  resolve(db: Conn, id: string): Promise<ResolvedTarget | null>;
  /** Called after a comment on it is added, hidden, shown again or deleted. */
  commentsChanged?(app: FastifyInstance, processId: string, id: string): Promise<void>;
}

const proposals: TargetType = {
  async resolve(db, id) {
    const row = await db.selectFrom('proposals')
      .innerJoin('processes', 'processes.id', 'proposals.process_id')
      .select(['proposals.process_id', 'proposals.state', 'proposals.hidden', 'processes.active_phase'])
      .where('proposals.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      processId: row.process_id,
      room: `proposal:${id}`,
      activePhase: row.active_phase as PhaseKind | null,
      visible: !row.hidden,
      closed: row.state === 'withdrawn' ? 'proposal-withdrawn' : null,
      action: 'comment-on-proposal',
    };
  },
  // The proposals feature recounts the proposal's comments and broadcasts the count (coalesced).
  commentsChanged: async (app, processId, id) => { app.proposalCounts.changed(processId, id); },
};

export const TARGETS: Partial<Record<CommentTarget, TargetType>> = { proposals };

/** The target, or null when its type has no resolver yet or the id is unknown. */
export function resolveTarget(db: Conn, type: string, id: string): Promise<ResolvedTarget | null> {
  const t = TARGETS[type as CommentTarget];
  return t ? t.resolve(db, id) : Promise.resolve(null);
}

/** Tells the target's feature that its comments changed (e.g. to recount them). */
export async function notifyCommentsChanged(app: FastifyInstance, type: string, processId: string, id: string) {
  await TARGETS[type as CommentTarget]?.commentsChanged?.(app, processId, id);
}
