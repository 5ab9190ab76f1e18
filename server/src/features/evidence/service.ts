/** The co-creation evidence report, computed from the process's records each time it is asked for. */
import { SECTORS, type EvidenceReport, type PhaseKind } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';
import { getProcess } from '../processes/service.ts';
import {
  commitmentRefs, consultationInputs, forumMembers, heldWorkshops, listMeetings, organisations, participants,
  planFacts, proposalInputs, reportedFigures, updateDates,
} from './repo.ts';
import { foldSmallGroups, GOVERNMENT_SECTORS, judgeStandards, noticeOf, share } from './rules.ts';

const add = (m: Record<string, number>, k: string, n: number) => { m[k] = (m[k] ?? 0) + n; };
/** Sectors in their usual order, then any others. */
const ordered = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
const rank = (s: string) => { const i = (SECTORS as readonly string[]).indexOf(s); return i < 0 ? SECTORS.length : i; };

export async function buildEvidenceReport(db: Conn, slug: string, now = new Date()): Promise<EvidenceReport> {
  const process = await getProcess(db, slug);
  const pid = process.id;
  const [proposals, consultation, people, orgs, workshops, meetings, forum, refs, plan, updates, reported] = await Promise.all([
    proposalInputs(db, pid), consultationInputs(db, pid), participants(db, pid), organisations(db, pid), heldWorkshops(db, pid, now),
    listMeetings(db, pid), forumMembers(db, pid), commitmentRefs(db, pid), planFacts(db, pid), updateDates(db, pid), reportedFigures(db, pid),
  ]);

  const timeline = process.timeline.map((e) => ({ at: new Date(e.at), action: e.action, kind: e.detail.kind ?? null, phases: e.detail.phases }));
  const notice = noticeOf(timeline);

  const bySector: Record<string, number> = {};
  for (const r of proposals) add(bySector, r.sector, r.received);
  const sumBySector = proposals.reduce((a, r) => a + r.received, 0);
  const reportedTotal = reported?.inputs_reported ?? null;

  const participantsBySector: Record<string, number> = {};
  const genders: Record<string, number> = {};
  const disability: Record<string, number> = {};
  let genderNotSaid = 0;
  let disabilityNotSaid = 0;
  for (const r of people) {
    add(participantsBySector, r.sector ?? 'unspecified', r.n);
    if (r.gender) add(genders, r.gender, r.n); else genderNotSaid += r.n;
    if (r.disability) add(disability, r.disability, r.n); else disabilityNotSaid += r.n;
  }

  const due = proposals.reduce((a, r) => a + r.due, 0);
  const answeredProposals = proposals.reduce((a, r) => a + r.answered, 0);
  const responses = { answered: answeredProposals + consultation.answered, of: due + consultation.comments };

  const byKind: Record<string, number> = {};
  for (const m of meetings) add(byKind, m.kind, 1);
  if (workshops.length) byKind.workshop = workshops.length;
  const meetingCount = workshops.length + meetings.length;
  const attendance = workshops.reduce((a, w) => a + w.attendance, 0) + meetings.reduce((a, m) => a + m.attendanceTotal, 0);

  const opened = new Set(timeline.filter((e) => e.action === 'phase-opened' && e.kind).map((e) => e.kind as PhaseKind));
  const adoptedAt = plan?.adopted_at ? new Date(plan.adopted_at) : timeline.find((e) => e.action === 'phase-opened' && e.kind === 'adopted')?.at ?? null;
  const government = forum.filter((m) => m.sector && GOVERNMENT_SECTORS.has(m.sector)).length;
  const standards = judgeStandards({
    slug, opened, activePhase: process.activePhase, adoptedAt, now,
    forum: { governmentMembers: government, nonGovernmentMembers: forum.length - government, meetings: (byKind.forum ?? 0) + workshops.length, name: plan?.forum || null },
    ogpPageUrl: plan?.ogp_page_url || null,
    published: {
      proposals: sumBySector, meetings: meetings.length, meetingsWithoutMinutes: meetings.filter((m) => !m.minutesUrl).length,
      workshopsHeld: workshops.length, minutesUrls: meetings.flatMap((m) => (m.minutesUrl ? [m.minutesUrl] : [])),
    },
    noticeDays: notice.noticeDays,
    inputs: responses,
    updates,
  });

  return {
    process: { id: pid, slug: process.slug, title: process.title, activePhase: process.activePhase, url: `/processes/${encodeURIComponent(process.slug)}` },
    generatedAt: now.toISOString(),
    noticeDays: notice.noticeDays,
    notice: { publishedAt: notice.publishedAt?.toISOString() ?? null, firstOpenedAt: notice.firstOpenedAt?.toISOString() ?? null, firstPhase: notice.firstPhase },
    inputs: {
      total: sumBySector + consultation.comments, proposals: sumBySector, consultationComments: consultation.comments,
      bySector: ordered(bySector), sumBySector, reported: reportedTotal, reportedNote: reported?.note ?? '',
      gap: reportedTotal !== null && reportedTotal !== sumBySector ? reportedTotal - sumBySector : null,
    },
    participants: {
      total: people.reduce((a, r) => a + r.n, 0),
      bySector: ordered(participantsBySector),
      byGender: foldSmallGroups(genders, genderNotSaid),
      byDisability: foldSmallGroups(disability, disabilityNotSaid),
    },
    organisations: { count: orgs.length, names: orgs },
    meetings: {
      count: meetingCount, attendance,
      workshops: workshops.map((w) => ({ ...w, bySector: ordered(w.bySector), url: `/workshops/${w.id}` })),
      public: meetings, byKind,
    },
    commitments: { count: refs.length, references: refs },
    consultation: { comments: consultation.comments, answered: consultation.answered, answeredShare: share(consultation.answered, consultation.comments) },
    reasonedResponseShare: share(responses.answered, responses.of),
    responses,
    timeline: timeline.map((e) => ({ at: e.at.toISOString(), action: e.action, kind: e.kind, outsideSchedule: false }))
      .map((e, i) => ({ ...e, outsideSchedule: process.timeline[i]!.detail.outsideSchedule ?? false })),
    standards,
    checklist: standards,
  };
}
