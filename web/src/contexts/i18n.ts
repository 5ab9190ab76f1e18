import { createContext } from '@lit/context';
import type { TFunction } from 'i18next';
import type { Locale } from '@mesa/shared';
import { LOCALES } from '@mesa/shared/values';

/** A `t` that accepts keys of every namespace, written "ns:key" (common is the default). */
export type Translate = TFunction<['common', 'auth', 'processes', 'admin', 'problems', 'proposals', 'comments', 'moderation', 'rounds', 'workshops', 'commitments', 'evidence', 'tracking', 'plan']>;

/** What elements need to render text: a bound `t` and the current language. */
export interface I18nValue {
  t: Translate;
  lng: Locale;
  /** Locale-aware date formatting, e.g. formatDate(iso, { dateStyle: 'long' }). */
  formatDate: (iso: string, options?: Intl.DateTimeFormatOptions) => string;
}

/** A new object is provided on each language change so that consumers re-render. */
export const i18nContext = createContext<I18nValue>(Symbol('mesa-i18n'));

/** Whether a value (a stored setting, a URL parameter) names a language the interface speaks. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
