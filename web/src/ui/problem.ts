import type { Translate } from '../contexts/i18n.ts';
import { ApiError } from '../api/http.ts';

const KNOWN = new Set([
  'validation',
  'duplicate',
  'rate-limited',
  'not-allowed',
  'phase-closed',
  'csrf',
  'unauthorised',
  'not-found',
  'network',
  'conflict',
  'too-large',
]);

// Spellings other servers use for the same problems.
const ALIASES: Record<string, string> = {
  unauthorized: 'unauthorised',
  forbidden: 'not-allowed',
  'payload-too-large': 'too-large',
  'stale-version': 'conflict',
};

/** A message for the reader: our translation of the problem code, else the server's detail. */
export function problemMessage(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    const code = ALIASES[err.code] ?? err.code;
    if (KNOWN.has(code)) return t(`common:errors.${code}` as 'common:errors.generic');
    if (err.detail) return err.detail;
  }
  return t('common:errors.generic');
}

let counter = 0;
/** A document-unique id prefix for light-DOM elements that need label/for pairs. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
