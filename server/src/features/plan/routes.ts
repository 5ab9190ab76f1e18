/** /api/processes/:slug/plan, adopt, endorsements, export; /api/endorsements/:id/*; /api/schemas/plan.json; /api/plans/import. */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EndorseBody, Endorsement, EndorsementList, EndorsementsQuery, ExportQuery, Plan, PlanDocument, PlanImportResult, PlanMetaInput, PLAN_SCHEMA_PATH, Slug, text,
} from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { translator } from '../../plugins/i18n.ts';

import { planCsv } from './export/csv.ts';
import { planJson } from './export/json.ts';
import { countCommitments, endorsementView, findOwnEndorsement, findPlanRow, listEndorsements, planView } from './repo.ts';
import { CONTENT_TYPES, exportFileName, mayExport, planProblem } from './rules.ts';
import { adoptPlan, endorsePlan, importPlan, planProcess, reviewEndorsement, savePlanMeta, withdrawEndorsement } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['plan'];
const SlugParams = z.strictObject({ slug: Slug });
const IdParams = z.strictObject({ id: z.uuid() });
const LangQuery = z.strictObject({ lang: text().optional() });
const IMPORT_LIMIT = 10 * 1024 * 1024;
/** The published JSON Schema of the plan document, generated once from its zod schema. */
const PLAN_JSON_SCHEMA = z.toJSONSchema(PlanDocument, { target: 'draft-2020-12' });

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  const loadPlan = async (slug: string) => {
    const p = await planProcess(app.db, slug);
    return { p, plan: planView(p, await findPlanRow(app.db, p.id), await countCommitments(app.db, p.id)) };
  };

  app.get('/api/processes/:slug/plan', { schema: { tags, summary: 'The action plan: metadata, adoption and number of commitments', params: SlugParams, querystring: LangQuery, response: { 200: Plan } } },
    async (request) => (await loadPlan(request.params.slug)).plan);

  app.put('/api/processes/:slug/plan', { schema: { security: SIGNED_IN, tags, summary: 'Write the plan metadata (admin)', params: SlugParams, body: PlanMetaInput, response: { 200: Plan } } }, async (request) => {
    const admin = requireAdmin(request);
    await savePlanMeta(app.db, request.params.slug, request.body, admin);
    return (await loadPlan(request.params.slug)).plan;
  });

  app.post('/api/processes/:slug/adopt', { schema: { security: SIGNED_IN, tags, summary: 'Adopt the plan: final commitments with an "adopted" version, the adopted phase opens (admin; once)', params: SlugParams, response: { 200: Plan } } }, async (request) => {
    const admin = requireAdmin(request);
    const outcome = await adoptPlan(app.db, request.params.slug, admin);
    if (outcome.phaseChanged) {
      await app.rooms.publish({ room: `process:${request.params.slug}`, event: 'process/phase-changed', data: { activePhase: 'adopted' }, processId: outcome.processId });
    }
    return (await loadPlan(request.params.slug)).plan;
  });

  app.post('/api/processes/:slug/endorsements', { schema: { security: SIGNED_IN, tags, summary: 'Endorse the plan on behalf of an organisation (signed in; one per person; listed once confirmed)', params: SlugParams, body: EndorseBody, response: { 201: Endorsement } } },
    async (request, reply) => reply.status(201).send(await endorsePlan(app.db, request.params.slug, request.body, requireUser(request))));

  app.get('/api/processes/:slug/endorsements', { schema: { tags, summary: 'Confirmed endorsements (other statuses: admin), and the caller\'s own', params: SlugParams, querystring: EndorsementsQuery, response: { 200: EndorsementList } } }, async (request) => {
    const p = await planProcess(app.db, request.params.slug);
    if (request.query.status !== 'confirmed' && !request.user?.isAdmin) throw planProblem(403, 'not-allowed', 'not-public');
    const rows = await listEndorsements(app.db, p.id, request.query.status);
    const mine = request.user ? await findOwnEndorsement(app.db, p.id, request.user.id) : undefined;
    return { items: rows.map(endorsementView), mine: mine ? endorsementView(mine) : null };
  });

  for (const [action, status] of [['confirm', 'confirmed'], ['reject', 'rejected']] as const) {
    app.post(`/api/endorsements/:id/${action}`, { schema: { security: SIGNED_IN, tags, summary: `${action === 'confirm' ? 'Confirm' : 'Reject'} an endorsement (admin)`, params: IdParams, response: { 200: Endorsement } } },
      async (request) => reviewEndorsement(app.db, request.params.id, status, requireAdmin(request)));
  }

  app.delete('/api/endorsements/:id', { schema: { security: SIGNED_IN, tags, summary: 'Withdraw one\'s own endorsement', params: IdParams } }, async (request, reply) => {
    await withdrawEndorsement(app.db, request.params.id, requireUser(request));
    return reply.status(204).send();
  });

  app.get('/api/processes/:slug/export', { schema: { tags, summary: 'The plan as json, csv (table=commitments|milestones), docx or pdf, headings in ?lang (anyone once adopted; admin before)', params: SlugParams, querystring: ExportQuery } }, async (request, reply) => {
    const { p, plan } = await loadPlan(request.params.slug);
    if (!mayExport(plan, request.user)) throw planProblem(403, 'not-allowed', 'not-adopted');
    const { format, table } = request.query;
    const lang = request.lang;
    const source = { db: app.db, process: p, plan, lang, t: translator(lang) };
    const stream = format === 'json' ? Readable.from(planJson(app.db, p, plan))
      : format === 'csv' ? planCsv(app.db, p.id, table)
        // docx and pdfkit are loaded on the first such export, not kept in every server's memory.
        : format === 'docx' ? await (await import('./export/docx.ts')).planDocx(source) : (await import('./export/pdf.ts')).planPdf(source);
    return reply.header('content-type', CONTENT_TYPES[format]).header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${exportFileName(p.slug, format, lang, table)}"`).send(stream);
  });

  app.get(PLAN_SCHEMA_PATH, { schema: { tags, summary: 'JSON Schema of the plan document (export?format=json, POST /api/plans/import)' } }, async (request, reply) => {
    return reply.type('application/schema+json').send({ ...PLAN_JSON_SCHEMA, $id: `${app.config.publicUrl}${PLAN_SCHEMA_PATH}` });
  });

  app.post('/api/plans/import', { bodyLimit: IMPORT_LIMIT, schema: { security: SIGNED_IN, tags, summary: 'Create an adopted plan (and its process) from a plan document (admin)', body: PlanDocument, response: { 201: PlanImportResult } } }, async (request, reply) => {
    const admin = requireAdmin(request);
    return reply.status(201).send(await importPlan(app.db, request.body, admin));
  });
};

