/** Comments as moderation content: locked, hidden and announced by the comments feature itself. */
import type { Conn } from '../../db/database.ts';
import type { Described, ModerationTarget } from '../moderation/targets.ts';
import { describeComments, findComment, setHidden } from './repo.ts';
import type { CommentsContext } from './service.ts';

export function commentModeration(ctx: CommentsContext): ModerationTarget {
  return {
    async lock(trx: Conn, id: string) {
      const c = await findComment(trx, id, null, true);
      if (!c) return null;
      const target = await ctx.targets.resolve(trx, c.targetType, c.targetId);
      return {
        processId: c.processId, hidden: c.hidden, unavailable: c.deletedAt !== null || !target?.visible,
        setHidden: (t, hidden) => setHidden(t, id, hidden),
        async announce(hidden) {
          if (target) await ctx.publish({ room: target.room, event: 'comments/hidden', data: { commentId: id, hidden }, processId: c.processId });
          await ctx.targets.countsChanged(c.targetType, c.processId, c.targetId);
        },
      };
    },
    async describe(db, processId, ids) {
      const rows = await describeComments(db, processId, ids);
      return new Map(rows.map((c): [string, Described] => [c.id, {
        text: c.body, hidden: c.hidden, deleted: c.deleted_at !== null,
        proposalId: c.target_type === 'proposals' ? c.target_id : null,
        commitmentId: c.target_type === 'commitments' ? c.target_id : null,
      }]));
    },
  };
}
