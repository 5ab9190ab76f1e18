/**
 * Decidim open-data compatible CSVs (proposals, proposal_comments, results): Decidim's columns
 * in Decidim's order (decidim-columns.ts), filled from Mesa's records as docs/DECIDIM.md maps them.
 * Like Decidim's open data, only what the public sees: nothing hidden by moderation or deleted.
 *
 * Proposals and comments are SQL-defined files (sql-csv.ts: COPY on PostgreSQL, the same bytes in
 * pages elsewhere), each column the SQL of its conversion to Decidim's values; results, a
 * few rows per commitment with a weighted progress, are built here from the rows.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ExportProcess } from './access.ts';
import { COMMENT_KEY, proposalReference } from './contributions.ts';
import { csvChunks, type CsvFile } from './csv.ts';
import { commentColumns, DECIDIM_CSV_SEPARATOR, DECIDIM_LOCALES, proposalColumns, resultColumns } from './decidim-columns.ts';
import { commitmentProgress } from '../tracking/rules.ts';
import { decidimList, decidimTime, translated } from './decidim-rules.ts';
import { asText, sqlCsv, textLiteral, uuidLiteral, type SqlCsvFile } from './sql-csv.ts';

type Row = Record<string, unknown>;

/** Where the portal shows things (the web app's routes). */
export function portalLinks(base: string, process: ExportProcess) {
  return {
    process: `${base}/processes/${encodeURIComponent(process.slug)}`,
    proposal: (id: string) => `${base}/proposals/${id}`,
    commitment: (id: string) => `${base}/processes/${encodeURIComponent(process.slug)}/commitments/${id}`,
  };
}
type Links = ReturnType<typeof portalLinks>;

/**
 * The portal's address (PUBLIC_URL) as a URL origin, null when it is not one: it goes into the
 * files' SQL as a literal, so nothing but a parsed, normalised origin.
 */
export function portalOrigin(base: string): string | null {
  try {
    const origin = new URL(base).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

const fileOf = (name: string, columns: string[], pages: () => AsyncIterable<Row[]>): CsvFile<Row> => ({
  name, description: '', columns: columns.map((c) => ({ name: c, description: '', value: (r: Row) => r[c] })), pages,
});

type Cell = RawBuilder<string | null>;
const text = (ref: string): Cell => sql`${sql.ref(ref)}`;
const constant = (value: string): Cell => textLiteral(value);
/** decidimTime: `2025-05-20 10:00:00 UTC` (seconds truncated, as toISOString().slice does). */
const decidimTimeSql = (ref: string): Cell => sql`to_char(${sql.ref(ref)} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'`;
/** A link under the portal's address followed by an id. */
const linkTo = (prefix: string, idRef: string): Cell => sql`${textLiteral(prefix)} || ${sql.ref(idRef)}::text`;
/** translated(): the text in the column of its language (`langSql`), the other locales empty. */
function translatedSql(prefix: string, langSql: Cell, value: Cell): Record<string, Cell> {
  return Object.fromEntries(DECIDIM_LOCALES.map((l) => [`${prefix}/${l}`, sql`case when ${langSql} = ${textLiteral(l)} then ${value} end`]));
}

/** Decidim's numeric columns: their text is a number (alignment -1 included), never made spreadsheet-safe. */
const NUMBER_COLUMNS = new Set(['votes', 'comments', 'alignment', 'depth', 'coauthorships_count', 'progress', 'children_count', 'comments_count']);

/**
 * A Decidim file's columns in decidim-columns.ts order, from the SQL of those Mesa fills (the
 * others are empty). An empty text is written as an empty cell, like no value (nullif): the
 * format these files have always had.
 */
function decidimColumns(file: string, names: string[], cells: Record<string, Cell>) {
  const unknown = Object.keys(cells).filter((k) => !names.includes(k));
  if (unknown.length) throw new Error(`${file}: no Decidim column ${unknown.join(', ')}`);
  return names.map((name) => ({
    name, description: '', number: NUMBER_COLUMNS.has(name),
    sql: cells[name] ? sql<string | null>`nullif(${cells[name]}, '')` : sql<string | null>`null::text`,
  }));
}

export function proposalsFile(process: ExportProcess, links: Links): SqlCsvFile {
  const answered = sql`p.answer_published_at is not null`;
  // Decidim has `evaluating`, `accepted`, `rejected` and no state (not answered); withdrawal is a
  // separate flag and merging a link between proposals
  const decidimState: Cell = sql`case when p.state in ('evaluating', 'accepted', 'rejected') then p.state end`;
  const taxonomies: Cell = sql`concat_ws(', ', nullif(p.area, ''), nullif(p.sector, ''))`;
  const processLang = textLiteral(process.language);
  const proposalLink = links.proposal('');
  return {
    name: 'proposals.csv',
    description: '',
    delimiter: DECIDIM_CSV_SEPARATOR,
    columns: decidimColumns('proposals.csv', proposalColumns(), {
      id: asText('p.id'),
      'author/id': asText('p.author_id'),
      'author/name': sql`coalesce(u.display_name, p.organisation)`,
      'taxonomies/id': taxonomies,
      'taxonomies/name': taxonomies,
      'participatory_space/id': sql`${uuidLiteral(process.id)}::text`,
      'participatory_space/url': constant(links.process),
      'component/id': sql`${uuidLiteral(process.id)}::text`,
      ...translatedSql('title', text('p.lang'), text('p.title')),
      ...translatedSql('body', text('p.lang'), text('p.body')),
      state: decidimState,
      state_published_at: sql`case when ${answered} and ${decidimState} is not null then ${decidimTimeSql('p.answer_published_at')} end`,
      reference: proposalReference('p.number'),
      ...translatedSql('answer', processLang, sql`case when ${answered} then p.answer_text end`),
      answered_at: decidimTimeSql('p.answer_published_at'),
      votes: asText('p.supports_count'),
      comments: asText('p.comments_count'),
      published_at: decidimTimeSql('p.created_at'),
      url: linkTo(proposalLink, 'p.id'),
      related_proposals: linkTo(proposalLink, 'p.merged_into'),
      is_amend: constant('false'),
      withdrawn: sql`case when p.state = 'withdrawn' then 'true' else 'false' end`,
      created_at: decidimTimeSql('p.created_at'),
      updated_at: decidimTimeSql('p.updated_at'),
      created_in_meeting: constant('false'),
      coauthorships_count: constant('1'),
    }),
    rows: (db) => db.selectFrom('proposals as p')
      .leftJoin('users as u', 'u.id', 'p.author_id')
      .where('p.process_id', '=', uuidLiteral(process.id))
      .where('p.hidden', '=', sql.lit(false)),
    key: ['p.number'],
  };
}

export function commentsFile(process: ExportProcess, links: Links): SqlCsvFile {
  return {
    name: 'proposal_comments.csv',
    description: '',
    delimiter: DECIDIM_CSV_SEPARATOR,
    columns: decidimColumns('proposal_comments.csv', commentColumns(), {
      id: asText('c.id'),
      created_at: decidimTimeSql('c.created_at'),
      body: text('c.body'),
      // Mesa does not record a comment's language: the proposal's process language stands in
      locale: constant(process.language),
      'author/id': asText('c.author_id'),
      'author/name': text('u.display_name'),
      // Decidim stores alignment as 1 (in favour), -1 (against) or 0
      alignment: sql`case c.alignment when 'for' then '1' when 'against' then '-1' else '0' end`,
      // Decidim counts depth from 0 (a comment on the proposal itself); Mesa from 1
      depth: sql`(c.depth - 1)::text`,
      // a reply's commentable is the comment it answers
      commentable_id: sql`coalesce(c.parent_id, c.target_id)::text`,
      commentable_type: sql`case when c.parent_id is not null then 'Decidim::Comments::Comment' else 'Decidim::Proposals::Proposal' end`,
      root_commentable_url: linkTo(links.proposal(''), 'c.target_id'),
    }),
    // visible comments on visible proposals, grouped by proposal, each thread in the order written
    rows: (db) => db.selectFrom('comments as c')
      .innerJoin('proposals as t', 't.id', 'c.target_id')
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .where('c.process_id', '=', uuidLiteral(process.id))
      .where('c.target_type', '=', sql.lit('proposals'))
      .where('c.hidden', '=', sql.lit(false))
      .where('c.deleted_at', 'is', null)
      .where('t.hidden', '=', sql.lit(false)),
    key: COMMENT_KEY,
  };
}

/** Commitments are Decidim results; their milestones are child results (parent/id = the commitment). */
async function resultRows(db: Db, process: ExportProcess, links: Links, locales: readonly string[]): Promise<Row[]> {
  const commitments = await db.selectFrom('commitments')
    .select(['id', 'reference', 'title', 'state', 'area', 'starts_on', 'ends_on', 'fields', 'created_at', 'updated_at'])
    .where('process_id', '=', process.id).orderBy('reference').execute();
  if (commitments.length === 0) return [];
  const ids = commitments.map((c) => c.id);
  const milestones = await db.selectFrom('milestones')
    .select(['id', 'commitment_id', 'position', 'title', 'deliverable', 'starts_on', 'ends_on', 'status', 'progress'])
    .where('commitment_id', 'in', ids).orderBy('commitment_id').orderBy('position').execute();
  const sources = await db.selectFrom('commitment_sources').innerJoin('proposals', 'proposals.id', 'commitment_sources.proposal_id')
    .select(['commitment_sources.commitment_id', 'proposals.id', 'proposals.number', 'proposals.hidden'])
    .where('commitment_sources.commitment_id', 'in', ids).orderBy('proposals.number').execute();
  const comments = await db.selectFrom('comments').select(['target_id', sql<number>`count(*)::int`.as('n')])
    .where('process_id', '=', process.id).where('target_type', '=', 'commitments').where('target_id', 'in', ids)
    .where('hidden', '=', false).where('deleted_at', 'is', null).groupBy('target_id').execute();
  const commentsOf = new Map(comments.map((c) => [c.target_id, Number(c.n)]));
  const lang = process.language;
  const rows: Row[] = [];
  for (const c of commitments) {
    const own = milestones.filter((m) => m.commitment_id === c.id);
    const progress = commitmentProgress(own.map((m) => ({ startsOn: m.starts_on, endsOn: m.ends_on, progress: Number(m.progress) })));
    rows.push({
      id: c.id, 'taxonomies/id': c.area, 'taxonomies/name': c.area, 'parent/id': null,
      ...translated('title', locales, lang, c.title),
      ...translated('description', locales, lang, (c.fields as Record<string, string>).description ?? ''),
      start_date: c.starts_on, end_date: c.ends_on,
      'status/id': c.state, 'status/key': c.state, ...translated('status/name', locales, lang, c.state),
      progress, created_at: decidimTime(c.created_at), updated_at: decidimTime(c.updated_at),
      url: links.commitment(c.id), 'component/id': process.id,
      proposal_urls: decidimList(sources.filter((s) => s.commitment_id === c.id && !s.hidden).map((s) => links.proposal(s.id))),
      reference: c.reference, children_count: own.length, comments_count: commentsOf.get(c.id) ?? 0,
    });
    own.forEach((m, i) => rows.push({
      id: m.id, 'taxonomies/id': c.area, 'taxonomies/name': c.area, 'parent/id': c.id,
      ...translated('title', locales, lang, m.title), ...translated('description', locales, lang, m.deliverable),
      start_date: m.starts_on, end_date: m.ends_on,
      'status/id': m.status, 'status/key': m.status, ...translated('status/name', locales, lang, m.status),
      progress: Number(m.progress), created_at: decidimTime(c.created_at), updated_at: decidimTime(c.updated_at),
      url: links.commitment(c.id), 'component/id': process.id, proposal_urls: '',
      reference: `${c.reference}-M${i + 1}`, children_count: 0, comments_count: 0,
    }));
  }
  return rows;
}

/** A Decidim file's content: the database's CSV for proposals and comments, rows formatted here for results. */
export type DecidimFile = SqlCsvFile | CsvFile<Row>;

/** The files in zip order; `base` is the portal's origin (portalOrigin). */
export function decidimFiles(db: Db, process: ExportProcess, base: string): DecidimFile[] {
  if (portalOrigin(base) !== base) throw new Error(`not a portal origin: ${JSON.stringify(base)}`);
  const links = portalLinks(base, process);
  return [
    proposalsFile(process, links),
    commentsFile(process, links),
    fileOf('results.csv', resultColumns(), async function* () { yield await resultRows(db, process, links, DECIDIM_LOCALES); }),
  ];
}

export function decidimCsv(db: Db, file: DecidimFile): AsyncIterable<string | Buffer> {
  return 'rows' in file ? sqlCsv(db, file) : csvChunks(file, DECIDIM_CSV_SEPARATOR);
}
