import type { Translate } from '../../contexts/i18n.ts';
import type { Locale, PhaseKind } from '@mesa/shared';
import { PHASE_KINDS } from '@mesa/shared/values';
import type { NewProcess } from '../processes/processes-api.ts';

/** The form's values as typed: dates are yyyy-mm-dd strings from <input type="date">. */
export interface ProcessDraft {
  slug: string;
  title: string;
  description: string;
  language: string;
  phases: Array<{ kind: PhaseKind; start: string; end: string }>;
}

/** Field names, in the order they appear on the form (for the error summary). */
export const FIELD_ORDER: readonly string[] = [
  'title',
  'slug',
  'description',
  'language',
  ...PHASE_KINDS.flatMap((_, i) => [`phases.${i}.startsAt`, `phases.${i}.endsAt`]),
];

export const SLUG_PATTERN = '[a-z0-9]+(-[a-z0-9]+)*';
const SLUG_RE = new RegExp(`^${SLUG_PATTERN}$`);

/** The element id of a field, e.g. "phases.2.endsAt" -> "process-phases-2-endsAt". */
export const fieldId = (field: string): string => `process-${field.replace(/\./g, '-')}`;

/** A slug suggestion from a title: lowercase ASCII words joined by hyphens. */
export function slugify(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A suggested schedule, published two weeks ahead as OGP asks: lengths in days per phase. */
export function suggestedPhases(today = new Date()): ProcessDraft['phases'] {
  const lengths: Record<PhaseKind, number> = { 'open-call': 42, prioritisation: 21, drafting: 42, consultation: 21, adopted: 730 };
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 14);
  return PHASE_KINDS.map((kind) => {
    const start = isoDay(day);
    day.setDate(day.getDate() + lengths[kind] - 1);
    const end = isoDay(day);
    day.setDate(day.getDate() + 1);
    return { kind, start, end };
  });
}

/** Client-side checks; returns messages keyed by field name (empty when all is well). */
export function validateDraft(t: Translate, draft: ProcessDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const title = draft.title.trim();
  if (!title) errors.title = t('admin:errors.titleRequired');
  else if (title.length < 3) errors.title = t('admin:errors.titleShort', { min: 3 });
  if (!draft.slug) errors.slug = t('admin:errors.slugRequired');
  else if (!SLUG_RE.test(draft.slug) || draft.slug.length < 3) errors.slug = t('admin:errors.slugFormat');
  draft.phases.forEach((phase, i) => {
    const phaseName = t(`common:phase.${phase.kind}`);
    if (!phase.start) errors[`phases.${i}.startsAt`] = t('admin:errors.startRequired', { phase: phaseName });
    if (!phase.end) errors[`phases.${i}.endsAt`] = t('admin:errors.endRequired', { phase: phaseName });
    if (phase.start && phase.end && phase.end < phase.start) {
      errors[`phases.${i}.endsAt`] = t('admin:errors.endBeforeStart', { phase: phaseName });
    }
    const previous = draft.phases[i - 1];
    if (previous?.start && phase.start && phase.start < previous.start) {
      errors[`phases.${i}.startsAt`] = t('admin:errors.outOfOrder', {
        phase: phaseName,
        previous: t(`common:phase.${previous.kind}`),
      });
    }
  });
  return errors;
}

/** The request body: a phase runs from the start of its first day to the end of its last, local time. */
export function toPayload(draft: ProcessDraft): NewProcess {
  return {
    slug: draft.slug,
    title: draft.title.trim(),
    description: draft.description.trim(),
    language: draft.language as Locale, // one of the select's options; the server checks it
    phases: draft.phases.map((p) => ({
      kind: p.kind,
      startsAt: new Date(`${p.start}T00:00:00`).toISOString(),
      endsAt: new Date(`${p.end}T23:59:59`).toISOString(),
    })),
  };
}

/** Which form field a server error path is about ("phases.1" lands on that phase's start). */
export function fieldForPath(path: string): string {
  if (FIELD_ORDER.includes(path)) return path;
  const phase = /^phases(?:\.(\d+))?/.exec(path);
  if (phase) {
    const index = Number(phase[1] ?? 0);
    return index < PHASE_KINDS.length ? `phases.${index}.startsAt` : '';
  }
  const top = path.split('.')[0] ?? '';
  return FIELD_ORDER.includes(top) ? top : '';
}
