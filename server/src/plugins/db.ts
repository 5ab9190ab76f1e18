/** Decorates the app with its database, configuration and engine name. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import type { Engine } from '../db/connect.ts';
import type { Db } from '../db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    engine: Engine;
    config: Config;
  }
}

export default fp(async function dbPlugin(app: FastifyInstance, opts: { db: Db; engine: Engine; config: Config }) {
  app.decorate('db', opts.db);
  app.decorate('engine', opts.engine);
  app.decorate('config', opts.config);
}, { name: 'db' });
