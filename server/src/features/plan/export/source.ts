/** What every plan export reads: the process, its plan, commitments page by page, endorsements, evidence counts, headings. */
import type { TFunction } from 'i18next';
import type { EvidenceReport, Locale, Plan } from '@mesa/shared';
import type { Conn } from '../../../db/database.ts';
import { buildEvidenceReport } from '../../evidence/service.ts';
import { commitmentHeadings, commitmentPages, evidenceCounts, listEndorsements, type ProcessRow } from '../repo.ts';
import { longDate, period } from '../rules.ts';

export interface PlanSource {
  db: Conn;
  process: ProcessRow;
  plan: Plan;
  lang: Locale;
  t: TFunction;
}

export const pages = (s: PlanSource) => commitmentPages(s.db, s.process.id);
export const headings = (s: PlanSource) => commitmentHeadings(s.db, s.process.id);
export const confirmedEndorsements = (s: PlanSource) => listEndorsements(s.db, s.process.id, 'confirmed');
export const evidence = (s: PlanSource) => evidenceCounts(s.db, s.process.id);

/** The cover's lines: label and value, empty values left out. */
export function coverLines(s: PlanSource): [string, string][] {
  const { plan, t, lang } = s;
  const lines: [string, string][] = [
    [t('plan:export.period'), period(plan.periodStart, plan.periodEnd, lang)],
    [t('plan:export.leadInstitution'), plan.leadInstitution],
    [t('plan:export.forum'), plan.forum],
    [t('plan:export.independentMonitor'), plan.independentMonitor],
    [t('plan:export.contact'), plan.contact],
    [t('plan:export.ogpPage'), plan.ogpPageUrl],
  ];
  return lines.filter(([, v]) => v !== '');
}

export function adoptionLine(s: PlanSource): string {
  return s.plan.adoptedAt ? s.t('plan:export.adoptedOn', { date: longDate(s.plan.adoptedAt, s.lang) }) : s.t('plan:export.notAdopted');
}

/** The evidence report of the process, or null when it cannot be built (the annex then keeps its own counts). */
async function report(s: PlanSource): Promise<EvidenceReport | null> {
  try {
    return await buildEvidenceReport(s.db, s.process.slug);
  } catch {
    return null;
  }
}

/**
 * The annex: counts of the records (proposals, comments, rounds, workshops, consultation), the
 * figures of the co-creation evidence report (notice, participants, organisations, public
 * meetings, reasoned responses) and its OGP standards checklist.
 */
export async function evidenceRows(s: PlanSource) {
  const [e, r] = await Promise.all([evidence(s), report(s)]);
  const t = s.t;
  const totals: [string, string | number][] = [
    [t('plan:export.proposals'), e.proposals], [t('plan:export.proposalComments'), e.proposalComments], [t('plan:export.rounds'), e.rounds],
    [t('plan:export.workshops'), e.workshops], [t('plan:export.workshopParticipants'), e.workshopParticipants],
    [t('plan:export.consultationComments'), e.consultationComments],
  ];
  if (r) {
    totals.push(
      [t('plan:export.noticeDays'), r.noticeDays ?? t('plan:export.empty')],
      [t('plan:export.participants'), r.participants.total],
      [t('plan:export.organisations'), r.organisations.count],
      [t('plan:export.publicMeetings'), r.meetings.count],
      [t('plan:export.reasonedResponse'), r.reasonedResponseShare === null ? t('plan:export.empty') : t('plan:export.percent', { value: Math.round(r.reasonedResponseShare * 100) })],
    );
  }
  return {
    intro: t('plan:export.annexIntro', { date: longDate(new Date().toISOString(), s.lang) }),
    totals,
    bySector: e.proposalsBySector.map((row) => [t(`plan:sector.${row.sector}`, { defaultValue: row.sector }), row.count] as [string, number]),
    standardsHeading: t('evidence:standards.heading'),
    standards: (r?.checklist ?? []).map((c) => [t(`evidence:standards.names.${c.key}`), t(`evidence:standards.status.${c.status}`)] as [string, string]),
  };
}

/** "ARBA0007 — Title" */
export const commitmentHeading = (c: { reference: string; title: string }) => `${c.reference} — ${c.title}`;
