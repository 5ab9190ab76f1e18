/** /api/processes/:slug/evidence and the records only this report needs: public meetings, reported figures, participant profiles. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EvidenceReport, Meeting, MeetingBody, ParticipantProfile, ParticipantProfileBody, ReportedFiguresBody, Slug, type Locale } from '@mesa/shared';
import { requireAdmin, requireUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { deleteMeeting, findProfile, insertMeeting, listMeetings, saveProfile, saveReportedFigures } from './repo.ts';
import { allowInlineStyle } from '../../plugins/security-headers.ts';
import { EVIDENCE_CSS, renderEvidenceHtml } from './render.ts';
import { buildEvidenceReport } from './service.ts';
import { SIGNED_IN } from '../../plugins/openapi.ts';

const tags = ['evidence'];
const SlugParams = z.strictObject({ slug: Slug });
const MeetingParams = z.strictObject({ slug: Slug, id: z.uuid() });
const EvidenceQuery = z.strictObject({ format: z.enum(['json', 'html']).default('json'), lang: z.enum(['en', 'es', 'fr', 'pt']).optional() });

export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const processId = async (slug: string) => {
    return (await requireProcess(app.db, slug, ['id'])).id;
  };

  app.get('/api/processes/:slug/evidence', {
    schema: {
      tags, summary: 'The co-creation evidence report and the OGP standards checklist, computed from the records (JSON, or ?format=html: a printable page)',
      params: SlugParams, querystring: EvidenceQuery, response: { 200: z.union([EvidenceReport, z.string().describe('the printable HTML page (?format=html)')]) },
    },
  }, async (request, reply) => {
    const report = await buildEvidenceReport(app.db, request.params.slug);
    reply.header('cache-control', 'no-store');
    if (request.query.format === 'html') {
      allowInlineStyle(reply, EVIDENCE_CSS);
      return reply.type('text/html; charset=utf-8').send(renderEvidenceHtml(report, request.lang as Locale));
    }
    return report;
  });

  app.get('/api/processes/:slug/meetings', { schema: { tags, summary: 'Public and forum meetings recorded for the process', params: SlugParams, response: { 200: z.object({ items: z.array(Meeting) }) } } },
    async (request) => ({ items: await listMeetings(app.db, await processId(request.params.slug)) }));

  app.post('/api/processes/:slug/meetings', { schema: { security: SIGNED_IN, tags, summary: 'Record a meeting held: date, kind, attendance by sector, minutes (admin)', params: SlugParams, body: MeetingBody, response: { 201: Meeting } } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const pid = await processId(request.params.slug);
      const meeting = await app.db.transaction().execute(async (trx) => {
        const m = await insertMeeting(trx, pid, request.body, admin.id);
        await recordAudit(trx, { processId: pid, actorId: admin.id, action: 'meeting.recorded', targetType: 'public_meetings', targetId: m.id });
        return m;
      });
      return reply.status(201).send(meeting);
    });

  app.delete('/api/processes/:slug/meetings/:id', { schema: { security: SIGNED_IN, tags, summary: 'Remove a meeting recorded by mistake (admin)', params: MeetingParams } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const pid = await processId(request.params.slug);
      const gone = await app.db.transaction().execute(async (trx) => {
        const ok = await deleteMeeting(trx, pid, request.params.id);
        if (ok) await recordAudit(trx, { processId: pid, actorId: admin.id, action: 'meeting.removed', targetType: 'public_meetings', targetId: request.params.id });
        return ok;
      });
      if (!gone) throw problem.notFound('meeting');
      return reply.status(204).send();
    });

  app.put('/api/processes/:slug/reported-figures', { schema: { security: SIGNED_IN, tags, summary: 'A total of inputs the process reports from outside the portal (admin); the report shows it beside the recorded sum', params: SlugParams, body: ReportedFiguresBody, response: { 200: ReportedFiguresBody } } },
    async (request) => {
      const admin = requireAdmin(request);
      const pid = await processId(request.params.slug);
      await app.db.transaction().execute(async (trx) => {
        await saveReportedFigures(trx, pid, request.body, admin.id);
        await recordAudit(trx, { processId: pid, actorId: admin.id, action: 'evidence.reported-figures', targetType: 'processes', targetId: pid, detail: { ...request.body } });
      });
      return request.body;
    });

  app.get('/api/me/profile', { schema: { security: SIGNED_IN, tags, summary: 'The caller\'s optional self-described profile (gender, disability)', response: { 200: ParticipantProfile } } },
    async (request) => {
      const user = requireUser(request);
      const p = await findProfile(app.db, user.id);
      return { gender: (p?.gender ?? null) as ParticipantProfile['gender'], disability: (p?.disability ?? null) as ParticipantProfile['disability'] };
    });

  app.put('/api/me/profile', { schema: { security: SIGNED_IN, tags, summary: 'Say (or stop saying) one\'s gender and disability; only aggregates of at least 5 are ever shown', body: ParticipantProfileBody, response: { 200: ParticipantProfile } } },
    async (request) => {
      const user = requireUser(request);
      const current = await findProfile(app.db, user.id);
      const next = {
        gender: request.body.gender !== undefined ? request.body.gender : (current?.gender ?? null),
        disability: request.body.disability !== undefined ? request.body.disability : (current?.disability ?? null),
      };
      await saveProfile(app.db, user.id, next);
      return next as ParticipantProfile;
    });
};
