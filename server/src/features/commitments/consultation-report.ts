/**
 * The consultation report per commitment and per process: comments and agree/disagree per
 * section, the share answered and the outcomes, and what changed between the version put to
 * consultation and the latest one (the last version labelled "final", or else the current text).
 */
import { TEXT_FIELDS, type CommitmentReport } from '@mesa/shared';
import type { z } from 'zod';
import type { Conn } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { requireProcess } from '../processes/service.ts';
import { commentCounts, stanceCounts } from './consultation-repo.ts';
import { share, wordCounts } from './consultation-rules.ts';
import { accessTo, findCommitmentRow, type CommitmentRow } from './repo.ts';
import { diffSnapshots, loadCommitment, snapshotAt } from './service.ts';

type Report = z.infer<typeof CommitmentReport>;

/** Labels that name the final version, in the four languages, and the one adoption records. */
const FINAL_LABELS = new Set(['final', 'final version', 'versión final', 'finale', 'version finale', 'versão final', 'adopted']);

async function changesOf(db: Conn, c: CommitmentRow): Promise<Report['changes']> {
  const versions = await db.selectFrom('commitment_versions').select(['id', 'label']).where('commitment_id', '=', c.id).orderBy('created_at').execute();
  const fromRow = versions.find((v) => v.id === c.consultation_version_id) ?? null;
  if (!fromRow) return { from: null, to: null, fields: [] };
  const finalRow = [...versions].reverse().find((v) => FINAL_LABELS.has(v.label.trim().toLowerCase())) ?? null;
  const [a, b] = [await snapshotAt(db, c, fromRow.id), await snapshotAt(db, c, finalRow?.id ?? 'current')];
  if (!a || !b) return { from: null, to: null, fields: [] };
  return {
    from: { id: fromRow.id, label: fromRow.label },
    to: finalRow ? { id: finalRow.id, label: finalRow.label } : { id: 'current', label: 'current' },
    fields: diffSnapshots(a, b).map((d) => ({ field: d.field, ...wordCounts(d.parts) })),
  };
}

async function reportOf(db: Conn, c: CommitmentRow): Promise<Report> {
  const [counts, stances, changes] = await Promise.all([commentCounts(db, c.process_id, [c.id]), stanceCounts(db, [c.id]), changesOf(db, c)]);
  const sections = TEXT_FIELDS.map((field) => {
    const mine = counts.filter((r) => r.field === field);
    const n = (s: 'agree' | 'disagree') => stances.find((r) => r.field === field && r.stance === s)?.n ?? 0;
    return { field, comments: mine.reduce((x, r) => x + r.comments, 0), answered: mine.reduce((x, r) => x + r.answered, 0), agree: n('agree'), disagree: n('disagree') };
  });
  const comments = counts.reduce((x, r) => x + r.comments, 0);
  const answered = counts.reduce((x, r) => x + r.answered, 0);
  return {
    id: c.id, reference: c.reference, title: c.title,
    closesAt: c.consultation_closes_at ? new Date(c.consultation_closes_at).toISOString() : null,
    comments, answered, answeredShare: share(answered, comments),
    outcomes: {
      accepted: counts.reduce((x, r) => x + r.accepted, 0),
      partially: counts.reduce((x, r) => x + r.partially, 0),
      'not-accepted': counts.reduce((x, r) => x + r.notAccepted, 0),
    },
    sections,
    changes,
  };
}

export async function commitmentReport(db: Conn, id: string, user: SessionUser | null) {
  const { c } = await loadCommitment(db, id, user);
  return reportOf(db, c);
}

/** Every commitment the viewer can read that went to consultation, and the totals. */
export async function processReport(db: Conn, slug: string, user: SessionUser | null) {
  const p = await requireProcess(db, slug, ['id']);
  const ids = await db.selectFrom('commitments').select('id').where('process_id', '=', p.id).where('state', '<>', 'drafting').orderBy('reference').execute();
  const commitments: Report[] = [];
  for (const { id } of ids) {
    const c = (await findCommitmentRow(db, id))!;
    if ((await accessTo(db, c, user)).read) commitments.push(await reportOf(db, c));
  }
  const comments = commitments.reduce((x, r) => x + r.comments, 0);
  const answered = commitments.reduce((x, r) => x + r.answered, 0);
  const sum = (k: keyof Report['outcomes']) => commitments.reduce((x, r) => x + r.outcomes[k], 0);
  return {
    processSlug: slug, comments, answered, answeredShare: share(answered, comments),
    outcomes: { accepted: sum('accepted'), partially: sum('partially'), 'not-accepted': sum('not-accepted') },
    commitments,
  };
}
