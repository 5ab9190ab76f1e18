/**
 * "All contributions" of a process as CSV files with a README, every file and column defined
 * once here (the README is generated from these definitions).
 */
import { SECTORS, type RoundResults } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { ProblemError } from '../../plugins/problems.ts';
import { reference } from '../proposals/rules.ts';
import { roundResults } from '../rounds/service.ts';
import { readme, type Column, type CsvFile } from './csv.ts';
import type { ExportProcess } from './access.ts';
import { consultationReplies, type Reply } from './replies.ts';
import { attendance, commentPages, proposalPages, type AttendanceRow, type CommentRow, type ProposalRow } from './repo.ts';

const published = (r: ProposalRow) => r.answer_published_at !== null;

export function proposalsFile(db: Db, processId: string): CsvFile<ProposalRow> {
  return {
    name: 'proposals.csv',
    description: 'One row per proposal of the open call, in reference order, with its supports, comments and published answer. Proposals hidden by moderation are listed with hidden = true and no title or body.',
    columns: [
      { name: 'id', description: 'Mesa identifier of the proposal (as in the API and in the proposal page address /proposals/<id>).', value: (r) => r.id },
      { name: 'reference', description: 'Public reference, P- followed by the proposal number.', value: (r) => reference(r.number) },
      { name: 'externalRef', description: 'Reference the proposal had where it was imported from (e.g. a paper form or a fixture), if any.', value: (r) => r.external_ref },
      { name: 'title', description: 'Title as written by its author (empty when hidden).', value: (r) => (r.hidden ? null : r.title) },
      { name: 'body', description: 'Text as written by its author, in Markdown (empty when hidden).', value: (r) => (r.hidden ? null : r.body) },
      { name: 'area', description: 'Policy area (challenge area) key.', value: (r) => r.area },
      { name: 'sector', description: 'Stakeholder sector of whoever proposed it.', value: (r) => r.sector },
      { name: 'organisation', description: 'Organisation it was proposed on behalf of, if any.', value: (r) => r.organisation },
      { name: 'lang', description: 'Language it was written in (en, es, fr, pt).', value: (r) => r.lang },
      { name: 'author', description: 'Display name of the account that submitted it; empty for imported proposals. Never an email address.', value: (r) => r.author_name },
      { name: 'state', description: 'submitted, evaluating, accepted, rejected, merged or withdrawn.', value: (r) => r.state },
      { name: 'hidden', description: 'true when hidden by moderation.', value: (r) => r.hidden },
      { name: 'selectedForDrafting', description: 'true when prioritisation selected it as a source for the commitments.', value: (r) => r.selected_for_drafting },
      { name: 'supports', description: 'Number of people who supported it.', value: (r) => r.supports_count },
      { name: 'comments', description: 'Number of visible comments on it (not hidden, not deleted).', value: (r) => r.comments_count },
      { name: 'answerState', description: 'State given by the published reasoned answer; empty until an answer is published.', value: (r) => (published(r) ? r.answer_state : null) },
      { name: 'answer', description: 'Text of the published reasoned answer.', value: (r) => (published(r) ? r.answer_text : null) },
      { name: 'answeredAt', description: 'When the answer was published (ISO 8601, UTC).', value: (r) => r.answer_published_at },
      { name: 'mergedInto', description: 'Reference of the proposal it was merged into, for merged proposals.', value: (r) => (r.merged_number ? reference(r.merged_number) : null) },
      { name: 'createdAt', description: 'When it was submitted (ISO 8601, UTC).', value: (r) => r.created_at },
      { name: 'updatedAt', description: 'When it last changed (ISO 8601, UTC).', value: (r) => r.updated_at },
    ],
    pages: () => proposalPages(db, processId),
  };
}

type CommentOut = CommentRow & { reply?: Reply };

/** Columns common to comments on proposals and on commitments. */
function commentColumns(targetName: string): Column<CommentOut>[] {
  const gone = (r: CommentOut) => r.hidden || r.deleted_at !== null;
  return [
    { name: 'id', description: 'Mesa identifier of the comment.', value: (r) => r.id },
    { name: `${targetName}Id`, description: `Mesa identifier of the ${targetName} commented on.`, value: (r) => r.target_id },
    { name: `${targetName}Reference`, description: `Reference of the ${targetName} commented on.`, value: (r) => (r.target_number !== null ? reference(r.target_number) : r.target_reference) },
    { name: 'parentId', description: 'The comment it answers, for replies in a thread; empty for a new thread.', value: (r) => r.parent_id },
    { name: 'depth', description: 'Level in the thread: 1 for a new thread, 2 for a reply, and so on.', value: (r) => r.depth },
    { name: 'author', description: 'Display name of its author. Never an email address.', value: (r) => r.author_name },
    { name: 'alignment', description: 'for, against or neutral, when the author said so.', value: (r) => r.alignment },
    { name: 'body', description: 'Text in Markdown; empty when hidden or deleted.', value: (r) => (gone(r) ? null : r.body) },
    { name: 'hidden', description: 'true when hidden by moderation (its text is then left out).', value: (r) => r.hidden },
    { name: 'deleted', description: 'true when its author deleted it (its text is then left out).', value: (r) => r.deleted_at !== null },
    { name: 'upVotes', description: 'Number of up votes.', value: (r) => r.up_votes },
    { name: 'downVotes', description: 'Number of down votes.', value: (r) => r.down_votes },
    { name: 'createdAt', description: 'When it was written (ISO 8601, UTC).', value: (r) => r.created_at },
    { name: 'editedAt', description: 'When its author last edited it, if ever.', value: (r) => r.edited_at },
  ];
}

export function commentsFile(db: Db, processId: string): CsvFile<CommentOut> {
  return {
    name: 'comments.csv',
    description: 'One row per comment on a proposal, grouped by proposal, each thread in the order written. Hidden and deleted comments are listed, marked, without their text.',
    columns: commentColumns('proposal'),
    pages: () => commentPages(db, processId, 'proposals'),
  };
}

export function consultationFile(db: Db, processId: string): CsvFile<CommentOut> {
  return {
    name: 'consultation-comments.csv',
    description: 'One row per comment made in the public consultation on a draft commitment, with the drafters\' reasoned reply to it where one was given.',
    columns: [
      ...commentColumns('commitment'),
      { name: 'commitmentTitle', description: 'Title of the commitment commented on.', value: (r) => r.target_title },
      { name: 'anchor', description: 'The passage of the commitment the comment is attached to (JSON: field and quoted text), if any.', value: (r) => r.anchor },
      { name: 'replyOutcome', description: 'Outcome of the reasoned reply: accepted, partially or not-accepted; empty when not replied.', value: (r) => r.reply?.outcome },
      { name: 'replyText', description: 'Text of the reasoned reply.', value: (r) => r.reply?.text },
      { name: 'replyAuthor', description: 'Display name of who replied.', value: (r) => r.reply?.author },
      { name: 'repliedAt', description: 'When the reply was given (ISO 8601, UTC).', value: (r) => r.reply?.at },
    ],
    pages: async function* () {
      for await (const page of commentPages(db, processId, 'commitments')) {
        const replies = await consultationReplies(db, page.map((c) => c.id));
        yield page.map((c) => ({ ...c, reply: replies.get(c.id) }));
      }
    },
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

export function contributionFiles(db: Db, process: ExportProcess, user: SessionUser | null): CsvFile<never>[] {
  return [
    proposalsFile(db, process.id), commentsFile(db, process.id), roundsFile(db, process.id, user),
    attendanceFile(db, process.id), consultationFile(db, process.id),
  ] as unknown as CsvFile<never>[];
}

export function contributionsReadme(process: ExportProcess, files: CsvFile<never>[], exportedAt: Date): string {
  return readme(`Contributions to "${process.title}"`,
    [`Everything contributed to the process \`${process.slug}\` on Mesa, exported ${exportedAt.toISOString()}.`,
      'Files are UTF-8 CSV with a header row, comma-separated, quoted where needed (RFC 4180). Empty cells mean "none".',
      'Times are ISO 8601 in UTC. People appear by display name only: no email address or account detail is exported.'].join('\n'),
    files);
}
