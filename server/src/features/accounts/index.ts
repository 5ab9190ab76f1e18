import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './routes.ts';

/** Accounts: registration, sign-in and sign-out, the signed-in user. */
export default async function accounts(app: FastifyInstance) {
  await app.register(accountRoutes);
}
