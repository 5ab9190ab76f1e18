/** RFC 9457 problem+json for every error: one error handler, one not-found handler, never a 5xx's internals. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Locale, Problem, ProblemCode } from '@mesa/shared';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { translator } from './i18n.ts';

export interface FieldError {
  path: string;
  /** A key under `problems:field.` (or `problems:detail.`) or a plain sentence. */
  message: string;
  /** Values the translated message interpolates. */
  params?: Record<string, unknown>;
}

/** An expected failure a route reports to the client. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    /** A key under `problems:detail.` or a plain sentence. */
    readonly detailKey?: string,
    readonly params: Record<string, unknown> = {},
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detailKey ?? code);
  }
}

/** What a 503 asks clients (and load balancers) to wait: about as long as the room bus's longest reconnect delay. */
export const RETRY_AFTER_SECONDS = 5;

export const problem = {
  unauthorised: () => new ProblemError(401, 'unauthorised', 'sign-in-required'),
  notAllowed: (key = 'not-allowed') => new ProblemError(403, 'not-allowed', key),
  notFound: (what: string) => new ProblemError(404, 'not-found', 'not-found', { what }),
  duplicate: (key: string, params: Record<string, unknown> = {}) => new ProblemError(409, 'duplicate', key, params),
  validation: (errors: FieldError[]) => new ProblemError(400, 'validation', 'validation', {}, errors),
  /** The database cannot be reached: the request was not served; try again shortly. */
  unavailable: () => new ProblemError(503, 'unavailable', 'unavailable', { seconds: RETRY_AFTER_SECONDS }, undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) }),
};

/** `err` as the problem a client should see, when it is one (a ProblemError or an unreachable database); else null. */
export function asProblem(err: unknown): ProblemError | null {
  if (err instanceof ProblemError) return err;
  return isDatabaseUnavailable(err) ? problem.unavailable() : null;
}

const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'bad-request', 401: 'unauthorised', 403: 'not-allowed', 404: 'not-found', 409: 'conflict',
  413: 'too-large', 415: 'unsupported-media-type', 429: 'rate-limited',
};

const ZOD_LOCALES: Record<Locale, ReturnType<typeof z.locales.en>> = {
  en: z.locales.en(), es: z.locales.es(), fr: z.locales.fr(), pt: z.locales.pt(),
};
type Context = 'body' | 'querystring' | 'params' | 'headers';

/**
 * Field errors in the request's language. Validation runs without knowing the request, so on
 * this (rare) error path the schema is run again with zod's error messages for that language;
 * messages written into a schema are keys under `problems:field.`.
 */
function validationErrors(request: FastifyRequest, context: Context, fallback: FieldError[]): FieldError[] {
  const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context];
  const data = { body: request.body, querystring: request.query, params: request.params, headers: request.headers }[context];
  if (!(schema instanceof z.ZodType)) return fallback;
  const result = schema.safeParse(data, { error: ZOD_LOCALES[request.lang].localeError });
  if (result.success) return fallback;
  return result.error.issues.map((issue) => ({
    path: [context, ...issue.path.map(String)].join('.'),
    message: request.t(`problems:field.${issue.message}`, { defaultValue: issue.message }),
  }));
}

function fromFastifyError(err: FastifyError, request: FastifyRequest): ProblemError {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err.validationContext ?? 'body') as Context;
    const fallback = err.validation.map((v) => ({
      path: [context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new ProblemError(400, 'validation', 'validation', {}, validationErrors(request, context, fallback));
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) return new ProblemError(500, 'internal', 'internal');
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return new ProblemError(400, 'malformed-json', 'malformed-json');
  }
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new ProblemError(400, 'malformed-json', 'empty-json');
  // the route's own limit (an import's is larger than the 1 MiB of the rest)
  if (status === 413) return new ProblemError(413, 'too-large', 'body-too-large', { mib: Math.round((request.routeOptions?.bodyLimit ?? 2 ** 20) / 2 ** 20 * 10) / 10 });
  if (status === 429) return new ProblemError(429, 'rate-limited', 'rate-limited');
  return new ProblemError(status, STATUS_CODES[status] ?? 'bad-request', err.message);
}

/** Sends `p` as problem+json in the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemError): FastifyReply {
  // Router errors arrive before the request is decorated: fall back to English there.
  const t = typeof request.t === 'function' ? request.t : translator('en');
  const detailKey = p.detailKey ?? p.code;
  const body: Problem = {
    type: `https://mesa.example/problems/${p.code}`,
    title: t(`problems:title.${p.code}`),
    status: p.status,
    detail: t(`problems:detail.${detailKey}`, { ...p.params, defaultValue: detailKey }),
    code: p.code,
    // Field messages a route or service writes (an import row's `text-nul`) are keys under `problems:field.` too.
    ...(p.errors ? { errors: p.errors.map((e) => ({ path: e.path, message: t([`problems:field.${e.message}`, `problems:detail.${e.message}`], { ...e.params, defaultValue: e.message }) })) } : {}),
  };
  for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
  return reply.status(p.status).type('application/problem+json').send(body);
}

export default fp(async function problemsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const p = asProblem(err) ?? fromFastifyError(err, request);
    // An outage is the operator's news, not a bug: one line per refused request, no stack.
    if (p.code === 'unavailable') request.log.warn({ err: (err as Error).message }, 'database unavailable');
    else if (p.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(request, reply, p);
  });
}, { name: 'problems', dependencies: ['i18n'] });
