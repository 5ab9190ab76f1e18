/**
 * The SQL-defined CSVs (proposals, comments, consultation comments) on awkward data: read in
 * keyset pages they say what the database holds, quoted as RFC 4180 wants; on PostgreSQL the
 * COPY that the export streams gives the very same bytes.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '../../db/connect.ts';
import { adminAgent, processBody, testApp, type TestApp } from '../../test/harness.ts';
import type { ExportProcess } from './access.ts';
import { commentsFile, consultationFile, proposalsFile } from './contributions.ts';
import { DECIDIM_CSV_SEPARATOR } from './decidim-columns.ts';
import { decidimFiles } from './decidim.ts';
import { COPY_SLOTS, copyCsv, copySql, pagedCsv, pgCsvField, sqlCsv, textLiteral, type SqlCsvFile } from './sql-csv.ts';

let t: TestApp;
let processId: string;
const ids: Record<string, string> = {};

async function bytes(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  return Buffer.concat(parts);
}
const rowsOf = (csv: Buffer, delimiter = ',') => parse(csv, { columns: true, delimiter }) as Record<string, string>[];

beforeAll(async () => {
  t = await testApp();
  const admin = await adminAgent(t);
  expect((await admin.post('/api/processes', processBody('awkward'))).statusCode).toBe(201);
  processId = (await t.db.selectFrom('processes').select('id').where('slug', '=', 'awkward').executeTakeFirstOrThrow()).id;
  const adminId = (await t.db.selectFrom('users').select('id').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow()).id;
  const users = await t.db.insertInto('users').values([
    { email: 'a@example.org', password_hash: 'x', display_name: 'Ana, "la" Pérez', locale: 'es' },
    { email: 'b@example.org', password_hash: 'x', display_name: 'Línea\nrota', locale: 'es' },
  ]).returning('id').execute();
  const proposal = async (number: number, values: Record<string, unknown>) => (await t.db.insertInto('proposals').values({
    process_id: processId, number, author_id: users[0]!.id, title: `Propuesta ${number}`, body: 'Texto', body_html: '', search_text: '',
    area: 'access-to-information', sector: 'civil-society', lang: 'es', ...values,
  }).returning('id').executeTakeFirstOrThrow()).id;
  ids.answered = await proposal(1, {
    title: 'Comillas "dobles", comas', body: 'línea 1\r\nlínea 2\n\nñandú «ü»', organisation: '', external_ref: '\\.',
    state: 'accepted', answer_state: 'accepted', answer_text: 'Sí, "claro"', selected_for_drafting: true, supports_count: 3,
  });
  ids.merged = await proposal(2, { state: 'merged', merged_into: ids.answered, answer_state: 'rejected', answer_text: 'not published yet', author_id: users[1]!.id });
  ids.hidden = await proposal(3, { hidden: true, title: 'secreto', body: 'secreto', author_id: null });
  ids.long = await proposal(12345, { title: '\\.', body: '', organisation: 'Org; ltd', author_id: null });
  await sql`update proposals set answer_published_at = '2025-05-20 10:00:00.123999+00', created_at = '2025-05-19 23:59:59.999999+00' where id = ${ids.answered}`.execute(t.db);

  // comments: several on one proposal written in the same microsecond (the id breaks the tie), a thread, hidden, deleted, empty
  const comment = async (target: string, body: string, values: Record<string, unknown> = {}) => (await t.db.insertInto('comments').values({
    process_id: processId, target_type: 'proposals', target_id: target, parent_id: null, depth: 1, author_id: users[0]!.id,
    body, body_html: '', alignment: null, anchor: null, edited_at: null, deleted_at: null, ...values,
  }).returning('id').executeTakeFirstOrThrow()).id;
  ids.root = await comment(ids.answered, 'a,b "c"\nd', { alignment: 'for', edited_at: new Date('2025-05-21T08:00:00.5Z') });
  ids.reply = await comment(ids.answered, 'respuesta\r\n', { parent_id: ids.root, depth: 2, author_id: users[1]!.id });
  for (const body of ['', '\\.', ' espacios ', '"', 'x']) await comment(ids.merged, body, { alignment: 'against' });
  await sql`update comments set created_at = '2025-05-22 12:00:00.000001+00' where target_id = ${ids.merged}`.execute(t.db);
  ids.hiddenComment = await comment(ids.long, 'ofensivo', { hidden: true });
  ids.deleted = await comment(ids.long, 'borrado', { deleted_at: new Date(), author_id: null });
  await t.db.insertInto('comment_votes').values([
    { comment_id: ids.root, user_id: users[0]!.id, process_id: processId, value: 1 },
    { comment_id: ids.root, user_id: users[1]!.id, process_id: processId, value: -1 },
    { comment_id: ids.reply, user_id: adminId, process_id: processId, value: 1 },
  ]).execute();

  // a commitment in consultation: comments with a reasoned reply by a user, by a name only, and none
  const commitment = (await t.db.insertInto('commitments').values({
    process_id: processId, reference: 'C-01, "a"', title: 'Compras\nabiertas', area: 'access-to-information', stakeholders: JSON.stringify({ government: [], civilSociety: [] }), fields: '{}', created_by: adminId,
  }).returning('id').executeTakeFirstOrThrow()).id;
  const consultation = async (body: string, response: unknown, anchor: unknown = null) => t.db.insertInto('comments').values({
    process_id: processId, target_type: 'commitments', target_id: commitment, parent_id: null, depth: 1, author_id: users[1]!.id,
    body, body_html: '', alignment: null, anchor: anchor === null ? null : JSON.stringify(anchor), edited_at: null, deleted_at: null,
    response: response === null ? null : JSON.stringify(response),
  }).execute();
  await consultation('Agregar plazos', { outcome: 'partially', text: 'Se agregan, "pronto"', byId: adminId, byName: 'Old name', at: '2025-06-01T10:00:00.000Z' }, { field: 'description', quote: 'todas, "las" compras' });
  await consultation('Otra', { outcome: 'accepted', text: 'Sí', byId: 'not-a-uuid', byName: 'Equipo redactor', at: '2025-06-02T10:00:00.000Z' });
  await consultation('Sin respuesta', null);
}, 60_000);
afterAll(async () => { await t?.close(); });

const BASE = "http://o'brien.example:8080";
const exportProcess = (): ExportProcess => ({ id: processId, slug: 'awkward', title: 'Awkward', language: 'es' });
/** The Decidim files that are SQL-defined (results.csv is built in JS). */
const decidimSqlFiles = (base = BASE) => decidimFiles(t.db, exportProcess(), base).filter((f): f is SqlCsvFile => 'rows' in f);
const files = (): SqlCsvFile[] => [proposalsFile(processId), commentsFile(processId), consultationFile(processId), ...decidimSqlFiles()];

describe('fields quoted as PostgreSQL COPY (FORMAT csv) writes them', () => {
  it('NULL is nothing, the empty string is "", and a comma, quote, CR or LF quotes the field', () => {
    expect([null, '', 'plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'a;b', ' sp ', '\\.', 'ñandú'].map((v) => pgCsvField(v)))
      .toEqual(['', '""', 'plain', '"a,b"', '"say ""hi"""', '"line\nbreak"', '"cr\rhere"', 'a;b', ' sp ', '\\.', 'ñandú']);
  });

  it('with another delimiter, that delimiter quotes a field and a comma does not', () => {
    expect(['a;b', 'a,b', 'say "hi"', 'x\ny', ''].map((v) => pgCsvField(v, ';'))).toEqual(['"a;b"', 'a,b', '"say ""hi"""', '"x\ny"', '""']);
  });
});

describe('SQL-defined files read in pages', () => {
  it('say what the database holds, awkward text intact, answers only once published, hidden text left out', async () => {
    const csv = await bytes(pagedCsv(t.db, proposalsFile(processId), 2));
    const rows = rowsOf(csv);
    expect(rows.map((r) => r.reference)).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-12345']);
    expect(rows[0]).toMatchObject({
      id: ids.answered, title: 'Comillas "dobles", comas', body: 'línea 1\r\nlínea 2\n\nñandú «ü»', externalRef: '\\.', organisation: '',
      author: 'Ana, "la" Pérez', answerState: 'accepted', answer: 'Sí, "claro"', answeredAt: '2025-05-20T10:00:00.123Z',
      createdAt: '2025-05-19T23:59:59.999Z', hidden: 'false', selectedForDrafting: 'true', supports: '3',
    });
    expect(rows[1]).toMatchObject({ state: 'merged', mergedInto: 'P-0001', answerState: '', answer: '', answeredAt: '', author: 'Línea\nrota' });
    expect(rows[2]).toMatchObject({ hidden: 'true', title: '', body: '', author: '' });
    expect(rows[3]).toMatchObject({ title: '\\.', body: '', organisation: 'Org; ltd' });
    // an empty text is "" and no value is nothing, as COPY writes them
    const text = csv.toString('utf8');
    expect(text).toContain(`,"",`);
    expect(text.split('\n')[0]).toBe('id,reference,externalRef,title,body,area,sector,organisation,lang,author,state,hidden,selectedForDrafting,supports,comments,answerState,answer,answeredAt,mergedInto,createdAt,updatedAt');
    expect(text).not.toContain('secreto');
  });

  it('comments come grouped by proposal in the order written, ties on the same microsecond included, across pages', async () => {
    const rows = rowsOf(await bytes(pagedCsv(t.db, commentsFile(processId), 2)));
    expect(rows).toHaveLength(9);
    const tied = rows.filter((r) => r.proposalId === ids.merged);
    expect(tied.map((r) => r.body).sort()).toEqual(['', '"', '\\.', ' espacios ', 'x'].sort());
    expect(tied.map((r) => r.id)).toEqual(tied.map((r) => r.id).sort());
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ids.root!]).toMatchObject({ proposalReference: 'P-0001', body: 'a,b "c"\nd', upVotes: '1', downVotes: '1', depth: '1', parentId: '', alignment: 'for', editedAt: '2025-05-21T08:00:00.500Z' });
    expect(byId[ids.reply!]).toMatchObject({ parentId: ids.root, depth: '2', body: 'respuesta\r\n', author: 'Línea\nrota', upVotes: '1', downVotes: '0' });
    expect(byId[ids.hiddenComment!]).toMatchObject({ proposalReference: 'P-12345', hidden: 'true', deleted: 'false', body: '' });
    expect(byId[ids.deleted!]).toMatchObject({ hidden: 'false', deleted: 'true', body: '', author: '' });
  });

  it('consultation comments carry the commitment and the reasoned reply, its author by account or by name', async () => {
    const rows = rowsOf(await bytes(pagedCsv(t.db, consultationFile(processId), 1)));
    const byBody = Object.fromEntries(rows.map((r) => [r.body, r]));
    expect(byBody['Agregar plazos']).toMatchObject({ commitmentReference: 'C-01, "a"', commitmentTitle: 'Compras\nabiertas', replyOutcome: 'partially', replyText: 'Se agregan, "pronto"', replyAuthor: 'Admin', repliedAt: '2025-06-01T10:00:00.000Z' });
    expect(JSON.parse(byBody['Agregar plazos']!.anchor!)).toEqual({ field: 'description', quote: 'todas, "las" compras' });
    expect(byBody.Otra).toMatchObject({ replyAuthor: 'Equipo redactor', replyOutcome: 'accepted' });
    expect(byBody['Sin respuesta']).toMatchObject({ replyOutcome: '', replyText: '', replyAuthor: '', repliedAt: '', anchor: '' });
  });

  it('a COPY takes no parameters: the process id is an inlined uuid literal, anything else is refused', () => {
    expect(copySql(t.db, proposalsFile(processId))).toContain(`'${processId}'::uuid`);
    expect(() => copySql(t.db, proposalsFile(`${processId}'; drop table users; --`))).toThrow(/not a uuid/);
  });
});

describe('Decidim files read in pages', () => {
  it('proposals: visible ones only, Decidim\'s columns, `;` separated and quoted where a field holds one', async () => {
    const [proposals] = decidimSqlFiles();
    const csv = await bytes(pagedCsv(t.db, proposals!, 2));
    const text = csv.toString('utf8');
    expect(text.split('\n')[0]!.split(DECIDIM_CSV_SEPARATOR).slice(0, 10)).toEqual(['id', 'author/id', 'author/name', 'author/url', 'taxonomies/id', 'taxonomies/name', 'participatory_space/id', 'participatory_space/url', 'component/id', 'title/en']);
    const rows = rowsOf(csv, ';');
    expect(rows.map((r) => r.reference)).toEqual(['P-0001', 'P-0002', 'P-12345']);
    expect(rows[0]).toMatchObject({
      id: ids.answered, 'author/name': 'Ana, "la" Pérez', 'author/url': '', 'title/es': 'Comillas "dobles", comas', 'title/en': '',
      'body/es': 'línea 1\r\nlínea 2\n\nñandú «ü»', state: 'accepted', state_published_at: '2025-05-20 10:00:00 UTC',
      'answer/es': 'Sí, "claro"', 'answer/en': '', answered_at: '2025-05-20 10:00:00 UTC', published_at: '2025-05-19 23:59:59 UTC',
      votes: '3', url: `${BASE}/proposals/${ids.answered}`, related_proposals: '', 'participatory_space/url': `${BASE}/processes/awkward`,
      'participatory_space/id': processId, 'taxonomies/id': 'access-to-information, civil-society', withdrawn: 'false', coauthorships_count: '1',
    });
    // merged: no Decidim state, an unpublished answer left out, a link to the proposal it went into
    expect(rows[1]).toMatchObject({ state: '', state_published_at: '', 'answer/es': '', answered_at: '', related_proposals: `${BASE}/proposals/${ids.answered}` });
    // an empty text is an empty cell (never ""), as the format always wrote it
    expect(rows[2]).toMatchObject({ 'title/es': '\\.', 'body/es': '', 'author/id': '', 'author/name': 'Org; ltd' });
    expect(text).toContain(';"Org; ltd";');
    expect(text).not.toMatch(/;"";|;""\n/);
    expect(text).not.toContain('secreto');
    expect(text).toContain(';"Ana, ""la"" Pérez";');
  });

  it('comments: visible ones on visible proposals, Decidim\'s depth, alignment and commentable', async () => {
    const [, comments] = decidimSqlFiles();
    const rows = rowsOf(await bytes(pagedCsv(t.db, comments!, 2)), ';');
    // the hidden and the deleted comment are left out; the tied ones come in id order
    expect(rows).toHaveLength(7);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ids.root!]).toMatchObject({ body: 'a,b "c"\nd', locale: 'es', 'author/name': 'Ana, "la" Pérez', alignment: '1', depth: '0', commentable_id: ids.answered, commentable_type: 'Decidim::Proposals::Proposal', root_commentable_url: `${BASE}/proposals/${ids.answered}` });
    expect(byId[ids.reply!]).toMatchObject({ depth: '1', alignment: '0', commentable_id: ids.root, commentable_type: 'Decidim::Comments::Comment', body: 'respuesta\r\n' });
    const tied = rows.filter((r) => r.root_commentable_url!.endsWith(ids.merged!));
    expect(tied.map((r) => r.alignment)).toEqual(['-1', '-1', '-1', '-1', '-1']);
    expect(tied.map((r) => r.id)).toEqual(tied.map((r) => r.id).sort());
    expect(tied.map((r) => r.body).sort()).toEqual(['', '"', '\\.', ' espacios ', 'x'].sort());
  });

  it('the portal address goes into the SQL as a quoted literal; anything but an origin is refused', () => {
    expect(copySql(t.db, decidimSqlFiles()[0]!)).toContain(`'http://o''brien.example:8080/proposals/'`);
    expect(copySql(t.db, decidimSqlFiles()[0]!)).toContain(`DELIMITER ';'`);
    expect(() => decidimFiles(t.db, exportProcess(), "http://x/'; drop table users; --")).toThrow(/not a portal origin/);
    expect(() => textLiteral('a\\b')).toThrow(/plain text/);
  });
});

describe.runIf(process.env.DATABASE_URL)('on PostgreSQL', () => {
  it('COPY gives byte for byte what the pages give', async () => {
    const pool = poolOf(t.db)!;
    for (const file of files()) {
      const copied = await bytes(copyCsv(pool, t.db, file));
      expect(copied.length, file.name).toBeGreaterThan(200);
      expect(copied.equals(await bytes(pagedCsv(t.db, file, 2))), file.name).toBe(true);
      expect(copied.equals(await bytes(pagedCsv(t.db, file))), file.name).toBe(true);
    }
    // every client went back to the pool
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('a COPY stopped early closes its connection instead of returning it mid-COPY', async () => {
    const pool = poolOf(t.db)!;
    const before = pool.totalCount;
    const chunks = copyCsv(pool, t.db, proposalsFile(processId));
    await chunks.next(); // header
    await chunks.next(); // first rows
    expect(pool.totalCount - pool.idleCount).toBeGreaterThanOrEqual(1);
    await chunks.return(undefined);
    expect(pool.idleCount).toBe(pool.totalCount);
    expect(pool.totalCount).toBeLessThanOrEqual(before);
    // and the pool still serves
    expect(await bytes(copyCsv(pool, t.db, proposalsFile(processId)))).toHaveProperty('length');
  });

  it(`at most ${COPY_SLOTS} COPYs hold connections at once; a file started beyond that is read in pages, the same bytes`, async () => {
    const pool = poolOf(t.db)!;
    const busy = () => pool.totalCount - pool.idleCount;
    const expected = await bytes(pagedCsv(t.db, commentsFile(processId)));
    const held = Array.from({ length: COPY_SLOTS }, () => sqlCsv(t.db, proposalsFile(processId)));
    const third = sqlCsv(t.db, commentsFile(processId));
    try {
      for (const h of held) { await h.next(); await h.next(); }
      expect(busy()).toBe(COPY_SLOTS);
      // a third file, halfway: no third connection is held
      await third.next();
      await third.next();
      expect(busy()).toBe(COPY_SLOTS);
    } finally {
      for (const g of [...held, third]) await g.return(undefined);
    }
    expect((await bytes(sqlCsv(t.db, commentsFile(processId)))).equals(expected)).toBe(true);
    // the slots are free again: the next file goes through COPY
    const next = sqlCsv(t.db, commentsFile(processId));
    try {
      await next.next();
      await next.next();
      expect(busy()).toBe(1);
    } finally {
      await next.return(undefined);
    }
  });
});
