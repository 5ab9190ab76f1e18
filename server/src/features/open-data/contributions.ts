/**
 * "All contributions" of a process as CSV files with a README, every file and column defined
 * once here (the README is generated from these definitions).
 */
import { SECTORS, type RoundResults } from '@mesa/shared';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { ProblemError } from '../../plugins/problems.ts';
import { roundResults } from '../rounds/service.ts';
import { csvChunks, readme, type Column, type CsvFile, type Documented } from './csv.ts';
import type { ExportProcess } from './access.ts';
import { attendance, type AttendanceRow } from './repo.ts';
import { asText, isoTime, sqlCsv, uuidLiteral, type SqlColumn, type SqlCsvFile } from './sql-csv.ts';

/** A proposal reference from its number, as proposals/rules.ts `reference` writes it (P-0007, P-12345). */
export const proposalReference = (ref: string) => sql<string | null>`'P-' || lpad(${sql.ref(ref)}::text, greatest(4, length(${sql.ref(ref)}::text)), '0')`;
const text = (ref: string) => sql<string | null>`${sql.ref(ref)}`;

export function proposalsFile(processId: string): SqlCsvFile {
  const published = (ref: string) => sql<string | null>`case when p.answer_published_at is not null then ${sql.ref(ref)} end`;
  const unlessHidden = (ref: string) => sql<string | null>`case when not p.hidden then ${sql.ref(ref)} end`;
  return {
    name: 'proposals.csv',
    description: 'One row per proposal of the open call, in reference order, with its supports, comments and published answer. Proposals hidden by moderation are listed with hidden = true and no title or body.',
    columns: [
      { name: 'id', description: 'Mesa identifier of the proposal (as in the API and in the proposal page address /proposals/<id>).', sql: asText('p.id') },
      { name: 'reference', description: 'Public reference, P- followed by the proposal number.', sql: proposalReference('p.number') },
      { name: 'externalRef', description: 'Reference the proposal had where it was imported from (e.g. a paper form or a fixture), if any.', sql: text('p.external_ref') },
      { name: 'title', description: 'Title as written by its author (empty when hidden).', sql: unlessHidden('p.title') },
      { name: 'body', description: 'Text as written by its author, in Markdown (empty when hidden).', sql: unlessHidden('p.body') },
      { name: 'area', description: 'Policy area (challenge area) key.', sql: text('p.area') },
      { name: 'sector', description: 'Stakeholder sector of whoever proposed it.', sql: text('p.sector') },
      { name: 'organisation', description: 'Organisation it was proposed on behalf of, if any.', sql: text('p.organisation') },
      { name: 'lang', description: 'Language it was written in (en, es, fr, pt).', sql: text('p.lang') },
      { name: 'author', description: 'Display name of the account that submitted it; empty for imported proposals. Never an email address.', sql: text('u.display_name') },
      { name: 'state', description: 'submitted, evaluating, accepted, rejected, merged or withdrawn.', sql: text('p.state') },
      { name: 'hidden', description: 'true when hidden by moderation.', sql: asText('p.hidden') },
      { name: 'selectedForDrafting', description: 'true when prioritisation selected it as a source for the commitments.', sql: asText('p.selected_for_drafting') },
      { name: 'supports', description: 'Number of people who supported it.', sql: asText('p.supports_count'), number: true },
      { name: 'comments', description: 'Number of visible comments on it (not hidden, not deleted).', sql: asText('p.comments_count'), number: true },
      { name: 'answerState', description: 'State given by the published reasoned answer; empty until an answer is published.', sql: published('p.answer_state') },
      { name: 'answer', description: 'Text of the published reasoned answer.', sql: published('p.answer_text') },
      { name: 'answeredAt', description: 'When the answer was published (ISO 8601, UTC).', sql: isoTime('p.answer_published_at') },
      { name: 'mergedInto', description: 'Reference of the proposal it was merged into, for merged proposals.', sql: proposalReference('m.number') },
      { name: 'createdAt', description: 'When it was submitted (ISO 8601, UTC).', sql: isoTime('p.created_at') },
      { name: 'updatedAt', description: 'When it last changed (ISO 8601, UTC).', sql: isoTime('p.updated_at') },
    ],
    rows: (db) => db.selectFrom('proposals as p')
      .leftJoin('proposals as m', 'm.id', 'p.merged_into')
      .leftJoin('users as u', 'u.id', 'p.author_id')
      .where('p.process_id', '=', uuidLiteral(processId)),
    key: ['p.number'],
  };
}

/** Columns common to comments on proposals and on commitments; `targetReference` reads it from the target `t`. */
function commentColumns(targetName: string, targetReference: RawBuilder<string | null>): SqlColumn[] {
  const votes = (sign: '>' | '<') => sql<string>`(select count(*) from comment_votes v where v.comment_id = c.id and v.value ${sql.raw(sign)} 0)::text`;
  return [
    { name: 'id', description: 'Mesa identifier of the comment.', sql: asText('c.id') },
    { name: `${targetName}Id`, description: `Mesa identifier of the ${targetName} commented on.`, sql: asText('c.target_id') },
    { name: `${targetName}Reference`, description: `Reference of the ${targetName} commented on.`, sql: targetReference },
    { name: 'parentId', description: 'The comment it answers, for replies in a thread; empty for a new thread.', sql: asText('c.parent_id') },
    { name: 'depth', description: 'Level in the thread: 1 for a new thread, 2 for a reply, and so on.', sql: asText('c.depth'), number: true },
    { name: 'author', description: 'Display name of its author. Never an email address.', sql: text('u.display_name') },
    { name: 'alignment', description: 'for, against or neutral, when the author said so.', sql: text('c.alignment') },
    { name: 'body', description: 'Text in Markdown; empty when hidden or deleted.', sql: sql`case when not c.hidden and c.deleted_at is null then c.body end` },
    { name: 'hidden', description: 'true when hidden by moderation (its text is then left out).', sql: asText('c.hidden') },
    { name: 'deleted', description: 'true when its author deleted it (its text is then left out).', sql: sql`(c.deleted_at is not null)::text` },
    { name: 'upVotes', description: 'Number of up votes.', sql: votes('>'), number: true },
    { name: 'downVotes', description: 'Number of down votes.', sql: votes('<'), number: true },
    { name: 'createdAt', description: 'When it was written (ISO 8601, UTC).', sql: isoTime('c.created_at') },
    { name: 'editedAt', description: 'When its author last edited it, if ever.', sql: isoTime('c.edited_at') },
  ];
}

/**
 * Comments on targets of one type with their target `t`, grouped by target, each thread in the
 * order written (the key rides comments_target_idx; a page's row comparison keeps the joins to
 * nested loops).
 */
function commentRows(processId: string, targetType: 'proposals' | 'commitments') {
  return (db: Db) => {
    const q = db.selectFrom('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .where('c.process_id', '=', uuidLiteral(processId))
      .where('c.target_type', '=', sql.lit(targetType));
    return targetType === 'proposals' ? q.leftJoin('proposals as t', 't.id', 'c.target_id') : q.leftJoin('commitments as t', 't.id', 'c.target_id');
  };
}
export const COMMENT_KEY = ['c.target_id', 'c.created_at', 'c.id'];

export function commentsFile(processId: string): SqlCsvFile {
  return {
    name: 'comments.csv',
    description: 'One row per comment on a proposal, grouped by proposal, each thread in the order written. Hidden and deleted comments are listed, marked, without their text.',
    columns: commentColumns('proposal', proposalReference('t.number')),
    rows: commentRows(processId, 'proposals'),
    key: COMMENT_KEY,
  };
}

/** The user a consultation reply names (comments.response: {outcome, text, byId, byName, at}), by id when it is one. */
const replyAuthor = sql<string | null>`coalesce((select r.display_name from users r
  where r.id = case when c.response->>'byId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (c.response->>'byId')::uuid end),
  c.response->>'byName')`;

export function consultationFile(processId: string): SqlCsvFile {
  return {
    name: 'consultation-comments.csv',
    description: 'One row per comment made in the public consultation on a draft commitment, with the drafters\' reasoned reply to it where one was given.',
    columns: [
      ...commentColumns('commitment', text('t.reference')),
      { name: 'commitmentTitle', description: 'Title of the commitment commented on.', sql: text('t.title') },
      { name: 'anchor', description: 'The passage of the commitment the comment is attached to (JSON: field and quoted text), if any.', sql: asText('c.anchor') },
      { name: 'replyOutcome', description: 'Outcome of the reasoned reply: accepted, partially or not-accepted; empty when not replied.', sql: sql`c.response->>'outcome'` },
      { name: 'replyText', description: 'Text of the reasoned reply.', sql: sql`c.response->>'text'` },
      { name: 'replyAuthor', description: 'Display name of who replied.', sql: replyAuthor },
      { name: 'repliedAt', description: 'When the reply was given (ISO 8601, UTC).', sql: sql`c.response->>'at'` },
    ],
    rows: commentRows(processId, 'commitments'),
    key: COMMENT_KEY,
  };
}

type ResultRow = { round: { id: string; title: string; results: RoundResults }; item: RoundResults['items'][number] };

export function roundsFile(db: Db, processId: string, user: SessionUser | null): CsvFile<ResultRow> {
  return {
    name: 'round-results.csv',
    description: 'One row per item of each prioritisation round, in rank order, computed by the rounds feature (the same figures as its results page). Rounds whose results are not published are left out, except for administrators.',
    columns: [
      { name: 'roundId', description: 'Mesa identifier of the round.', value: (r) => r.round.id },
      { name: 'roundTitle', description: 'Title of the round.', value: (r) => r.round.title },
      { name: 'method', description: 'Scoring method: criteria, dots, ranking, pairwise or poll.', value: (r) => r.round.results.method },
      { name: 'final', description: 'true once the round is closed; false for running results.', value: (r) => r.round.results.final },
      { name: 'participants', description: 'Number of people who took part in the round.', value: (r) => r.round.results.participants },
      { name: 'paperBallots', description: 'How many of them voted on paper (entered by a facilitator).', value: (r) => r.round.results.paperBallots },
      { name: 'rank', description: 'Competition rank (1, 2, 2, 4).', value: (r) => r.item.rank },
      { name: 'item', description: 'Proposal identifier (or poll option).', value: (r) => r.item.proposalId },
      { name: 'reference', description: 'Proposal reference.', value: (r) => r.item.reference },
      { name: 'title', description: 'Proposal title.', value: (r) => r.item.title },
      { name: 'score', description: 'Score by the round\'s method: weighted mean of criterion means, total dots, Borda points, pairwise win rate × 100, or votes.', value: (r) => r.item.score },
      { name: 'ballots', description: 'Ballots that scored this item.', value: (r) => r.item.ballots },
      ...SECTORS.map((s): Column<ResultRow> => ({ name: `score:${s}`, description: `Score from participants of the ${s} sector alone.`, value: (r) => r.item.bySector[s] })),
    ],
    pages: async function* () {
      const rounds = await db.selectFrom('rounds').select(['id', 'title']).where('process_id', '=', processId).orderBy('created_at').orderBy('id').execute();
      for (const round of rounds) {
        let results: RoundResults;
        try {
          results = await roundResults(db, round.id, user);
        } catch (err) {
          if (err instanceof ProblemError && err.status === 403) continue; // not published
          throw err;
        }
        yield results.items.map((item) => ({ round: { ...round, results }, item }));
      }
    },
  };
}

export function attendanceFile(db: Db, processId: string): CsvFile<AttendanceRow> {
  return {
    name: 'workshop-attendance.csv',
    description: 'One row per workshop and stakeholder sector: how many people joined (signed-in members and guests; people a facilitator removed do not count). No names.',
    columns: [
      { name: 'workshopId', description: 'Mesa identifier of the workshop.', value: (r) => r.workshop_id },
      { name: 'workshopTitle', description: 'Title of the workshop.', value: (r) => r.title },
      { name: 'startsAt', description: 'When it was scheduled to start (ISO 8601, UTC).', value: (r) => r.starts_at },
      { name: 'mode', description: 'in-person, online or hybrid.', value: (r) => r.mode },
      { name: 'state', description: 'State of the workshop (e.g. scheduled, live, closed).', value: (r) => r.state },
      { name: 'sector', description: 'Stakeholder sector the participants gave; empty when they gave none.', value: (r) => r.sector },
      { name: 'participants', description: 'Number of participants of that sector (0 for a workshop nobody joined).', value: (r) => r.participants },
    ],
    pages: async function* () { yield await attendance(db, processId); },
  };
}

/** The files in zip order: the big ones formatted by the database (sql-csv.ts), rounds and attendance computed here. */
export function contributionFiles(db: Db, process: ExportProcess, user: SessionUser | null): (SqlCsvFile | CsvFile<never>)[] {
  return [
    proposalsFile(process.id), commentsFile(process.id), roundsFile(db, process.id, user) as unknown as CsvFile<never>,
    attendanceFile(db, process.id) as unknown as CsvFile<never>, consultationFile(process.id),
  ];
}

/** A file's content: the database's CSV for SQL-defined files, rows formatted here for the others. */
export function contributionCsv(db: Db, file: SqlCsvFile | CsvFile<never>): AsyncIterable<string | Buffer> {
  return 'rows' in file ? sqlCsv(db, file) : csvChunks(file);
}

export function contributionsReadme(process: ExportProcess, files: Documented[], exportedAt: Date): string {
  return readme(`Contributions to "${process.title}"`,
    [`Everything contributed to the process \`${process.slug}\` on Mesa, exported ${exportedAt.toISOString()}.`,
      'Files are UTF-8 CSV with a header row, comma-separated, quoted where needed (RFC 4180). Empty cells mean "none"; `""` is a text left empty.',
      'Times are ISO 8601 in UTC. People appear by display name only: no email address or account detail is exported.'].join('\n'),
    files);
}
