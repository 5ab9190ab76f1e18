/**
 * POST /api/processes/:slug/import: proposals from JSON (an array or {items}) or CSV, all or
 * nothing. The only route of its own plugin, so text/csv is parsed here and nowhere else.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportResult, IMPORT_CSV_MAX_BYTES, IMPORT_JSON_MAX_BYTES, Slug } from '@mesa/shared';
import { requireAdmin } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { acceptCsv, CsvBody, csvRecords } from '../../lib/csv-body.ts';
import { importProposals } from './admin-service.ts';
import { released } from './import.ts';
import { reference } from './rules.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['proposals'];

/** The rows of the body as they come: CSV records from the stream, or a JSON array's (or {items}'s) items; null for any other body. */
function rowsOf(body: unknown): AsyncIterable<unknown> | Iterable<unknown> | null {
  if (body instanceof CsvBody) return csvRecords(body);
  if (Array.isArray(body)) return released(body);
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) return released((body as { items: unknown[] }).items);
  return null;
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // A CSV is read as it streams in and staged a batch at a time, so it may be much larger than
  // a JSON body, which is parsed whole before its items are checked.
  acceptCsv(app, IMPORT_CSV_MAX_BYTES);

  app.post('/api/processes/:slug/import', {
    bodyLimit: IMPORT_JSON_MAX_BYTES,
    // refused before a byte of the body is read
    onRequest: async (request) => { requireAdmin(request); },
    schema: {
      security: SIGNED_IN, tags, summary: `Import proposals from JSON (array or {items}, at most ${IMPORT_JSON_MAX_BYTES / 2 ** 20} MiB) or CSV (at most ${IMPORT_CSV_MAX_BYTES / 2 ** 20} MiB) (admin); all or nothing`,
      params: z.strictObject({ slug: Slug }), body: z.unknown(), response: { 201: ImportResult },
    },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const rows = rowsOf(request.body);
    if (!rows) throw problem.validation([{ path: 'body', message: 'send a JSON array, {"items": [...]}, or text/csv' }]);
    const out = await importProposals(app.db, request.params.slug, rows, admin.id);
    app.proposalTotals.invalidate(out.process.id);
    await app.rooms.publish({ room: `process:${out.process.slug}`, event: 'proposals/imported', data: { count: out.count }, processId: out.process.id });
    return reply.status(201).send({ imported: out.count, references: Array.from({ length: out.count }, (_, i) => reference(out.first + i)) });
  });
};
