/** Questions from the floor as content that can be reported and hidden; registered from index.ts. */
import type { FastifyInstance } from 'fastify';
import { publishCommitted } from '../../lib/live.ts';
import type { ModerationTarget } from '../moderation/targets.ts';
import { describeForModeration, lockForModeration, setQuestionHidden } from './questions-repo.ts';

export function questionModeration(app: FastifyInstance): ModerationTarget {
  return {
    async lock(trx, id) {
      const q = await lockForModeration(trx, id);
      if (!q) return null;
      return {
        processId: q.process_id, hidden: q.hidden, unavailable: false,
        setHidden: (t, hidden) => setQuestionHidden(t, id, hidden),
        announce: (hidden) => publishCommitted(app, {
          room: `workshop:${q.workshop_id}`, event: 'workshop/question-hidden', data: { questionId: id, hidden }, processId: q.process_id,
        }),
      };
    },
    async describe(db, processId, ids) {
      const rows = await describeForModeration(db, processId, ids);
      return new Map(rows.map((q) => [q.id, { text: q.body, hidden: q.hidden, deleted: false, proposalId: null, commitmentId: null }]));
    },
  };
}
