/**
 * Commitments as a comment target: consultation comments. Root comments name a section (field)
 * and may quote a passage of its current text; read later, a comment whose passage is gone shows
 * as written on an earlier version, with that version's text.
 */
import { TEXT_FIELDS, type PhaseKind, type TextField } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { anchorStatus } from '../comments/rules.ts';
import type { TargetType } from '../comments/targets.ts';
import { consultationClosedReason } from './consultation-rules.ts';
import { fieldsOf } from './repo.ts';

function findTarget(db: Conn, id: string) {
  return db.selectFrom('commitments').innerJoin('processes', 'processes.id', 'commitments.process_id')
    .select(['commitments.process_id', 'commitments.state', 'commitments.fields', 'commitments.consultation_closes_at', 'commitments.consultation_version_id', 'processes.active_phase'])
    .where('commitments.id', '=', id).executeTakeFirst();
}

export const commitmentComments: TargetType = {
  async resolve(db, id) {
    const row = await findTarget(db, id);
    if (!row) return null;
    const closed = consultationClosedReason({ state: row.state, closesAt: row.consultation_closes_at }, new Date());
    return {
      processId: row.process_id,
      room: `commitment:${id}`,
      activePhase: row.active_phase as PhaseKind | null,
      // Drafts are not public: only admins see a draft's (empty) thread.
      visible: row.state !== 'drafting',
      closed,
      action: 'comment-on-draft',
      // Once the consultation has closed, what was said stays as it was.
      frozen: closed === 'consultation-closed' ? closed : null,
    };
  },

  async anchorFor(db, id, anchor, isReply) {
    if (isReply) {
      if (anchor) return { error: { path: 'body.anchor', message: 'replies take their parent\'s section; leave out the anchor' } };
      return { anchor: null, anchorText: null, anchorVersionId: null };
    }
    if (!anchor) return { error: { path: 'body.anchor', message: `a consultation comment names the section it is on: {field, quote?} with field one of ${TEXT_FIELDS.join(', ')}` } };
    if (!(TEXT_FIELDS as readonly string[]).includes(anchor.field)) {
      return { error: { path: 'body.anchor.field', message: `"${anchor.field}" is not a section of a commitment (one of ${TEXT_FIELDS.join(', ')})` } };
    }
    const row = await findTarget(db, id);
    const text = fieldsOf(row?.fields ?? {})[anchor.field as TextField];
    const quote = anchor.quote?.trim() ? anchor.quote : undefined;
    if (quote !== undefined && !text.includes(quote)) {
      return { error: { path: 'body.anchor.quote', message: `the quoted passage "${quote.slice(0, 80)}" is not in the current text of ${anchor.field}` } };
    }
    const latest = await db.selectFrom('commitment_versions').select('id').where('commitment_id', '=', id)
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return {
      anchor: { field: anchor.field, ...(quote !== undefined ? { quote } : {}) },
      anchorText: text,
      anchorVersionId: latest?.id ?? row?.consultation_version_id ?? null,
    };
  },

  async annotator(db, id) {
    const row = await findTarget(db, id);
    const fields = fieldsOf(row?.fields ?? {});
    return (c) => (c.anchor && c.deletedAt === null ? anchorStatus(c, fields) : {});
  },
};
