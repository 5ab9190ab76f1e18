/** /api/workshops/* and /api/processes/:slug/workshops: create, join by code, run, close. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { CreateWorkshopBody, JoinWorkshopBody, Slug, text, Workshop, WorkshopOutcome } from '@mesa/shared';
import { requireUser, startSession } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { findWorkshop, workshopView, attendance } from './repo.ts';
import { seatIfLate } from './tables.ts';
import {
  closeWorkshop, createWorkshop, joinAsMember, joinWorkshop, loadWorkshop, lockWorkshop, participantsOf, processWorkshops, removeParticipant, setCurrentItem, type Who,
} from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['workshops'];
const IdParams = z.strictObject({ id: z.uuid() });
const who = (request: FastifyRequest): Who => ({ user: request.user, guest: request.guest });
// the configured PUBLIC_URL, never the request's Host (a join link must not point elsewhere)
const baseUrl = (request: FastifyRequest) => request.server.config.publicUrl;

export const workshopRoutes: FastifyPluginAsyncZod = async (app) => {
  const publish = (w: { id: string; process_id: string }, event: string, data: unknown) =>
    app.rooms.publish({ room: `workshop:${w.id}`, event, data, processId: w.process_id });

  async function view(request: FastifyRequest, id: string) {
    const { w, facilitates, me } = await loadWorkshop(app.db, id, who(request), 'view');
    return workshopView(app.db, w, { canFacilitate: facilitates, me }, baseUrl(request));
  }

  app.post('/api/processes/:slug/workshops', { schema: { security: SIGNED_IN, tags, summary: 'Create a workshop; returns its join code and link (admin, facilitator)', params: z.strictObject({ slug: Slug }), body: CreateWorkshopBody, response: { 201: Workshop } } },
    async (request, reply) => {
      const id = await createWorkshop(app.db, request.params.slug, request.body, requireUser(request));
      return reply.status(201).send(await view(request, id));
    });

  app.get('/api/processes/:slug/workshops', { schema: { tags, summary: 'Workshops of a process, with their recorded outcome once closed', params: z.strictObject({ slug: Slug }) } },
    async (request) => {
      return { items: await processWorkshops(app.db, request.params.slug) };
    });

  app.get('/api/workshops/:id', { schema: { security: SIGNED_IN, tags, summary: 'The workshop with its agenda, rounds and state (members, participants, guests of it)', params: IdParams, response: { 200: Workshop } } },
    async (request) => view(request, request.params.id));

  app.post('/api/workshops/join', { schema: { tags, summary: 'Join by code: a guest session for this workshop only, or a signed-in user marked present', body: JoinWorkshopBody, response: { 200: Workshop } } },
    async (request, reply) => {
      const out = await joinWorkshop(app.db, request.body, who(request), request.ip);
      if (out.newGuestId) {
        await startSession(app, request, reply, out.newGuestId, true);
        request.guest = { id: out.newGuestId, workshopId: out.workshopId, displayName: request.body.displayName, sector: request.body.sector ?? null };
      }
      const w = (await findWorkshop(app.db, out.workshopId))!;
      const key = request.user ? request.user.id : `guest:${request.guest!.id}`;
      const table = await seatIfLate(app.db, w.id, key);
      await publish(w, 'workshop/presence', { ...(await attendance(app.db, w.id)), ...(table ? { seated: { key, table } } : {}) });
      return view(request, out.workshopId);
    });

  app.post('/api/workshops/:id/join', { schema: { security: SIGNED_IN, tags, summary: 'Join as oneself, without the code (members of the process, facilitators)', params: IdParams, body: JoinWorkshopBody.omit({ code: true }), response: { 200: Workshop } } },
    async (request) => {
      const user = requireUser(request);
      const out = await joinAsMember(app.db, request.params.id, request.body, user);
      const w = (await findWorkshop(app.db, out.workshopId))!;
      const table = await seatIfLate(app.db, w.id, user.id);
      await publish(w, 'workshop/presence', { ...(await attendance(app.db, w.id)), ...(table ? { seated: { key: user.id, table } } : {}) });
      return view(request, w.id);
    });

  app.post('/api/workshops/:id/agenda', { schema: { security: SIGNED_IN, tags, summary: 'Move to an agenda item (facilitator)', params: IdParams, body: z.strictObject({ current: z.number().int().min(0) }), response: { 200: Workshop } } },
    async (request) => {
      const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
      await setCurrentItem(app.db, w, request.body.current);
      await publish(w, 'workshop/agenda-moved', { currentItem: request.body.current });
      return view(request, w.id);
    });

  app.post('/api/workshops/:id/lock', { schema: { security: SIGNED_IN, tags, summary: 'Lock or unlock the room: a locked room takes no new joins (facilitator)', params: IdParams, body: z.strictObject({ locked: z.boolean() }), response: { 200: Workshop } } },
    async (request) => {
      const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
      await lockWorkshop(app.db, w, request.body.locked);
      await publish(w, 'workshop/locked', { locked: request.body.locked });
      return view(request, w.id);
    });

  app.post('/api/workshops/:id/participants/remove', { schema: { security: SIGNED_IN, tags, summary: 'Remove a participant (facilitator)', params: IdParams, body: z.strictObject({ key: text().max(60) }) } },
    async (request) => {
      const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
      const removed = await removeParticipant(app.db, w, request.body.key, request.user!.id);
      // Their open sockets stop hearing this workshop at once: a guest's close (its session was for this workshop only), a member's re-check their rooms.
      if (removed.guestId) app.sessions.guestRemoved(removed.guestId);
      else if (removed.userId) app.sessions.forgetUser(removed.userId);
      await publish(w, 'workshop/participant-removed', { key: request.body.key, ...(await attendance(app.db, w.id)) });
      return { ok: true };
    });

  app.get('/api/workshops/:id/participants', { schema: { security: SIGNED_IN, tags, summary: 'Who is present, and who voted in the current round (facilitator)', params: IdParams } },
    async (request) => {
      const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
      return participantsOf(app.db, w);
    });

  app.post('/api/workshops/:id/close', { schema: { security: SIGNED_IN, tags, summary: 'Close the workshop and record its outcome (facilitator)', params: IdParams, response: { 200: WorkshopOutcome } } },
    async (request) => {
      const { w } = await loadWorkshop(app.db, request.params.id, who(request), 'facilitate');
      const { outcome, closedRounds } = await closeWorkshop(app.db, w, request.user!.id);
      for (const id of closedRounds) await app.roundsLive.announceClosed(id);
      await publish(w, 'workshop/closed', outcome);
      return outcome;
    });

  app.get('/api/workshops/:id/outcome', { schema: { tags, summary: 'The recorded outcome of a closed workshop', params: IdParams, response: { 200: WorkshopOutcome } } },
    async (request) => {
      const w = await findWorkshop(app.db, request.params.id);
      if (!w || !w.outcome) throw problem.notFound('workshop-outcome');
      return w.outcome as z.infer<typeof WorkshopOutcome>;
    });
};
