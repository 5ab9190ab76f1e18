/** Streams every proposal of a process with its counts, page by page (memory stays flat). */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import { safeCell } from '../../lib/spreadsheet.ts';
import { processBySlug } from './admin-service.ts';
import { reference } from './rules.ts';

const COLUMNS = ['reference', 'externalRef', 'title', 'body', 'area', 'sector', 'organisation', 'lang', 'state', 'supports', 'comments', 'answerState', 'answer', 'answeredAt', 'mergedInto', 'createdAt'] as const;
const PAGE = 1000;

async function* rows(db: Db, processId: string) {
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('proposals as p').leftJoin('proposals as m', 'm.id', 'p.merged_into')
      .select(['p.number', 'p.external_ref', 'p.title', 'p.body', 'p.area', 'p.sector', 'p.organisation', 'p.lang', 'p.state',
        'p.supports_count', 'p.comments_count', 'p.answer_state', 'p.answer_text', 'p.answer_published_at', 'm.number as merged_number', 'p.created_at'])
      .where('p.process_id', '=', processId).where('p.number', '>', after).orderBy('p.number').limit(PAGE).execute();
    for (const r of page) {
      yield {
        reference: reference(r.number), externalRef: r.external_ref, title: r.title, body: r.body, area: r.area, sector: r.sector,
        organisation: r.organisation, lang: r.lang, state: r.state, supports: r.supports_count, comments: r.comments_count,
        answerState: r.answer_published_at ? r.answer_state : null, answer: r.answer_published_at ? r.answer_text : null,
        answeredAt: r.answer_published_at ? new Date(r.answer_published_at).toISOString() : null,
        mergedInto: r.merged_number ? reference(r.merged_number) : null, createdAt: new Date(r.created_at).toISOString(),
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.number;
  }
}

async function* csv(db: Db, processId: string) {
  yield stringify([[...COLUMNS]]);
  // texts that a spreadsheet would run as formulas get a leading ' (the counts are numbers)
  for await (const r of rows(db, processId)) yield stringify([COLUMNS.map((c) => safeCell(r[c] ?? ''))]);
}

async function* json(db: Db, processId: string) {
  yield '[';
  let first = true;
  for await (const r of rows(db, processId)) {
    yield `${first ? '' : ','}\n${JSON.stringify(r)}`;
    first = false;
  }
  yield '\n]\n';
}

export async function exportProposals(db: Db, slug: string, format: 'csv' | 'json', reply: FastifyReply) {
  const process = await processBySlug(db, slug);
  reply.header('content-disposition', `attachment; filename="${process.slug}-proposals.${format}"`);
  reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  return reply.send(Readable.from(format === 'csv' ? csv(db, process.id) : json(db, process.id)));
}
