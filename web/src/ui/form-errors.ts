import type { Translate } from '../contexts/i18n.ts';
import { ApiError } from '../api/http.ts';
import type { SummaryItem } from './mesa-error-summary.ts';
import { problemMessage } from './problem.ts';

/** Field errors keyed by field name; the empty key holds a message about the whole form. */
export type FieldErrors = Record<string, string>;

/** Maps an error path onto a field when its first segment is one of `fields`. */
export function byField(fields: readonly string[]): (path: string) => string {
  return (path) => fields.find((f) => path === f || path.startsWith(`${f}.`)) ?? '';
}

/**
 * Turn a failed request into per-field messages: each `errors[].path` lands on the field
 * `fieldOf` names (or on the form as a whole when it names none).
 */
export function fieldErrorsFrom(t: Translate, err: unknown, fieldOf: (path: string) => string): FieldErrors {
  const out: FieldErrors = {};
  if (err instanceof ApiError) {
    for (const { path, message } of err.errors) out[fieldOf(path)] ??= message || t('common:errors.validation');
    if (err.code === 'validation' && err.errors.length > 0) return out;
  }
  out[''] ??= problemMessage(t, err);
  return out;
}

/** Summary items in the order the fields appear on the form, form-wide message first. */
export function summaryItems(errors: FieldErrors, order: readonly string[], idOf: (field: string) => string): SummaryItem[] {
  const items: SummaryItem[] = [];
  if (errors['']) items.push({ fieldId: '', message: errors[''] });
  for (const field of order) {
    const message = errors[field];
    if (message) items.push({ fieldId: idOf(field), message });
  }
  return items;
}

/** A rough e-mail check; the server has the final word. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
