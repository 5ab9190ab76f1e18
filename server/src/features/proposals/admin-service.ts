/** Open call intents of admins: reasoned answers, merging duplicates, importing proposals. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ImportItem, type Locale } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import { ProblemError, problem, type FieldError } from '../../plugins/problems.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { ImportCheck } from './import.ts';
import { discardStaged, discardStale, moveStaged, stageRows } from './import-repo.ts';
import { insertProposals, proposalViews, reserveNumbers } from './repo.ts';
import { fromImportItem, type NewProposal } from './rules.ts';

/** The process with what the open call's admin intents need, or 404. */
export function processBySlug(db: Db, slug: string) {
  return requireProcess(db, slug, ['id', 'slug', 'language', 'active_phase']);
}

/** Saves the reasoned answer; published at once unless `publish` is false (a draft). */
export async function answerProposal(db: Db, id: string, a: { state: string; answer: string; publish: boolean }, adminId: string) {
  const row = await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('proposals').select(['id', 'process_id', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!p) throw problem.notFound('proposal');
    if (p.state === 'merged' || p.state === 'withdrawn') throw new ProblemError(409, 'conflict', 'proposal-closed');
    await trx.updateTable('proposals').set({
      answer_state: a.state, answer_text: a.answer,
      ...(a.publish ? { state: a.state, answer_published_at: sql`clock_timestamp()` } : { answer_published_at: null }),
      updated_at: sql`clock_timestamp()`,
    }).where('id', '=', id).execute();
    await recordAudit(trx, { processId: p.process_id, actorId: adminId, action: a.publish ? 'proposal.answered' : 'proposal.answer-drafted', targetType: 'proposals', targetId: id, detail: { state: a.state } });
    return p;
  });
  return { processId: row.process_id, published: a.publish, proposal: (await proposalViews(db, [id], { id: adminId, isAdmin: true }))[0]! };
}

/** Publishes drafted answers (all of the process's, or those listed); returns what changed. */
export async function publishAnswers(db: Db, slug: string, ids: string[] | undefined, adminId: string) {
  const process = await processBySlug(db, slug);
  return db.transaction().execute(async (trx) => {
    let q = trx.updateTable('proposals')
      .set({ state: sql`answer_state`, answer_published_at: sql`clock_timestamp()`, updated_at: sql`clock_timestamp()` })
      .where('process_id', '=', process.id).where('answer_text', 'is not', null).where('answer_published_at', 'is', null)
      .where('state', 'not in', ['merged', 'withdrawn']);
    if (ids) q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
    const rows = await q.returning(['id', 'state']).execute();
    await recordAudit(trx, { processId: process.id, actorId: adminId, action: 'proposal.answers-published', targetType: 'processes', targetId: process.id, detail: { count: rows.length } });
    return { process, changes: rows.map((r) => ({ proposalId: r.id, state: r.state })) };
  });
}

/** Inserts checked proposals in one transaction, numbered in order (the demo seed's open call). */
export async function loadProposals(db: Db, processId: string, rows: NewProposal[]) {
  await db.transaction().execute(async (trx) => {
    const first = await reserveNumbers(trx, processId, rows.length);
    await insertProposals(trx, processId, null, rows, first);
  });
}

/** Merges duplicates into a new proposal whose supporters are the union of the sources'. */
export async function mergeProposals(db: Db, slug: string, m: { sourceIds: string[]; title: string; body: string; area?: string }, adminId: string) {
  const process = await processBySlug(db, slug);
  const unique = [...new Set(m.sourceIds)];
  if (unique.length < 2) throw problem.validation([{ path: 'body.sourceIds', message: 'two different proposals at least' }]);
  const id = await db.transaction().execute(async (trx) => {
    const sources = await trx.selectFrom('proposals').select(['id', 'state', 'area', 'sector', 'lang', 'number'])
      .where('id', 'in', unique).where('process_id', '=', process.id).orderBy('number').forUpdate().execute();
    if (sources.length !== unique.length) throw problem.notFound('proposal');
    if (sources.some((s) => s.state === 'merged' || s.state === 'withdrawn')) throw new ProblemError(409, 'conflict', 'proposal-closed');
    const first = sources[0]!;
    const number = await reserveNumbers(trx, process.id, 1);
    const [newId] = await insertProposals(trx, process.id, adminId, [{
      title: m.title, body: m.body, area: m.area ?? first.area, sector: first.sector, organisation: null, lang: first.lang, externalRef: null,
    }], number);
    await sql`insert into proposal_supports (proposal_id, user_id, process_id)
      select distinct ${newId}::uuid, user_id, ${process.id}::uuid from proposal_supports where proposal_id in (${sql.join(unique)})
      on conflict do nothing`.execute(trx);
    await trx.updateTable('proposals').set({ state: 'merged', merged_into: newId!, updated_at: sql`clock_timestamp()` }).where('id', 'in', unique).execute();
    await recordAudit(trx, { processId: process.id, actorId: adminId, action: 'proposal.merged', targetType: 'proposals', targetId: newId!, detail: { sources: unique } });
    return newId!;
  });
  return { process, sourceIds: unique, proposal: (await proposalViews(db, [id], { id: adminId, isAdmin: true }))[0]! };
}

/** Validates every row first; any bad row rejects the whole import with each row's errors. */
export function validateImport(items: unknown[], defaultLang: Locale) {
  const errors: FieldError[] = [];
  const rows = items.map((item, index) => {
    const parsed = ImportItem.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: [index, ...issue.path].join('.'), message: issue.message });
      return null;
    }
    return fromImportItem(parsed.data, defaultLang);
  });
  return errors.length ? { ok: false as const, errors } : { ok: true as const, rows: rows.filter((r) => r !== null) };
}

/** Rows staged a statement (import-repo.ts): what the server holds of an import at once. */
export const STAGE_BATCH = 1000;

/**
 * Imports proposals from rows as they arrive (a CSV stream or a JSON array), all or nothing:
 * each row is checked and the good ones staged a batch at a time; once every row is in and
 * none was bad, the numbers are reserved and the rows moved into `proposals` in one short
 * transaction. Any bad row refuses the import with every bad row's problems (by index), and
 * leaves nothing behind.
 */
export async function importProposals(db: Db, slug: string, rows: AsyncIterable<unknown> | Iterable<unknown>, adminId: string) {
  const process = await processBySlug(db, slug);
  await discardStale(db);
  const importId = randomUUID();
  const check = new ImportCheck();
  let batch: NewProposal[] = [];
  let staged = 0;
  const stage = async () => {
    await stageRows(db, importId, staged, batch);
    staged += batch.length;
    batch = [];
  };
  try {
    for await (const row of rows) {
      const item = check.next(row);
      // after a bad row the rest is only checked: nothing will be inserted
      if (!item || check.badRows > 0) continue;
      batch.push(fromImportItem(item, process.language));
      if (batch.length === STAGE_BATCH) await stage();
    }
    if (check.badRows > 0) throw problem.validation(check.errors);
    if (check.count === 0) throw problem.validation([{ path: 'body', message: 'no rows to import' }]);
    await stage();
    const first = await db.transaction().execute(async (trx) => {
      const first = await reserveNumbers(trx, process.id, staged);
      await moveStaged(trx, importId, process.id, adminId, first);
      await recordAudit(trx, { processId: process.id, actorId: adminId, action: 'proposal.imported', targetType: 'processes', targetId: process.id, detail: { count: staged } });
      return first;
    });
    return { process, count: staged, first };
  } catch (err) {
    await discardStaged(db, importId).catch(() => { /* the error above is the one to report */ });
    throw err;
  }
}

export async function proposalStats(db: Db, slug: string) {
  const process = await processBySlug(db, slug);
  const rows = await db.selectFrom('proposals').select(['state',
    sql<number>`count(*)::int`.as('n'),
    sql<number>`count(*) filter (where answer_published_at is null and state not in ('merged', 'withdrawn'))::int`.as('unanswered'),
    sql<number>`count(*) filter (where answer_published_at is null and answer_text is not null)::int`.as('drafts')])
    .where('process_id', '=', process.id).where('hidden', '=', false).groupBy('state').execute();
  return {
    total: rows.reduce((a, r) => a + Number(r.n), 0),
    unanswered: rows.reduce((a, r) => a + Number(r.unanswered), 0),
    draftAnswers: rows.reduce((a, r) => a + Number(r.drafts), 0),
    byState: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])),
  };
}
