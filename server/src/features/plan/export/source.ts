/** What every plan export reads: the process, its plan, commitments page by page, endorsements, evidence counts, headings. */
import type { TFunction } from 'i18next';
import type { Locale, Plan } from '@mesa/shared';
import type { Conn } from '../../../db/database.ts';
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

/** The annex's rows: label and count, then proposals per sector. */
export async function evidenceRows(s: PlanSource) {
  const e = await evidence(s);
  const t = s.t;
  return {
    intro: t('plan:export.annexIntro', { date: longDate(new Date().toISOString(), s.lang) }),
    totals: [
      [t('plan:export.proposals'), e.proposals], [t('plan:export.proposalComments'), e.proposalComments], [t('plan:export.rounds'), e.rounds],
      [t('plan:export.workshops'), e.workshops], [t('plan:export.workshopParticipants'), e.workshopParticipants],
      [t('plan:export.consultationComments'), e.consultationComments],
    ] as [string, number][],
    bySector: e.proposalsBySector.map((r) => [t(`plan:sector.${r.sector}`, { defaultValue: r.sector }), r.count] as [string, number]),
  };
}

/** "ARBA0007 — Title" */
export const commitmentHeading = (c: { reference: string; title: string }) => `${c.reference} — ${c.title}`;
