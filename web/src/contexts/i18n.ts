import { createContext } from '@lit/context';
import type { TFunction } from 'i18next';
import type { Locale } from '../api/types.ts';

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
