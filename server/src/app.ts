/** Builds the Fastify app (tests use this; only main.ts listens). */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { OpenDatabase } from './db/connect.ts';
import accounts from './features/accounts/index.ts';
import comments, { commentRegistry } from './features/comments/index.ts';
import health from './features/health/index.ts';
import moderation, { moderationRegistry } from './features/moderation/index.ts';
import openData from './features/open-data/index.ts';
import processes from './features/processes/index.ts';
import proposals from './features/proposals/index.ts';
import rounds from './features/rounds/index.ts';
import workshops from './features/workshops/index.ts';
import commitments from './features/commitments/index.ts';
import plan from './features/plan/index.ts';
import evidence from './features/evidence/index.ts';
import tracking from './features/tracking/index.ts';
import auth from './plugins/auth.ts';
import dbPlugin from './plugins/db.ts';
import i18n from './plugins/i18n.ts';
import openapi from './plugins/openapi.ts';
import { clientErrorHandler } from './plugins/client-errors.ts';
import problems, { ProblemError, sendProblem } from './plugins/problems.ts';
import rateLimit from './plugins/rate-limit.ts';
import rooms from './plugins/rooms/index.ts';
import securityHeaders, { applySecurityHeaders } from './plugins/security-headers.ts';
import web from './plugins/web.ts';

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(config: Config, database: OpenDatabase, opts: { logger?: boolean; onRoute?: (route: RouteOptions) => void } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // Errors Node's HTTP parser raises before any request exists (431 for over-long URLs and headers).
    clientErrorHandler,
    // Errors the router raises before any route runs (bad URL encoding, over-long parameters).
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(request, reply);
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      void sendProblem(request, reply, new ProblemError(status, status === 414 ? 'too-large' : 'bad-request', error.message));
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Suites generated from the registered routes (fuzz, authorisation matrix) see each one, schemas included.
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // First, so that every answer carries the headers, even one a later hook refuses.
  await app.register(securityHeaders);
  await app.register(dbPlugin, { db: database.db, engine: database.engine, config });
  await app.register(i18n);
  await app.register(problems);
  await app.register(cookie);
  await app.register(auth);
  await app.register(rateLimit);
  await app.register(openapi);
  await app.register(rooms);
  // Registries the features below add their own content to: what takes comments, what can be reported.
  await app.register(moderationRegistry);
  await app.register(commentRegistry);

  await app.register(health);
  await app.register(accounts);
  await app.register(processes);
  await app.register(proposals);
  await app.register(rounds);
  await app.register(workshops);
  await app.register(commitments);
  await app.register(plan);
  await app.register(evidence);
  await app.register(tracking);
  await app.register(comments);
  await app.register(moderation);
  await app.register(openData);

  await app.register(web);
  return app;
}
