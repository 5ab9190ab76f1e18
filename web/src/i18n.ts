import i18next, { type i18n, type Resource } from 'i18next';
import type { Locale } from '@mesa/shared';
import { LOCALES } from '@mesa/shared/values';
import { isLocale } from './contexts/i18n.ts';

// Every locale file of the repository, bundled at build time (locales/<lng>/<ns>.json).
const files = import.meta.glob<{ default: Record<string, unknown> }>('../../locales/*/*.json', { eager: true });

export const NAMESPACES = ['common', 'auth', 'processes', 'admin', 'problems', 'proposals', 'comments', 'moderation', 'rounds', 'workshops', 'commitments', 'evidence', 'tracking', 'plan'] as const;
const STORAGE_KEY = 'mesa.lang';

function resources(): Resource {
  const out: Resource = {};
  for (const [path, mod] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lng, ns] = match as unknown as [string, string, string];
    (out[lng] ??= {})[ns] = mod.default;
  }
  return out;
}

/** The language chosen on this device, else the browser's, else English. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage can be blocked; fall through
  }
  for (const tag of navigator.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** True when a language was chosen on this device before. */
export function hasSavedLocale(): boolean {
  try {
    return isLocale(localStorage.getItem(STORAGE_KEY));
  } catch {
    return false;
  }
}

/** Remember the choice on this device. */
export function rememberLocale(lng: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore: the choice still applies for this visit
  }
}

/** A dedicated i18next instance for the web app, with all namespaces loaded. */
export async function createI18n(lng: Locale): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources: resources(),
    interpolation: { escapeValue: false }, // lit escapes text on render
    returnNull: false,
  });
  return instance;
}

/** Native names, shown in the language switcher whatever the current language. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  pt: 'Português',
};
