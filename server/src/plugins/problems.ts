/** RFC 9457 problem+json for every error: one error handler, one not-found handler, never a 5xx's internals. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Problem, ProblemCode } from '@mesa/shared';

export interface FieldError { path: string; message: string }

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

export const problem = {
  unauthorised: () => new ProblemError(401, 'unauthorised', 'sign-in-required'),
  notAllowed: (key = 'not-allowed') => new ProblemError(403, 'not-allowed', key),
  notFound: (what: string) => new ProblemError(404, 'not-found', 'not-found', { what }),
  duplicate: (key: string, params: Record<string, unknown> = {}) => new ProblemError(409, 'duplicate', key, params),
  validation: (errors: FieldError[]) => new ProblemError(400, 'validation', 'validation', {}, errors),
};

const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'bad-request', 401: 'unauthorised', 403: 'not-allowed', 404: 'not-found', 409: 'conflict',
  413: 'too-large', 415: 'unsupported-media-type', 429: 'rate-limited',
};

function fromFastifyError(err: FastifyError): ProblemError {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new ProblemError(400, 'validation', 'validation', {}, errors);
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) return new ProblemError(500, 'internal', 'internal');
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return new ProblemError(400, 'malformed-json', 'malformed-json');
  }
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new ProblemError(400, 'malformed-json', 'empty-json');
  if (status === 413) return new ProblemError(413, 'too-large', 'too-large');
  if (status === 429) return new ProblemError(429, 'rate-limited', 'rate-limited');
  return new ProblemError(status, STATUS_CODES[status] ?? 'bad-request', err.message);
}

/** Sends `p` as problem+json in the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemError): FastifyReply {
  const t = request.t;
  const detailKey = p.detailKey ?? p.code;
  const body: Problem = {
    type: `https://mesa.example/problems/${p.code}`,
    title: t(`problems:title.${p.code}`),
    status: p.status,
    detail: t(`problems:detail.${detailKey}`, { ...p.params, defaultValue: detailKey }),
    code: p.code,
    ...(p.errors ? { errors: p.errors } : {}),
  };
  for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
  return reply.status(p.status).type('application/problem+json').send(body);
}

export default fp(async function problemsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const p = err instanceof ProblemError ? err : fromFastifyError(err);
    if (p.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(request, reply, p);
  });
}, { name: 'problems', dependencies: ['i18n'] });
