/**
 * Proposals in the shared registries: as something comments attach to, and as content that can
 * be reported and hidden. Registered from index.ts; the writes stay in this feature's repo.
 */
import type { FastifyInstance } from 'fastify';
import type { PhaseKind } from '@mesa/shared';
import { publishCommitted } from '../../lib/live.ts';
import type { TargetType } from '../comments/targets.ts';
import type { ModerationTarget } from '../moderation/targets.ts';
import { describeForModeration, findCommentTarget, lockForModeration, setHidden } from './repo.ts';

/** `countsChanged`: the proposals feature recounts the proposal's comments and broadcasts the count (coalesced). */
export function proposalCommentTarget(countsChanged: (processId: string, id: string) => void): TargetType {
  return {
    async resolve(db, id) {
      const row = await findCommentTarget(db, id);
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
    countsChanged,
  };
}

export function proposalModeration(app: FastifyInstance): ModerationTarget {
  return {
    async lock(trx, id) {
      const p = await lockForModeration(trx, id);
      if (!p) return null;
      return {
        processId: p.process_id, hidden: p.hidden, unavailable: false,
        setHidden: (t, hidden) => setHidden(t, id, hidden),
        announce: (hidden) => {
          app.proposalTotals.invalidate(p.process_id); // the list's cached totals and facets count visible proposals
          return publishCommitted(app, {
            room: `process:${p.slug}`, event: 'proposals/state-changed', data: { proposalId: id, hidden }, processId: p.process_id,
          });
        },
      };
    },
    async describe(db, processId, ids) {
      const rows = await describeForModeration(db, processId, ids);
      return new Map(rows.map((p) => [p.id, { text: p.title, hidden: p.hidden, deleted: false, proposalId: p.id, commitmentId: null }]));
    },
  };
}
