/** /api/processes/:slug/commitments and /api/commitments/*: drafting on the OGP template. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Commitment, CommitmentVersion, FedCommitment, CreateCommitmentBody, FieldDiff, NumberingBody, PatchCommitmentBody, Slug, text, VersionBody } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { setCommitmentNumbering } from '../processes/service.ts';
import { commitmentView } from './repo.ts';
import {
  assignDrafter, commitmentVersions, compareVersions, draftCommitment, editCommitment, fedCommitments, listCommitments, loadCommitment, nameVersion,
} from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['commitments'];
const IdParams = z.strictObject({ id: z.uuid() });
const SlugParams = z.strictObject({ slug: Slug });

export const commitmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put('/api/processes/:slug/commitment-numbering', { schema: { security: SIGNED_IN, tags, summary: 'Reference prefix and next number, e.g. ARBA and 7 (admin)', params: SlugParams, body: NumberingBody } }, async (request) => {
    requireAdmin(request);
    await setCommitmentNumbering(app.db, request.params.slug, request.body.prefix, request.body.start);
    return { ok: true };
  });

  app.get('/api/processes/:slug/commitments', { schema: { tags, summary: 'Commitments (drafts only for the process\'s members)', params: SlugParams, response: { 200: z.object({ items: z.array(Commitment) }) } } }, async (request) => {
    return { items: await listCommitments(app.db, request.params.slug, request.user) };
  });

  app.get('/api/proposals/:id/commitments', { schema: { tags, summary: 'The commitments a proposal fed (drafts only for those who may read them)', params: IdParams, response: { 200: z.object({ items: z.array(FedCommitment) }) } } }, async (request) => {
    return { items: (await fedCommitments(app.db, request.params.id, request.user)) as FedCommitment[] };
  });

  app.post('/api/processes/:slug/commitments', { schema: { security: SIGNED_IN, tags, summary: 'Start a commitment from proposals selected for drafting (admin, drafter; drafting)', params: SlugParams, body: CreateCommitmentBody, response: { 201: Commitment } } },
    async (request, reply) => reply.status(201).send(await draftCommitment(app.db, request.params.slug, request.body, requireUser(request))));

  app.get('/api/commitments/:id', { schema: { tags, summary: 'A commitment with all template fields, milestones, sources and version', params: IdParams, response: { 200: Commitment } } }, async (request) => {
    const { c, access } = await loadCommitment(app.db, request.params.id, request.user);
    return commitmentView(app.db, c, access.edit, request.user?.id ?? null);
  });

  app.patch('/api/commitments/:id', { schema: { security: SIGNED_IN, tags, summary: 'Edit fields with the version one started from (stale → 409 stale-version)', params: IdParams, body: PatchCommitmentBody, response: { 200: Commitment } } }, async (request) => {
    const out = await editCommitment(app.db, request.params.id, request.body, requireUser(request));
    const room = `commitment:${request.params.id}`;
    if (out.update) await app.rooms.publish({ room, event: 'commitment/yjs', data: { update: Buffer.from(out.update).toString('base64') }, processId: out.processId });
    await app.rooms.publish({ room, event: 'commitment/updated', data: { version: out.view.version }, processId: out.processId });
    return out.view;
  });

  app.post('/api/commitments/:id/drafters', { schema: { security: SIGNED_IN, tags, summary: 'Assign a drafter to this commitment (admin)', params: IdParams, body: z.strictObject({ userId: z.uuid() }) } }, async (request, reply) => {
    requireAdmin(request);
    await assignDrafter(app.db, request.params.id, request.body.userId);
    return reply.status(201).send({ ok: true });
  });

  app.post('/api/commitments/:id/versions', { schema: { security: SIGNED_IN, tags, summary: 'Name the current state, e.g. "for consultation" (drafters)', params: IdParams, body: VersionBody, response: { 201: CommitmentVersion } } },
    async (request, reply) => reply.status(201).send(await nameVersion(app.db, request.params.id, request.body.label, requireUser(request))));

  app.get('/api/commitments/:id/versions', { schema: { tags, summary: 'Named versions', params: IdParams, response: { 200: z.object({ items: z.array(CommitmentVersion) }) } } }, async (request) => {
    return { items: await commitmentVersions(app.db, request.params.id, request.user) };
  });

  app.get('/api/commitments/:id/diff', { schema: { tags, summary: 'Per-field word diff between two versions (ids or "current")', params: IdParams, querystring: z.strictObject({ from: z.union([z.uuid(), z.literal('current')]), to: z.union([z.uuid(), z.literal('current')]).default('current'), lang: text().optional() }), response: { 200: z.object({ items: z.array(FieldDiff) }) } } },
    async (request) => ({ items: await compareVersions(app.db, request.params.id, request.query.from, request.query.to, request.user) }));
};
