/**
 * POST /api/processes/:slug/import: proposals from JSON (an array or {items}) or CSV, all or
 * nothing. The only route of its own plugin, so text/csv is parsed here and nowhere else.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportResult, IMPORT_CSV_MAX_BYTES, IMPORT_JSON_MAX_BYTES, Slug } from '@mesa/shared';
import { requireAdmin } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { acceptCsv } from '../../shared/csv-body.ts';
import { importProposals } from './admin-service.ts';
import { ImportRows } from './import.ts';
import { reference } from './rules.ts';

const tags = ['proposals'];

/** The rows of a JSON body (an array, or {items: [...]}) checked one by one; null for any other shape. */
function jsonRows(body: unknown): ImportRows | null {
  if (Array.isArray(body)) return ImportRows.fromArray(body);
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) return ImportRows.fromArray((body as { items: unknown[] }).items);
  return null;
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // A CSV is checked row by row as it streams in: memory follows the checked rows, so it may be
  // larger than a JSON body, which is parsed whole before it is checked.
  acceptCsv(app, { sink: () => new ImportRows(), limit: IMPORT_CSV_MAX_BYTES });

  app.post('/api/processes/:slug/import', {
    bodyLimit: IMPORT_JSON_MAX_BYTES,
    // refused before a byte of the body is read
    onRequest: async (request) => { requireAdmin(request); },
    schema: {
      tags, summary: `Import proposals from JSON (array or {items}, at most ${IMPORT_JSON_MAX_BYTES / 2 ** 20} MiB) or CSV (at most ${IMPORT_CSV_MAX_BYTES / 2 ** 20} MiB) (admin); all or nothing`,
      params: z.strictObject({ slug: Slug }), body: z.unknown(), response: { 201: ImportResult },
    },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const rows = request.body instanceof ImportRows ? request.body : jsonRows(request.body);
    if (!rows) throw problem.validation([{ path: 'body', message: 'send a JSON array, {"items": [...]}, or text/csv' }]);
    if (rows.count === 0) throw problem.validation([{ path: 'body', message: 'no rows to import' }]);
    const out = await importProposals(app.db, request.params.slug, rows, admin.id);
    app.proposalTotals.invalidate(out.process.id);
    await app.rooms.publish({ room: `process:${out.process.slug}`, event: 'proposals/imported', data: { count: out.count }, processId: out.process.id });
    return reply.status(201).send({ imported: out.count, references: Array.from({ length: out.count }, (_, i) => reference(out.first + i)) });
  });
};
