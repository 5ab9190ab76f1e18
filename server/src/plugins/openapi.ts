/**
 * The OpenAPI document, generated from the routes' zod schemas, and a browsable page.
 *
 * Routes describe what is theirs (params, body, success responses, `security: SIGNED_IN`, and
 * the error statuses only they give, such as `409: Problem`); what every route shares is added
 * here, once: an operationId from the method and path, the security each call needs (writes
 * need the CSRF header), and the problem+json answers the plugins give to any route (400, 401
 * and 403, 404, 413, 415, 429, 500, 503). The document is linted by tests/api/openapi-lint.test.ts.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '@mesa/shared';

/** `schema: { security: SIGNED_IN }`: the route needs a session (an account's, or a workshop guest's where the route takes one). */
export const SIGNED_IN = [{ session: [] }];

/**
 * `response: { 200: download('text/csv', 'The proposals as CSV') }`: a file the route streams or
 * sends as it is (never serialised from a schema), described by its media types.
 */
export function download(types: string | string[], description: string) {
  const schema = z.string().meta({ format: 'binary' });
  return { description, content: Object.fromEntries([types].flat().map((type) => [type, { schema }])) };
}

const TAGS: Record<string, string> = {
  health: 'Liveness and readiness probes for load balancers',
  accounts: 'Sign-up, sign-in, sessions and the CSRF token',
  processes: 'Co-creation processes, their phases and members',
  proposals: 'The open call: proposals, supports, answers, merges, import and export',
  rounds: 'Prioritisation rounds: ballots, paper ballots, results and the selection for drafting',
  workshops: 'Live workshops: joining, agenda, rounds, breakout tables, hands and questions',
  commitments: 'Drafting commitments: versions, drafters and word diffs',
  consultation: 'Public consultation on commitments: stances, follows, replies and reports',
  plan: 'The adopted plan: details, adoption, endorsements and exports',
  evidence: 'Evidence of the co-creation: meetings, reported figures and participant profiles',
  tracking: 'Tracking the adopted plan: milestone updates, notes and the progress feed',
  comments: 'Threaded comments on proposals, commitments and workshop questions',
  moderation: 'Reports, hiding and the moderation queue',
  'open-data': 'Open-data exports of contributions',
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const ERRORS: Record<string, string> = {
  400: 'The request is malformed or fails validation (`validation` lists each field)',
  401: 'The route needs a session and there is none (`unauthorised`)',
  403: 'Not allowed to this caller (`not-allowed`), or a write without a valid CSRF header (`csrf`)',
  404: 'What the path names does not exist, or is not visible to this caller',
  409: 'The request conflicts with the current state (a duplicate, a closed phase or round, a stale version)',
  413: 'The body is larger than the route accepts',
  415: 'The body is of a media type the route does not read',
  429: 'Too many writes from this session; wait and retry',
  500: 'An unexpected error (its details are logged, never sent)',
  503: 'The database is unavailable; retry after the `Retry-After` seconds',
};

const problemResponse = (status: string) => ({ description: ERRORS[status] ?? 'A problem', content: { 'application/problem+json': { schema: PROBLEM_REF } } });

/** `getProcessProposals` for GET /api/processes/:slug/proposals: a word per static segment, singular before a parameter. */
export function operationId(method: string, url: string): string {
  const segments = url.replace(/^\/api(?=\/)/, '').split('/').filter(Boolean);
  const words = segments.flatMap((segment, i) => {
    if (segment.startsWith(':') || segment === '*') return [];
    const next = segments[i + 1];
    const word = next?.startsWith(':') ? singular(segment) : segment;
    return word.split(/[-.]/);
  });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

type Schema = Record<string, unknown> & { response?: Record<string, unknown>; security?: Record<string, readonly string[]>[] };
type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route: { method: string | string[]; url: string; bodyLimit?: number } };

/** What a route declares, completed with what every route shares (see the file's comment). */
function transform(input: TransformInput) {
  const declared = (input.schema ?? {}) as Schema;
  // Problem and file responses are described here; the zod transform knows only JSON bodies.
  const problems: string[] = [];
  const files: Record<string, unknown> = {};
  const jsonResponses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(declared.response ?? {})) {
    if (response === Problem) problems.push(status);
    else if (response && typeof response === 'object' && 'content' in response) files[status] = response;
    else jsonResponses[status] = response;
  }
  const hasResponses = declared.response !== undefined;
  const { schema, url } = jsonSchemaTransform({ ...input, schema: { ...declared, response: hasResponses ? jsonResponses : undefined } as TransformInput['schema'] });
  const out = schema as Schema;
  if (out.hide) return { schema: out, url };

  const method = [input.route.method].flat()[0]!.toUpperCase();
  const write = WRITES.has(method);
  const signedIn = declared.security?.some((requirement) => 'session' in requirement) ?? false;
  out.operationId ??= operationId(method, input.route.url);
  if (write) out.security = [signedIn ? { session: [], csrf: [] } : { csrf: [] }];
  else out.security = signedIn ? [{ session: [] }] : [{}, { session: [] }];

  const response: Record<string, unknown> = { ...(out.response as Record<string, unknown> | undefined), ...fileSchemas(files) };
  const statuses = new Set(['400', '500', ...problems]);
  if (signedIn) statuses.add('401').add('403');
  if (write) statuses.add('403').add('429');
  if (declared.body) statuses.add('413').add('415');
  if (/[:*]/.test(input.route.url)) statuses.add('404');
  if ((input.route as { config?: { session?: false } }).config?.session !== false || problems.includes('503')) statuses.add('503');
  for (const status of statuses) response[status] ??= problemResponse(status);
  out.response = response;
  return { schema: out, url };
}

function fileSchemas(files: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(files).map(([status, file]) => {
    const { description, content } = file as { description: string; content: Record<string, { schema: z.ZodType }> };
    const converted = Object.fromEntries(Object.entries(content).map(([type, { schema }]) => [type, { schema: z.toJSONSchema(schema, { target: 'openapi-3.0' }) }]));
    return [status, { description, content: converted }];
  }));
}

export default fp(async function openapiPlugin(app: FastifyInstance) {
  const { $schema: _, ...problemSchema } = z.toJSONSchema(Problem, { target: 'openapi-3.0' }) as Record<string, unknown>;
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Mesa API',
        version: '0.1.0',
        description: 'Participatory co-creation of open-government action plans. Every error is an RFC 9457 problem (`application/problem+json`).',
      },
      servers: [{ url: app.config.publicUrl }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'mesa_session', description: 'The session cookie set at sign-in, sign-up or a workshop join' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Every write: the token from GET /api/auth/csrf, bound to the session (or, before sign-in, to the `mesa_anon` cookie that call sets)' },
        },
        schemas: { Problem: { ...problemSchema, description: 'An RFC 9457 problem; `code` is the stable machine-readable reason' } },
      },
    },
    transform: transform as unknown as typeof jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI (React) adds <style> elements as it renders, so its pages, and only its pages,
    // take inline styles; scripts stay 'self' and framing stays refused (security-headers.ts).
    transformStaticCSP: (header) => header.replace(/(^|;)style-src 'self'/, "$1style-src 'self' 'unsafe-inline'"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}, { name: 'openapi' });
