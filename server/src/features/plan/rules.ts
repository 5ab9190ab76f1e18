/** Pure rules of the plan: who may export it, file names, CSV rows, dates in the reader's language. */
import { TEXT_FIELDS, type ExportFormat, type Locale, type PlanDocCommitment } from '@mesa/shared';
import { ProblemError } from '../../plugins/problems.ts';

/** A plan is public once adopted; before that only administrators export it. */
export function mayExport(plan: { adoptedAt: string | null }, user: { isAdmin: boolean } | null): boolean {
  return plan.adoptedAt !== null || !!user?.isAdmin;
}

/** A problem whose detail is a sentence of the `plan` namespace (problems.json stays the other features'). */
export function planProblem(status: number, code: 'conflict' | 'not-allowed' | 'duplicate', key: string, params: Record<string, unknown> = {}) {
  return new ProblemError(status, code, `$t(plan:problems.${key})`, params);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export function exportFileName(slug: string, format: ExportFormat, lang: Locale, table: 'commitments' | 'milestones') {
  if (format === 'json') return `${slug}-plan.json`;
  if (format === 'csv') return `${slug}-plan-${table}.csv`;
  return `${slug}-plan-${lang}.${format}`;
}

/** Column names of the CSV exports: stable machine keys (the same in every language), documented in docs/API-plan.md. */
export const COMMITMENT_COLUMNS = [
  'reference', 'title', 'state', 'area', 'leadInstitution', 'supportingGovernment', 'supportingCivilSociety', 'startsOn', 'endsOn', 'contact',
  ...TEXT_FIELDS, 'milestones',
] as const;
export const MILESTONE_COLUMNS = ['commitmentReference', 'position', 'title', 'deliverable', 'startsOn', 'endsOn', 'responsible', 'status', 'progress'] as const;

export function commitmentCsvRow(c: PlanDocCommitment & { state: string }): Record<(typeof COMMITMENT_COLUMNS)[number], string | number> {
  return {
    reference: c.reference, title: c.title, state: c.state, area: c.area, leadInstitution: c.leadInstitution,
    supportingGovernment: c.supportingStakeholders.government.join('; '), supportingCivilSociety: c.supportingStakeholders.civilSociety.join('; '),
    startsOn: c.startsOn ?? '', endsOn: c.endsOn ?? '', contact: c.contact, ...c.fields, milestones: c.milestones.length,
  };
}

export function milestoneCsvRows(c: PlanDocCommitment): Record<(typeof MILESTONE_COLUMNS)[number], string | number>[] {
  return c.milestones.map((m, i) => ({
    commitmentReference: c.reference, position: i + 1, title: m.title, deliverable: m.deliverable, startsOn: m.startsOn ?? '', endsOn: m.endsOn ?? '',
    responsible: m.responsible, status: m.status, progress: m.progress,
  }));
}

/** A calendar day (YYYY-MM-DD) or an instant, written the reader's way (e.g. "20 de mayo de 2025"). */
export function longDate(value: string | null, lang: Locale): string {
  if (!value) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function period(from: string | null, to: string | null, lang: Locale): string {
  if (!from && !to) return '';
  return `${longDate(from, lang) || '…'} – ${longDate(to, lang) || '…'}`;
}
