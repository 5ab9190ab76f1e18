import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RoundsLive } from './live.ts';
import { roundRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance { roundsLive: RoundsLive }
}

/** Prioritisation: rounds scored with the shared engine, paper ballots, results, selection; live tallies and deadlines. */
export default fp(async function rounds(app: FastifyInstance) {
  const live = new RoundsLive(app.db, app.rooms, app.log);
  app.decorate('roundsLive', live);
  app.addHook('onClose', async () => live.close());
  await app.register(roundRoutes);
}, { name: 'rounds', dependencies: ['rooms'] });
