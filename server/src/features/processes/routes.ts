/** /api/processes: the public pages of each co-creation process and their admin controls. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AddMemberBody, CreateProcessBody, ListQuery, MembershipRole, MemberView, OpenPhaseBody, Process, ProcessList, ReplacePhasesBody, Slug } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { listMembers, listProcesses } from './repo.ts';
import { addMember, createProcess, getProcess, openPhase, removeMember, requireProcess, reschedule } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['processes'];
const SlugParams = z.strictObject({ slug: Slug });
// What a cursor holds goes into SQL as a timestamp and a uuid: anything else is a 400, not a database error.
const ProcessCursor = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export const processRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/processes', { schema: { tags, summary: 'Published processes, newest first', querystring: ListQuery, response: { 200: ProcessList } } },
    async (request) => {
      const after = request.query.cursor ? decodeCursor(request.query.cursor, ProcessCursor) : null;
      const page = await listProcesses(app.db, request.query.limit, after && { createdAt: after[0], id: after[1] });
      const last = page.rows.at(-1);
      return { items: page.rows, total: page.total, nextCursor: page.more && last ? encodeCursor([last.createdAt, last.id]) : null };
    });

  app.post('/api/processes', { schema: { security: SIGNED_IN, tags, summary: 'Create a process with its phases (admin)', body: CreateProcessBody, response: { 201: Process } } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createProcess(app.db, request.body, admin.id));
    });

  app.get('/api/processes/:slug', { schema: { tags, summary: 'A process with its phases, active phase and timeline', params: SlugParams, response: { 200: Process } } },
    async (request) => {
      return getProcess(app.db, request.params.slug);
    });

  app.post('/api/processes/:slug/active-phase', { schema: { security: SIGNED_IN, tags, summary: 'Open a phase (admin)', params: SlugParams, body: OpenPhaseBody, response: { 200: Process } } },
    async (request) => {
      const admin = requireAdmin(request);
      const outcome = await openPhase(app.db, request.params.slug, request.body.kind, admin.id);
      if (outcome.changed) {
        await app.rooms.publish({ room: `process:${outcome.process.slug}`, event: 'process/phase-changed', data: { activePhase: outcome.process.activePhase }, processId: outcome.process.id });
      }
      return outcome.process;
    });

  app.put('/api/processes/:slug/phases', { schema: { security: SIGNED_IN, tags, summary: 'Change the published schedule (admin)', params: SlugParams, body: ReplacePhasesBody, response: { 200: Process } } },
    async (request) => {
      const admin = requireAdmin(request);
      return reschedule(app.db, request.params.slug, request.body.phases, admin.id);
    });

  app.get('/api/processes/:slug/members', { schema: { security: SIGNED_IN, tags, summary: 'Members of the process (admin, facilitators: for paper ballots)', params: SlugParams, response: { 200: z.object({ items: z.array(MemberView) }) } } },
    async (request) => {
      const user = requireUser(request);
      const process = await requireProcess(app.db, request.params.slug, ['id']);
      const rows0 = user.isAdmin ? [] : await listMembers(app.db, process.id);
      if (!user.isAdmin && !rows0.some((m) => m.user_id === user.id && m.role === 'facilitator')) throw problem.notAllowed('facilitator-only');
      const rows = await listMembers(app.db, process.id);
      return { items: rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role, sector: r.sector, organisation: r.organisation })) as z.infer<typeof MemberView>[] };
    });

  app.post('/api/processes/:slug/members', { schema: { security: SIGNED_IN, tags, summary: 'Add a forum member, facilitator or drafter (admin)', params: SlugParams, body: AddMemberBody } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await addMember(app.db, request.params.slug, request.body, admin.id);
      app.sessions.forgetUser(request.body.userId); // their open sockets see the new role at their next join or message
      return reply.status(201).send({ ok: true });
    });

  app.delete('/api/processes/:slug/members/:userId', { schema: { security: SIGNED_IN, tags, summary: 'Remove a member\'s role, or every role without ?role= (admin)', params: z.strictObject({ slug: Slug, userId: z.uuid() }), querystring: z.strictObject({ role: MembershipRole.optional() }) } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await removeMember(app.db, request.params.slug, request.params.userId, request.query.role, admin.id);
      // Committed: their open sockets leave the rooms they may no longer be in, in every server process.
      app.sessions.forgetUser(request.params.userId);
      return reply.status(204).send();
    });
};
