/**
 * POST /api/processes/:slug/progress-import: progress updates from CSV or JSON, all rows or
 * none. The only route of its own plugin, so text/csv is parsed here and nowhere else.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProgressImportReport, Slug } from '@mesa/shared';
import { requireAdmin } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { acceptCsv, CsvBody, csvArray } from '../../lib/csv-body.ts';
import { importProgress } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['tracking'];
const MAX_ROWS = 5000;

function importItems(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) return (body as { items: unknown[] }).items;
  return null;
}

export const progressImportRoutes: FastifyPluginAsyncZod = async (app) => {
  // at most 2 MiB (the route's bodyLimit) and 5,000 rows, checked by importProgress
  acceptCsv(app);

  app.post('/api/processes/:slug/progress-import', {
    bodyLimit: 2 * 1024 * 1024,
    // refused before a byte of the body is read
    onRequest: async (request) => { requireAdmin(request); },
    schema: { security: SIGNED_IN, tags, summary: 'Import progress updates from CSV or JSON (admin): all rows or none, with a row report', params: z.strictObject({ slug: Slug }), body: z.unknown(), response: { 201: ProgressImportReport } },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const items = request.body instanceof CsvBody ? await csvArray(request.body, MAX_ROWS) : importItems(request.body);
    const tooMany = problem.validation([{ path: 'body', message: `at most ${MAX_ROWS} rows at once` }]);
    if (request.body instanceof CsvBody && !items) throw tooMany;
    if (!items) throw problem.validation([{ path: 'body', message: 'send text/csv, a JSON array or {"items": [...]}' }]);
    if (items.length === 0) throw problem.validation([{ path: 'body', message: 'no rows to import' }]);
    if (items.length > MAX_ROWS) throw tooMany;
    const report = await importProgress(app.db, request.params.slug, items, admin);
    await app.rooms.publish({ room: `process:${request.params.slug}`, event: 'tracking/imported', data: { imported: report.imported }, processId: report.processId });
    return reply.status(201).send({ imported: report.imported, rows: report.rows });
  });
};
