import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Locale, Slug } from '@mesa/shared';
import { z } from 'zod';
import { exportableProcess } from './access.ts';
import { contributionCsv, contributionFiles, contributionsReadme } from './contributions.ts';
import { decidimCsv, decidimFiles } from './decidim.ts';

const tags = ['open-data'];
const params = z.strictObject({ slug: Slug });
// The files are language-neutral data; `lang` is accepted (as on every route) but must be one Mesa speaks.
const querystring = z.strictObject({ lang: Locale.optional() });

export const openDataRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/processes/:slug/export/contributions', {
    schema: {
      tags, params, querystring,
      summary: 'Everything contributed, as a zip of CSVs with a README describing every column (admin; anyone once the adopted phase has opened)',
      produces: ['application/zip'],
    },
  }, async (request, reply) => {
    const process = await exportableProcess(app.db, request.params.slug, request);
    const files = contributionFiles(app.db, process, request.user);
    const now = new Date();
    const { sendZip } = await import('./zip.ts'); // archiver is loaded on the first zip
    return sendZip(request, reply, `${process.slug}-contributions.zip`, [
      { name: 'README.md', content: () => contributionsReadme(process, files, now) },
      ...files.map((f) => ({ name: f.name, content: () => contributionCsv(app.db, f) })),
    ]);
  });

  app.get('/api/processes/:slug/export/decidim', {
    schema: {
      tags, params, querystring,
      summary: 'Decidim open-data compatible CSVs (proposals, proposal_comments, results) in a zip (admin; anyone once the adopted phase has opened)',
      produces: ['application/zip'],
    },
  }, async (request, reply) => {
    const process = await exportableProcess(app.db, request.params.slug, request);
    // links in the files start with the configured PUBLIC_URL, never the request's Host
    const files = decidimFiles(app.db, process, app.config.publicUrl);
    const { sendZip } = await import('./zip.ts'); // archiver is loaded on the first zip
    return sendZip(request, reply, `${process.slug}-decidim-open-data.zip`,
      files.map((f) => ({ name: f.name, content: () => decidimCsv(app.db, f) })));
  });
};
