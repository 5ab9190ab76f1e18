/** Moderation intents: report content, hide it at the threshold, review the queue, hide and unhide. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { countOpenReports, describeTargets, insertReport, openReportGroups, resolveReports, type ModeratedType } from './repo.ts';
import { excerpt, queueOrder, shouldAutoHide, tallyReasons } from './rules.ts';
import { lockModerated } from './targets.ts';

export interface ReportInput { targetType: ModeratedType; targetId: string; reason: string; details?: string }

/**
 * Files a user's report (once per user and target). When distinct reporters reach the threshold
 * the target is hidden pending review; the target's row lock makes that count exact under load.
 */
export async function reportContent(app: FastifyInstance, user: SessionUser, input: ReportInput):
  Promise<{ ok: true; created: boolean } | { ok: false; problem: 'not-found' }> {
  const outcome = await app.db.transaction().execute(async (trx) => {
    const target = await lockModerated(trx, input.targetType, input.targetId);
    if (!target || (!user.isAdmin && (target.hidden || target.unavailable))) return null;
    const created = await insertReport(trx, {
      processId: target.processId, targetType: input.targetType, targetId: input.targetId, reporterId: user.id,
      reason: input.reason, details: input.details || null,
    });
    const openReporters = await countOpenReports(trx, target.processId, input.targetType, input.targetId);
    const hide = created && shouldAutoHide({ openReporters, threshold: app.config.reportHideThreshold, hidden: target.hidden });
    if (hide) await target.setHidden(trx, true);
    return { created, hide, target };
  });
  if (!outcome) return { ok: false, problem: 'not-found' };
  if (outcome.hide) await outcome.target.announce(app, true);
  return { ok: true, created: outcome.created };
}

/** An admin hides or shows content again; either way its open reports count as reviewed. Audited. */
export async function setVisibility(app: FastifyInstance, admin: SessionUser, type: ModeratedType, id: string, hidden: boolean):
  Promise<{ ok: true; hidden: boolean } | { ok: false; problem: 'not-found' }> {
  const outcome = await app.db.transaction().execute(async (trx) => {
    const target = await lockModerated(trx, type, id);
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
  if (!outcome) return { ok: false, problem: 'not-found' };
  if (outcome.changed) await outcome.target.announce(app, hidden);
  return { ok: true, hidden };
}

const QUEUE_LIMIT = 200;

/** Reported content of a process awaiting review, most reported first. */
export async function moderationQueue(db: Db, slug: string) {
  const process = await requireProcess(db, slug, ['id']);
  const { groups, reasons } = await openReportGroups(db, process.id, QUEUE_LIMIT);
  const idsOf = (type: string) => groups.filter((g) => g.target_type === type).map((g) => g.target_id);
  const described = await describeTargets(db, process.id, idsOf('proposals'), idsOf('comments'), idsOf('questions'));
  const proposals = new Map(described.proposals.map((p) => [p.id, p]));
  const comments = new Map(described.comments.map((c) => [c.id, c]));
  const questions = new Map(described.questions.map((q) => [q.id, q]));
  const items = groups.flatMap((g) => {
    const type = g.target_type as ModeratedType;
    const p = type === 'proposals' ? proposals.get(g.target_id) : undefined;
    const c = type === 'comments' ? comments.get(g.target_id) : undefined;
    const q = type === 'questions' ? questions.get(g.target_id) : undefined;
    if (q) {
      return [{
        targetType: type, targetId: g.target_id, proposalId: null, commitmentId: null, excerpt: excerpt(q.body), reportsCount: Number(g.n),
        reasons: tallyReasons(reasons.filter((r) => r.target_type === g.target_type && r.target_id === g.target_id)),
        hidden: q.hidden, deleted: false, lastReportedAt: new Date(g.last as Date).toISOString(),
      }];
    }
    if (!p && !c) return [];
    return [{
      targetType: type,
      targetId: g.target_id,
      proposalId: p ? p.id : c!.target_type === 'proposals' ? c!.target_id : null,
      commitmentId: c?.target_type === 'commitments' ? c.target_id : null,
      excerpt: excerpt(p ? p.title : c!.body),
      reportsCount: Number(g.n),
      reasons: tallyReasons(reasons.filter((r) => r.target_type === g.target_type && r.target_id === g.target_id)),
      hidden: (p ?? c)!.hidden,
      deleted: c ? c.deleted_at !== null : false,
      lastReportedAt: new Date(g.last as Date).toISOString(),
    }];
  });
  return items.sort(queueOrder);
}
