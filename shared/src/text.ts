/**
 * Free text as Mesa takes it. PostgreSQL's text refuses U+0000 and its jsonb refuses an unpaired
 * UTF-16 surrogate (UTF-8 cannot carry one at all), so a string holding either is refused at the
 * edge with a 400 naming the field, instead of failing in the database as a 500.
 */
import { z } from 'zod';

/** Message keys (under `problems:field.`) of the two refusals. */
export const TEXT_NUL = 'text-nul';
export const TEXT_SURROGATE = 'text-surrogate';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as text (a message key), or null when it can. */
export function textFlaw(s: string): typeof TEXT_NUL | typeof TEXT_SURROGATE | null {
  if (s.includes('\u0000')) return TEXT_NUL;
  // String.prototype.isWellFormed (ES2024) is native and linear; the regex serves older browsers.
  const wellFormed = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed ? !wellFormed.call(s) : LONE_SURROGATE.test(s)) return TEXT_SURROGATE;
  return null;
}

/** The refusal as a zod check, for string formats that are not plain text (`z.url().check(storable)`). */
export const storable = z.superRefine<string>((s, ctx) => {
  const flaw = textFlaw(s);
  if (flaw) ctx.addIssue({ code: 'custom', message: flaw });
});

/**
 * A string the database can hold: no NUL, no unpaired surrogate. Chain the usual checks after it
 * (`text().trim().min(1).max(80)`); use it for every free-text input, record keys included.
 */
export function text() {
  return z.string().check(storable);
}
