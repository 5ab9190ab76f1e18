/** Moderation intents: report content, hide it at the threshold, review the queue, hide and unhide. */
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { countOpenReports, insertReport, openReportGroups, resolveReports, type ModeratedType } from './repo.ts';
import { excerpt, queueOrder, shouldAutoHide, tallyReasons } from './rules.ts';
import type { ModerationTargets } from './targets.ts';

export interface ReportInput { targetType: ModeratedType; targetId: string; reason: string; details?: string }

/** What a 404 names for each kind of content (questions have always answered "proposal"). */
const notFound = (type: ModeratedType) => problem.notFound(type === 'comments' ? 'comment' : 'proposal');

/**
 * Files a user's report (once per user and target): whether it is new. When distinct reporters
 * reach `threshold` the target is hidden pending review; the target's row lock makes that count
 * exact under load. 404 for content the user cannot see.
 */
export async function reportContent(db: Db, targets: ModerationTargets, threshold: number, user: SessionUser, input: ReportInput): Promise<boolean> {
  const outcome = await db.transaction().execute(async (trx) => {
    const target = await targets.lock(trx, input.targetType, input.targetId);
    if (!target || (!user.isAdmin && (target.hidden || target.unavailable))) return null;
    const created = await insertReport(trx, {
      processId: target.processId, targetType: input.targetType, targetId: input.targetId, reporterId: user.id,
      reason: input.reason, details: input.details || null,
    });
    const openReporters = await countOpenReports(trx, target.processId, input.targetType, input.targetId);
    const hide = created && shouldAutoHide({ openReporters, threshold, hidden: target.hidden });
    if (hide) await target.setHidden(trx, true);
    return { created, hide, target };
  });
  if (!outcome) throw notFound(input.targetType);
  if (outcome.hide) await outcome.target.announce(true);
  return outcome.created;
}

/** An admin hides or shows content again; either way its open reports count as reviewed. Audited. */
export async function setVisibility(db: Db, targets: ModerationTargets, admin: SessionUser, type: ModeratedType, id: string, hidden: boolean): Promise<void> {
  const outcome = await db.transaction().execute(async (trx) => {
    const target = await targets.lock(trx, type, id);
    if (!target) return null;
    const resolvedReports = await resolveReports(trx, target.processId, type, id, admin.id);
    const changed = target.hidden !== hidden;
    if (changed) await target.setHidden(trx, hidden);
    await recordAudit(trx, {
      processId: target.processId, actorId: admin.id, action: hidden ? 'moderation.hidden' : 'moderation.unhidden',
      targetType: type, targetId: id, detail: { changed, resolvedReports },
    });
    return { target, changed };
  });
  if (!outcome) throw notFound(type);
  if (outcome.changed) await outcome.target.announce(hidden);
}

const QUEUE_LIMIT = 200;

/** Reported content of a process awaiting review, most reported first. */
export async function moderationQueue(db: Db, targets: ModerationTargets, slug: string) {
  const process = await requireProcess(db, slug, ['id']);
  const { groups, reasons } = await openReportGroups(db, process.id, QUEUE_LIMIT);
  const idsByType = new Map<string, string[]>();
  for (const g of groups) idsByType.set(g.target_type, [...(idsByType.get(g.target_type) ?? []), g.target_id]);
  const described = await targets.describe(db, process.id, idsByType);
  const items = groups.flatMap((g) => {
    const d = described.get(g.target_type)?.get(g.target_id);
    if (!d) return [];
    return [{
      targetType: g.target_type as ModeratedType,
      targetId: g.target_id,
      proposalId: d.proposalId,
      commitmentId: d.commitmentId,
      excerpt: excerpt(d.text),
      reportsCount: Number(g.n),
      reasons: tallyReasons(reasons.filter((r) => r.target_type === g.target_type && r.target_id === g.target_id)),
      hidden: d.hidden,
      deleted: d.deleted,
      lastReportedAt: new Date(g.last as Date).toISOString(),
    }];
  });
  return items.sort(queueOrder);
}
