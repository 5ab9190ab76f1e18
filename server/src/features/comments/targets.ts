/**
 * What comments can attach to: a registry each feature adds its own content to from its
 * index.ts (proposals, commitments). Each target type resolves an id to its process, live room
 * and state; a type nobody registered answers 404.
 */
import type { Comment, CommentTarget, PhaseKind, PhasedAction } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import type { FieldError } from '../../plugins/problems.ts';
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

export interface NewAnchor { field: string; quote?: string }
export interface StoredAnchor { anchor: NewAnchor | null; anchorText: string | null; anchorVersionId: string | null }

export interface TargetType {
  resolve(db: Conn, id: string): Promise<ResolvedTarget | null>;
  /** Called after a comment on it is added, hidden, shown again or deleted (e.g. to recount them). */
  countsChanged?(processId: string, id: string): void | Promise<void>;
  /**
   * Checks a new comment's anchor (commitments: a field and a passage of its current text);
   * answers what to store with the comment, or the field error that refuses it.
   */
  anchorFor?(db: Conn, id: string, anchor: NewAnchor | undefined, isReply: boolean): Promise<StoredAnchor | { error: FieldError }>;
  /** Per-comment additions when a thread is read (e.g. "on an earlier version"). */
  annotator?(db: Conn, id: string): Promise<(c: StoredComment) => Partial<Comment>>;
}

export class CommentTargets {
  readonly #types = new Map<string, TargetType>();

  /** Adds a kind of content comments can attach to; once per type. */
  register(type: CommentTarget, target: TargetType): void {
    if (this.#types.has(type)) throw new Error(`comment target ${type} registered twice`);
    this.#types.set(type, target);
  }

  get(type: string): TargetType | undefined {
    return this.#types.get(type);
  }

  /** The target, or null when its type is not registered or the id is unknown. */
  resolve(db: Conn, type: string, id: string): Promise<ResolvedTarget | null> {
    const t = this.#types.get(type);
    return t ? t.resolve(db, id) : Promise.resolve(null);
  }

  /** Tells the target's feature that its comments changed. */
  async countsChanged(type: string, processId: string, id: string): Promise<void> {
    await this.#types.get(type)?.countsChanged?.(processId, id);
  }
}
