/**
 * What comments can attach to. Each target type resolves an id to its process, live room and
 * state; a type without a resolver answers 404.
 */
import type { FastifyInstance } from 'fastify';
import type { Comment, CommentTarget, PhaseKind, PhasedAction } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import type { FieldError } from '../../plugins/problems.ts';
import { commitmentComments } from '../commitments/comment-target.ts';
import type { StoredComment } from './repo.ts';

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
  /** Why its comments can no longer be edited or voted on either (a problem detail key), or null. */
  frozen?: string | null;
}

export interface TargetType {
  resolve(db: Conn, id: string): Promise<ResolvedTarget | null>;
  /** Called after a comment on it is added, hidden, shown again or deleted. */
  commentsChanged?(app: FastifyInstance, processId: string, id: string): Promise<void>;
  /**
   * Checks a new comment's anchor (commitments: a field and a passage of its current text);
   * answers what to store with the comment, or the field error that refuses it.
   */
  anchorFor?(db: Conn, id: string, anchor: NewAnchor | undefined, isReply: boolean): Promise<StoredAnchor | { error: FieldError }>;
  /** Per-comment additions when a thread is read (e.g. "on an earlier version"). */
  annotator?(db: Conn, id: string): Promise<(c: StoredComment) => Partial<Comment>>;
}

export interface NewAnchor { field: string; quote?: string }
export interface StoredAnchor { anchor: NewAnchor | null; anchorText: string | null; anchorVersionId: string | null }

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

export const TARGETS: Partial<Record<CommentTarget, TargetType>> = { proposals, commitments: commitmentComments };

/** The target, or null when its type has no resolver yet or the id is unknown. */
export function resolveTarget(db: Conn, type: string, id: string): Promise<ResolvedTarget | null> {
  const t = TARGETS[type as CommentTarget];
  return t ? t.resolve(db, id) : Promise.resolve(null);
}

/** Tells the target's feature that its comments changed (e.g. to recount them). */
export async function notifyCommentsChanged(app: FastifyInstance, type: string, processId: string, id: string) {
  await TARGETS[type as CommentTarget]?.commentsChanged?.(app, processId, id);
}

export function targetType(type: string): TargetType | undefined {
  return TARGETS[type as CommentTarget];
}
