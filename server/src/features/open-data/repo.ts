/**
 * Reads a process's contributions in keyset pages: one bounded query per page, never the whole
 * table at once, so an export's memory does not grow with the size of the process.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { keysetPages } from './csv.ts';

export const PAGE = 1000;

export interface ProposalRow {
  id: string; number: number; external_ref: string | null; title: string; body: string; area: string; sector: string;
  organisation: string | null; lang: string; state: string; supports_count: number; comments_count: number;
  answer_state: string | null; answer_text: string | null; answer_published_at: Date | null; merged_into: string | null;
  merged_number: number | null; selected_for_drafting: boolean; hidden: boolean; created_at: Date; updated_at: Date;
  author_id: string | null; author_name: string | null;
}

/** Every proposal of the process in reference order; `visibleOnly` leaves out those hidden by moderation. */
export function proposalPages(db: Db, processId: string, visibleOnly = false): AsyncGenerator<ProposalRow[]> {
  return keysetPages<ProposalRow, number>(async (after) => {
    let q = db.selectFrom('proposals as p')
      .leftJoin('proposals as m', 'm.id', 'p.merged_into')
      .leftJoin('users as u', 'u.id', 'p.author_id')
      .select(['p.id', 'p.number', 'p.external_ref', 'p.title', 'p.body', 'p.area', 'p.sector', 'p.organisation', 'p.lang', 'p.state',
        'p.supports_count', 'p.comments_count', 'p.answer_state', 'p.answer_text', 'p.answer_published_at', 'p.merged_into',
        'm.number as merged_number', 'p.selected_for_drafting', 'p.hidden', 'p.created_at', 'p.updated_at', 'p.author_id',
        'u.display_name as author_name'])
      .where('p.process_id', '=', processId);
    if (after !== null) q = q.where('p.number', '>', after);
    if (visibleOnly) q = q.where('p.hidden', '=', false);
    return q.orderBy('p.number').limit(PAGE).execute();
  }, (r) => r.number, PAGE);
}

export interface CommentRow {
  id: string; target_id: string; parent_id: string | null; depth: number; author_id: string | null; author_name: string | null;
  body: string; alignment: string | null; anchor: unknown; created_at: Date; edited_at: Date | null; deleted_at: Date | null; hidden: boolean;
  /** created_at as the database's exact text (microseconds), the page cursor. */
  at_key: string;
  up_votes: number; down_votes: number;
  /** The commented proposal's number, title and hidden flag, or the commitment's reference and title. */
  target_number: number | null; target_reference: string | null; target_title: string | null; target_hidden: boolean | null;
}

interface CommentCursor { target: string; at: string; id: string }

type Target = Pick<CommentRow, 'target_number' | 'target_reference' | 'target_title' | 'target_hidden'>;

/**
 * The commented proposals' or commitments' reference, title and hidden flag, for one page. Read
 * apart from the page query: joined into it, PostgreSQL merge-joins the whole proposals index
 * from its start on every page (0.2 s a page at 100,000 proposals, most of the export's time).
 */
async function targetsOf(db: Db, targetType: 'proposals' | 'commitments', ids: string[]): Promise<Map<string, Target>> {
  if (ids.length === 0) return new Map();
  if (targetType === 'proposals') {
    const rows = await db.selectFrom('proposals').select(['id', 'number', 'title', 'hidden']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { target_number: r.number, target_reference: null, target_title: r.title, target_hidden: r.hidden }]));
  }
  const rows = await db.selectFrom('commitments').select(['id', 'reference', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { target_number: null, target_reference: r.reference, target_title: r.title, target_hidden: null }]));
}

const NO_TARGET: Target = { target_number: null, target_reference: null, target_title: null, target_hidden: null };

/**
 * Every comment on targets of one type (`proposals`, `commitments`), grouped by target and in
 * the order they were written, with its votes and its target's reference (two queries a page);
 * `visibleOnly` leaves out hidden and deleted ones.
 */
export function commentPages(db: Db, processId: string, targetType: 'proposals' | 'commitments', visibleOnly = false): AsyncGenerator<CommentRow[]> {
  return keysetPages<CommentRow, CommentCursor>(async (after) => {
    let q = db.selectFrom('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .select(['c.id', 'c.target_id', 'c.parent_id', 'c.depth', 'c.author_id', 'u.display_name as author_name', 'c.body', 'c.alignment',
        'c.anchor', 'c.created_at', 'c.edited_at', 'c.deleted_at', 'c.hidden', sql<string>`c.created_at::text`.as('at_key'),
        (eb) => eb.selectFrom('comment_votes as v').select(sql<number>`count(*) filter (where v.value > 0)::int`.as('n')).whereRef('v.comment_id', '=', 'c.id').as('up_votes'),
        (eb) => eb.selectFrom('comment_votes as v').select(sql<number>`count(*) filter (where v.value < 0)::int`.as('n')).whereRef('v.comment_id', '=', 'c.id').as('down_votes')])
      .where('c.process_id', '=', processId).where('c.target_type', '=', targetType);
    if (after) {
      // (target, created_at) rides the comments_target_idx index; the id breaks ties within a microsecond.
      q = q.where((eb) => eb.and([
        eb(eb.refTuple('c.target_id', 'c.created_at'), '>=', eb.tuple(after.target, sql<Date>`${after.at}::timestamptz`)),
        eb.not(eb.and([eb('c.target_id', '=', after.target), eb('c.created_at', '=', sql<Date>`${after.at}::timestamptz`), eb('c.id', '<=', after.id)])),
      ]));
    }
    if (visibleOnly) q = q.where('c.hidden', '=', false).where('c.deleted_at', 'is', null);
    const rows = await q.orderBy('c.target_id').orderBy('c.created_at').orderBy('c.id').limit(PAGE).execute();
    const targets = await targetsOf(db, targetType, [...new Set(rows.map((r) => r.target_id))]);
    return rows.map((r) => ({
      ...r, ...(targets.get(r.target_id) ?? NO_TARGET),
      depth: Number(r.depth), up_votes: Number(r.up_votes ?? 0), down_votes: Number(r.down_votes ?? 0),
    }));
  }, (r) => ({ target: r.target_id, at: r.at_key, id: r.id }), PAGE);
}

export interface AttendanceRow { workshop_id: string; title: string; starts_at: Date; mode: string; state: string; sector: string | null; participants: number }

/** Workshop attendance counted by sector (people removed by the facilitator do not count; a workshop nobody joined has one row with 0); no names. */
export async function attendance(db: Db, processId: string): Promise<AttendanceRow[]> {
  const rows = await db.selectFrom('workshops as w')
    .leftJoin('workshop_participants as wp', (j) => j.onRef('wp.workshop_id', '=', 'w.id').on('wp.removed', '=', false))
    .select(['w.id as workshop_id', 'w.title', 'w.starts_at', 'w.mode', 'w.state', 'wp.sector', sql<number>`count(wp.participant_key)::int`.as('participants')])
    .where('w.process_id', '=', processId)
    .groupBy(['w.id', 'w.title', 'w.starts_at', 'w.mode', 'w.state', 'wp.sector'])
    .orderBy('w.starts_at').orderBy('w.id').orderBy('wp.sector')
    .execute();
  return rows.map((r) => ({ ...r, participants: Number(r.participants) }));
}
