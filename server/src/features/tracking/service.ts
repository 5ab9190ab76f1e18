/** Tracking intents: postMilestoneUpdate, importProgress, noteOnUpdate; and the public dashboard and feed. */
import { ProgressImportRow, type MilestoneUpdateBody, type TrackingDashboard } from '@mesa/shared';
import type { Conn, Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { ProblemError, problem, type FieldError } from '../../plugins/problems.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import {
  findMilestone, findUpdate, hasRole, insertNote, latestUpdates, leadsOf, milestoneIndex, recordUpdate, trackedCommitments, type MilestoneRow,
} from './repo.ts';
import { atomFeed, commitmentProgress, timing, updateProblems } from './rules.ts';

const TRACKING_PROCESS_COLUMNS = ['id', 'slug', 'title', 'active_phase'] as const;

/** Progress is tracked once the plan is adopted. */
function assertAdopted(activePhase: string | null) {
  if (activePhase !== 'adopted') throw new ProblemError(409, 'phase-closed', 'phase-closed', { action: 'update-milestone', activePhase: activePhase ?? 'none', allowedIn: 'adopted' });
}

/** Admins and the commitment's leads (its drafters) post updates. */
async function mayUpdate(db: Conn, m: Pick<MilestoneRow, 'commitment_id'>, user: SessionUser) {
  return user.isAdmin || (await leadsOf(db, [m.commitment_id], user.id)).has(m.commitment_id);
}

export async function postMilestoneUpdate(db: Db, milestoneId: string, body: MilestoneUpdateBody, user: SessionUser) {
  const errors = updateProblems(body);
  if (errors.length) throw problem.validation(errors);
  return db.transaction().execute(async (trx) => {
    // The lock orders concurrent updates of one milestone: the last committed is its current state.
    const m = await findMilestone(trx, milestoneId, true);
    if (!m) throw problem.notFound('milestone');
    if (!(await mayUpdate(trx, m, user))) throw problem.notAllowed('commitment-leads-only');
    assertAdopted(m.active_phase);
    const id = await recordUpdate(trx, m, { status: body.status, progress: body.progress, note: body.note, evidenceUrl: body.evidenceUrl ?? null, authorId: user.id, source: 'form' });
    await recordAudit(trx, { processId: m.process_id, actorId: user.id, action: 'milestone.updated', targetType: 'milestones', targetId: m.id, detail: { status: body.status, progress: body.progress } });
    const [update] = await latestUpdatesById(trx, m.process_id, m.commitment_id, id);
    return { update: update!, slug: m.slug, processId: m.process_id };
  });
}

async function latestUpdatesById(db: Parameters<typeof latestUpdates>[0], processId: string, commitmentId: string, id: string) {
  return (await latestUpdates(db, processId, [commitmentId], 50)).filter((u) => u.id === id);
}

/** All rows checked first; one bad row imports nothing and is named. Admin only. */
export async function importProgress(db: Db, slug: string, items: unknown[], user: SessionUser) {
  const p = await requireProcess(db, slug, TRACKING_PROCESS_COLUMNS);
  assertAdopted(p.active_phase);
  const index = await milestoneIndex(db, p.id);
  const errors: FieldError[] = [];
  const rows = items.map((item, i) => {
    const parsed = ProgressImportRow.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: [i, ...issue.path].join('.'), message: `row ${i + 1}: ${issue.message}` });
      return null;
    }
    const r = parsed.data;
    const milestoneId = r.milestoneId ?? index.byRef.get(`${r.commitment!.toUpperCase()}#${r.milestone}`);
    if (!milestoneId || !index.ids.has(milestoneId)) {
      errors.push({ path: `${i}.${r.milestoneId ? 'milestoneId' : 'milestone'}`, message: `row ${i + 1}: no such milestone in this process` });
      return null;
    }
    const coherence = updateProblems(r, String(i)).map((e) => ({ ...e, message: `row ${i + 1}: ${e.message}` }));
    if (coherence.length) { errors.push(...coherence); return null; }
    return { ...r, milestoneId, row: i };
  });
  if (errors.length) throw problem.validation(errors.slice(0, 200));
  const ok = rows.filter((r) => r !== null);
  return db.transaction().execute(async (trx) => {
    const report = [];
    for (const r of ok) {
      const m = (await findMilestone(trx, r.milestoneId, true))!;
      await recordUpdate(trx, m, { status: r.status, progress: r.progress, note: r.note, evidenceUrl: r.evidenceUrl ?? null, authorId: user.id, source: 'import' });
      report.push({ row: r.row, milestoneId: m.id, commitmentReference: m.reference, status: r.status, progress: r.progress });
    }
    await recordAudit(trx, { processId: p.id, actorId: user.id, action: 'milestone.progress-imported', targetType: 'processes', targetId: p.id, detail: { rows: report.length } });
    return { imported: report.length, rows: report, processId: p.id };
  });
}

export async function noteOnUpdate(db: Db, updateId: string, body: string, user: SessionUser) {
  const u = await findUpdate(db, updateId);
  if (!u) throw problem.notFound('update');
  if (!user.isAdmin && !(await hasRole(db, u.process_id, user.id, 'monitor'))) throw problem.notAllowed('monitor-only');
  const row = await insertNote(db, { updateId, processId: u.process_id, authorId: user.id, body });
  return { note: { id: row.id, body, authorName: user.displayName, createdAt: new Date(row.created_at).toISOString() }, processId: u.process_id, slug: u.slug };
}

export async function trackingDashboard(db: Db, slug: string, user: SessionUser | null, now = new Date()): Promise<TrackingDashboard> {
  const p = await requireProcess(db, slug, TRACKING_PROCESS_COLUMNS);
  const commitments = await trackedCommitments(db, p.id, p.active_phase === 'adopted', !!user?.isAdmin);
  const leads = user ? await leadsOf(db, commitments.map((c) => c.id), user.id) : new Set<string>();
  const canMonitor = !!user && (user.isAdmin || (await hasRole(db, p.id, user.id, 'monitor')));
  const adopted = p.active_phase === 'adopted';
  const due: TrackingDashboard['due'] = [];
  const late: TrackingDashboard['late'] = [];
  const tracked = commitments.map((c) => ({
    ...c,
    progress: commitmentProgress(c.milestones),
    canUpdate: adopted && !!user && (user.isAdmin || leads.has(c.id)),
    milestones: c.milestones.map((m) => {
      const tm = timing(m, now);
      const status = m.status as TrackingDashboard['due'][number]['status'];
      if (tm.late) late.push({ milestoneId: m.id, title: m.title, commitmentReference: c.reference, endsOn: m.endsOn!, status, progress: m.progress, daysLate: tm.daysLate });
      if (tm.dueSoon) due.push({ milestoneId: m.id, title: m.title, commitmentReference: c.reference, endsOn: m.endsOn!, status, progress: m.progress });
      return { ...m, status, late: tm.late, dueSoon: tm.dueSoon };
    }),
  }));
  const withProgress = tracked.filter((c) => c.progress !== null);
  return {
    process: { id: p.id, slug: p.slug, title: p.title, activePhase: p.active_phase },
    generatedAt: now.toISOString(),
    progress: withProgress.length ? Math.round((withProgress.reduce((a, c) => a + c.progress!, 0) / withProgress.length) * 10) / 10 : null,
    commitments: tracked,
    due: due.sort((a, b) => a.endsOn.localeCompare(b.endsOn)),
    late: late.sort((a, b) => a.endsOn.localeCompare(b.endsOn)),
    updates: await latestUpdates(db, p.id, commitments.map((c) => c.id), 20),
    feedUrl: `/api/processes/${encodeURIComponent(p.slug)}/updates.atom`,
    canMonitor,
  };
}

/** The Atom feed of the latest 50 updates; `origin` makes the links absolute. */
export async function updatesFeed(db: Db, slug: string, origin: string, t: (key: string, opts?: Record<string, unknown>) => string) {
  const p = await requireProcess(db, slug, TRACKING_PROCESS_COLUMNS);
  const commitments = await trackedCommitments(db, p.id, p.active_phase === 'adopted', false);
  const updates = await latestUpdates(db, p.id, commitments.map((c) => c.id), 50);
  const page = `${origin}/processes/${encodeURIComponent(p.slug)}/tracking`;
  return atomFeed({
    id: `${origin}/api/processes/${encodeURIComponent(p.slug)}/updates.atom`,
    title: t('tracking:feed.title', { process: p.title }),
    selfUrl: `${origin}/api/processes/${encodeURIComponent(p.slug)}/updates.atom`,
    pageUrl: page,
    updated: updates[0]?.createdAt ?? new Date(0).toISOString(),
    entries: updates.map((u) => ({
      id: `urn:uuid:${u.id}`,
      title: t('tracking:feed.entryTitle', { reference: u.commitmentReference, milestone: u.milestoneTitle, progress: u.progress, status: t(`tracking:status.${u.status}`) }),
      updated: u.createdAt,
      summary: [u.note, u.evidenceUrl ? `${t('tracking:feed.evidence')}: ${u.evidenceUrl}` : ''].filter(Boolean).join('\n'),
      link: `${page}#update-${u.id}`,
      author: u.authorName,
    })),
  });
}
