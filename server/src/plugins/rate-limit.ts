/** Limits on writes per session (never per IP alone: a workshop hall shares one address). */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function writerKey(request: FastifyRequest): string {
  return request.sessionId ? `s:${request.sessionId}` : `a:${request.cookies['mesa_anon'] ?? request.ip}`;
}

export default fp(async function rateLimitPlugin(app: FastifyInstance) {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: app.config.writeRateLimit,
    timeWindow: '1 minute',
    keyGenerator: writerKey,
    allowList: (request) => READS.has(request.method),
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, code: 'rate-limited', message: `retry after ${context.after}` }),
  });
}, { name: 'rate-limit', dependencies: ['auth'] });
