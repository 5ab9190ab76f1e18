/** /api/processes/:slug/commitments and /api/commitments/*: drafting on the OGP template. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Commitment, CommitmentVersion, FedCommitment, CreateCommitmentBody, FieldDiff, NumberingBody, PatchCommitmentBody, Slug, text, VersionBody } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { accessTo, commitmentView, findCommitmentRow } from './repo.ts';
import { compareVersions, draftCommitment, editCommitment, loadCommitment, nameVersion } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['commitments'];
const IdParams = z.strictObject({ id: z.uuid() });
const SlugParams = z.strictObject({ slug: Slug });

export const commitmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put('/api/processes/:slug/commitment-numbering', { schema: { security: SIGNED_IN, tags, summary: 'Reference prefix and next number, e.g. ARBA and 7 (admin)', params: SlugParams, body: NumberingBody } }, async (request) => {
    requireAdmin(request);
    const r = await app.db.updateTable('processes').set({ reference_prefix: request.body.prefix, reference_next: request.body.start }).where('slug', '=', request.params.slug).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw problem.notFound('process');
    return { ok: true };
  });

  app.get('/api/processes/:slug/commitments', { schema: { tags, summary: 'Commitments (drafts only for the process\'s members)', params: SlugParams, response: { 200: z.object({ items: z.array(Commitment) }) } } }, async (request) => {
    const rows = await app.db.selectFrom('commitments').innerJoin('processes', 'processes.id', 'commitments.process_id')
      .select(['commitments.id']).where('processes.slug', '=', request.params.slug).orderBy('commitments.reference').execute();
    const items = [];
    for (const { id } of rows) {
      const c = (await findCommitmentRow(app.db, id))!;
      const access = await accessTo(app.db, c, request.user);
      if (access.read) items.push(await commitmentView(app.db, c, access.edit, request.user?.id ?? null));
    }
    return { items };
  });

  app.get('/api/proposals/:id/commitments', { schema: { tags, summary: 'The commitments a proposal fed (drafts only for those who may read them)', params: IdParams, response: { 200: z.object({ items: z.array(FedCommitment) }) } } }, async (request) => {
    const rows = await app.db.selectFrom('commitment_sources').select('commitment_id').where('proposal_id', '=', request.params.id).execute();
    const items = [];
    for (const { commitment_id } of rows) {
      const c = (await findCommitmentRow(app.db, commitment_id))!;
      if ((await accessTo(app.db, c, request.user)).read) items.push({ id: c.id, reference: c.reference, title: c.title, state: c.state as FedCommitment['state'] });
    }
    return { items: items.sort((a, b) => a.reference.localeCompare(b.reference)) };
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
    const c = await findCommitmentRow(app.db, request.params.id);
    if (!c) throw problem.notFound('commitment');
    const user = await app.db.selectFrom('users').select('id').where('id', '=', request.body.userId).executeTakeFirst();
    if (!user) throw problem.notFound('user');
    await app.db.insertInto('commitment_drafters').values({ commitment_id: c.id, user_id: user.id }).onConflict((oc) => oc.doNothing()).execute();
    return reply.status(201).send({ ok: true });
  });

  app.post('/api/commitments/:id/versions', { schema: { security: SIGNED_IN, tags, summary: 'Name the current state, e.g. "for consultation" (drafters)', params: IdParams, body: VersionBody, response: { 201: CommitmentVersion } } },
    async (request, reply) => reply.status(201).send(await nameVersion(app.db, request.params.id, request.body.label, requireUser(request))));

  app.get('/api/commitments/:id/versions', { schema: { tags, summary: 'Named versions', params: IdParams, response: { 200: z.object({ items: z.array(CommitmentVersion) }) } } }, async (request) => {
    await loadCommitment(app.db, request.params.id, request.user);
    const rows = await app.db.selectFrom('commitment_versions').leftJoin('users', 'users.id', 'commitment_versions.created_by')
      .select(['commitment_versions.id', 'label', 'version', 'commitment_versions.created_at', 'users.display_name'])
      .where('commitment_id', '=', request.params.id).orderBy('commitment_versions.created_at').execute();
    return { items: rows.map((r) => ({ id: r.id, label: r.label, version: r.version, createdAt: new Date(r.created_at).toISOString(), authorName: r.display_name ?? null })) };
  });

  app.get('/api/commitments/:id/diff', { schema: { tags, summary: 'Per-field word diff between two versions (ids or "current")', params: IdParams, querystring: z.strictObject({ from: z.union([z.uuid(), z.literal('current')]), to: z.union([z.uuid(), z.literal('current')]).default('current'), lang: text().optional() }), response: { 200: z.object({ items: z.array(FieldDiff) }) } } },
    async (request) => ({ items: await compareVersions(app.db, request.params.id, request.query.from, request.query.to, request.user) }));
};
