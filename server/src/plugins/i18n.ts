/** Server-side i18next: problem titles, exports and e-mails in the request's language. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import i18next, { type TFunction } from 'i18next';
import { LOCALES, type Locale } from '@mesa/shared';

const LOCALES_DIR = fileURLToPath(new URL('../../../locales/', import.meta.url));
const SERVER_NAMESPACES = ['problems', 'evidence', 'plan', 'tracking'];

function loadResources() {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lng of readdirSync(LOCALES_DIR)) {
    resources[lng] = {};
    for (const ns of SERVER_NAMESPACES) {
      resources[lng][ns] = JSON.parse(readFileSync(join(LOCALES_DIR, lng, `${ns}.json`), 'utf8'));
    }
  }
  return resources;
}

const instance = i18next.createInstance();
await instance.init({
  resources: loadResources() as never,
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  ns: SERVER_NAMESPACES,
  defaultNS: 'problems',
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A translation function bound to one language. */
export function translator(lng: Locale): TFunction {
  return instance.getFixedT(lng);
}

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The first supported language in an Accept-Language header, by quality. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header.split(',').map((part) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { lng: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lng).find(isLocale);
}

/** Language of server-made text: ?lang=, else the user's setting, else Accept-Language, else English. */
export function resolveLanguage(request: FastifyRequest): Locale {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) return q;
  if (request.user && isLocale(request.user.locale)) return request.user.locale;
  return fromAcceptLanguage(request.headers['accept-language']) ?? 'en';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this request's server-made text. */
    readonly lang: Locale;
    readonly t: TFunction;
  }
}

export default fp(async function i18nPlugin(app: FastifyInstance) {
  app.decorateRequest('lang', { getter(this: FastifyRequest) { return resolveLanguage(this); } });
  app.decorateRequest('t', { getter(this: FastifyRequest) { return translator(resolveLanguage(this)); } });
}, { name: 'i18n' });
