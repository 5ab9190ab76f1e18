/** Serves the built web app (web/dist) with a fallback to index.html for its client-side routes. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problem, sendProblem } from './problems.ts';

const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export default fp(async function webPlugin(app: FastifyInstance) {
  const hasWeb = existsSync(`${WEB_DIST}index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/ws'
      && (request.headers.accept ?? '').includes('text/html');
    if (hasWeb && isPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(request, reply, problem.notFound('route'));
  });
}, { name: 'web', dependencies: ['problems'] });
