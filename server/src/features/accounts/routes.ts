/** /api/auth/* and /api/me. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginBody, RegisterBody, UpdateMeBody, User } from '@mesa/shared';
import { endSession, requireUser, startSession } from '../../plugins/auth.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SEC, readDevices, withDevice } from './device-cookie.ts';
import { findUserView, updateUser } from './repo.ts';
import { registerUser, signIn } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['accounts'];

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const secret = app.config.sessionSecret;
  const limits = { free: app.config.loginMaxFailures, account: app.config.loginAccountMaxFailures, address: app.config.loginAddressMaxFailures };
  const devicesOf = (request: FastifyRequest) => readDevices(request.cookies[DEVICE_COOKIE], secret);
  /** Marks this browser as known to the account (sent only to /api/auth, where it is read). */
  const rememberDevice = (request: FastifyRequest, reply: FastifyReply, userId: string) => {
    reply.setCookie(DEVICE_COOKIE, withDevice(devicesOf(request), secret, userId), {
      path: '/api/auth', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: DEVICE_COOKIE_MAX_AGE_SEC,
    });
  };

  app.post('/api/auth/register', { schema: { tags, summary: 'Create an account and sign in', body: RegisterBody, response: { 201: User } } },
    async (request, reply) => {
      const user = await registerUser(app.db, request.body);
      await startSession(app, request, reply, user.id);
      rememberDevice(request, reply, user.id);
      return reply.status(201).send(user);
    });

  app.post('/api/auth/login', { schema: { tags, summary: 'Sign in', body: LoginBody, response: { 200: User } } },
    async (request, reply) => {
      const user = await signIn(app.db, request.body, { ip: request.ip, devices: devicesOf(request) }, limits);
      if (request.sessionId) await endSession(app, request, reply);
      await startSession(app, request, reply, user.id);
      rememberDevice(request, reply, user.id);
      return user;
    });

  app.post('/api/auth/logout', { schema: { security: SIGNED_IN, tags, summary: 'Sign out of this session' } }, async (request, reply) => {
    requireUser(request);
    await endSession(app, request, reply);
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { security: SIGNED_IN, tags, summary: 'The signed-in user, roles and memberships', response: { 200: User } } },
    async (request) => {
      const user = requireUser(request);
      return (await findUserView(app.db, user.id))!;
    });

  app.patch('/api/me', { schema: { security: SIGNED_IN, tags, summary: 'Change display name or language', body: UpdateMeBody, response: { 200: User } } },
    async (request) => {
      const user = requireUser(request);
      await updateUser(app.db, user.id, request.body);
      app.sessions.forgetUser(user.id);
      return (await findUserView(app.db, user.id))!;
    });
};
