/** Pure helpers of the plan pages. */
import type { TextField } from '@mesa/shared';
import { TEXT_FIELDS } from '@mesa/shared/values';

/** The OGP template's texts in the order the plan shows them. */
export const TEMPLATE_FIELDS: readonly TextField[] = TEXT_FIELDS;

/** "1 June 2025 – 31 October 2027", or '' when neither date is known. */
export function planPeriod(p: { periodStart: string | null; periodEnd: string | null }, formatDate: (iso: string, o?: Intl.DateTimeFormatOptions) => string): string {
  if (!p.periodStart && !p.periodEnd) return '';
  const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }) : '…');
  return `${day(p.periodStart)} – ${day(p.periodEnd)}`;
}
