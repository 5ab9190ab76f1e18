/** Kysely queries for proposals and supports; rows become API views here. */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { ACTION_PHASES, type PhaseKind, type PolicyArea, type Proposal, type ProposalState, type Sector } from '@mesa/shared';
import type { Conn, Database } from '../../db/database.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { canEdit, reference, searchText, SUPPORTABLE_STATES, type NewProposal } from './rules.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Reserves `count` consecutive proposal numbers in the process; returns the first. */
export async function reserveNumbers(trx: Conn, processId: string, count: number): Promise<number> {
  const row = await trx.updateTable('processes').set({ proposal_seq: sql`proposal_seq + ${count}` })
    .where('id', '=', processId).returning('proposal_seq').executeTakeFirstOrThrow();
  return Number(row.proposal_seq) - count + 1;
}

/**
 * Rows per INSERT: 12 parameters a row, and PostgreSQL takes at most 65,535 in one statement
 * (5,461 rows); 1,000 keeps each statement and its rendered markdown small.
 */
export const INSERT_BATCH = 1000;

/** Inserts the proposals numbered from `firstNumber`, INSERT_BATCH rows a statement; their ids in order. */
export async function insertProposals(trx: Conn, processId: string, authorId: string | null, items: NewProposal[], firstNumber: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < items.length; offset += INSERT_BATCH) {
    const rows = await trx.insertInto('proposals').values(items.slice(offset, offset + INSERT_BATCH).map((p, i) => {
      const number = firstNumber + offset + i;
      return {
        process_id: processId, number, external_ref: p.externalRef, author_id: authorId,
        title: p.title, body: p.body, body_html: renderMarkdown(p.body),
        search_text: searchText({ ...p, reference: reference(number) }),
        area: p.area, sector: p.sector, organisation: p.organisation, lang: p.lang,
      };
    })).returning('id').execute();
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

/** The proposal with its process, locked for update when `lock` (edits wait for in-flight supports). */
export function findProposalRow(db: Conn, id: string, lock = false) {
  let q = db.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id')
    .select(['proposals.id', 'proposals.process_id', 'proposals.author_id', 'proposals.state', 'proposals.hidden',
      'proposals.title', 'proposals.body', 'proposals.organisation', 'proposals.number', 'proposals.external_ref',
      'proposals.comments_count', 'processes.slug', 'processes.active_phase'])
    .where('proposals.id', '=', id);
  if (lock) q = q.forUpdate(['proposals']);
  return q.executeTakeFirst();
}

export async function liveSupports(db: Conn, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('proposal_supports').select(['proposal_id', sql<number>`count(*)::int`.as('n')])
    .where('proposal_id', 'in', ids).groupBy('proposal_id').execute();
  return new Map(rows.map((r) => [r.proposal_id, Number(r.n)]));
}

export interface Viewer { id: string; isAdmin?: boolean }

export const viewerOf = (user: { id: string; isAdmin: boolean } | null | undefined): Viewer | undefined =>
  user ? { id: user.id, isAdmin: user.isAdmin } : undefined;

/**
 * The view columns of `proposals as p` (with its process and author) as `viewerId` sees them;
 * `liveCount`: the supports counted from the rows, else `supports_count` (the rollup's count
 * that the list is sorted by, at most 250 ms behind the rows).
 */
const VIEW_COLUMNS = ['p.id', 'p.number', 'p.external_ref', 'p.title', 'p.body', 'p.body_html',
  'p.area', 'p.sector', 'p.organisation', 'p.lang', 'p.state', 'p.author_id',
  'p.comments_count', 'p.answer_state', 'p.answer_text', 'p.answer_published_at',
  'p.merged_into', 'p.selected_for_drafting', 'p.hidden', 'p.created_at', 'p.updated_at',
  'processes.slug', 'processes.active_phase', 'users.display_name'] as const;

function viewQuery(db: Conn, viewerId: string | undefined, liveCount: boolean) {
  return db.selectFrom('proposals as p')
    .innerJoin('processes', 'processes.id', 'p.process_id')
    .leftJoin('users', 'users.id', 'p.author_id')
    .select([...VIEW_COLUMNS,
      liveCount
        ? sql<number>`(select count(*)::int from proposal_supports s where s.proposal_id = p.id)`.as('supports')
        : sql<number>`p.supports_count`.as('supports'),
      viewerId
        ? sql<boolean>`exists (select 1 from proposal_supports s where s.proposal_id = p.id and s.user_id = ${viewerId})`.as('supported_by_me')
        : sql<boolean>`false`.as('supported_by_me'),
      sql<string[] | string>`array(select m.id::text from proposals m where m.merged_into = p.id order by m.number)`.as('merged_from')]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['execute']>>[number];

const asViewer = (viewer: string | Viewer | undefined): Viewer | undefined => (typeof viewer === 'string' ? { id: viewer, isAdmin: false } : viewer);

/** One row of `viewQuery` as the API shows it to `v`. */
function toView(r: ViewRow, v: Viewer | undefined): Proposal {
  const viewerId = v?.id;
  const count = Number(r.supports);
  const state = r.state as ProposalState;
  const draft = v?.isAdmin && !r.answer_published_at && r.answer_state && r.answer_text
    ? { state: r.answer_state as ProposalState, text: r.answer_text, publishedAt: null } : null;
  return {
    id: r.id, reference: reference(r.number), externalRef: r.external_ref, processSlug: r.slug,
    title: r.title, body: r.body, bodyHtml: r.body_html, area: r.area as PolicyArea, sector: r.sector as Sector,
    organisation: r.organisation, lang: r.lang, state, authorName: r.display_name ?? null,
    supports: count, supportedByMe: r.supported_by_me === true, commentsCount: r.comments_count,
    answer: r.answer_published_at && r.answer_state && r.answer_text
      ? { state: r.answer_state as ProposalState, text: r.answer_text, publishedAt: iso(r.answer_published_at) } : null,
    ...(v?.isAdmin ? { draftAnswer: draft } : {}),
    mergedInto: r.merged_into, mergedFrom: textArray(r.merged_from),
    selectedForDrafting: r.selected_for_drafting, hidden: r.hidden, mine: viewerId !== undefined && r.author_id === viewerId,
    editableByMe: canEdit({ authorId: r.author_id, state, supports: count, commentsCount: r.comments_count }, viewerId, r.active_phase as PhaseKind | null),
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

/**
 * API views of these proposals, in the order of `ids`, as `viewer` sees them: one statement.
 * One proposal shows its live support count (the rows); several show `supports_count`. Admins
 * also see a drafted, unpublished answer (`draftAnswer`).
 */
export async function proposalViews(db: Conn, ids: string[], viewer: string | Viewer | undefined): Promise<Proposal[]> {
  if (ids.length === 0) return [];
  const v = asViewer(viewer);
  const rows = await viewQuery(db, v?.id, ids.length === 1).where('p.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toView(r, v)] : [];
  });
}

/** The page's sort keys, as `listPage` reads them from its rows (for the cursor). */
export interface PageKeys { id: string; number: number; supports_count: number; comments_count: number; r: string | null }

/**
 * A list page in one statement: `page` (a query of `proposals` selecting PageKeys, ordered and
 * limited) in a CTE, joined to the views, in the page's order (`order`: its keys, in SQL).
 */
export async function pageViews(db: Conn, page: SelectQueryBuilder<Database, 'proposals', PageKeys>, order: RawBuilder<unknown>, viewer: Viewer | undefined) {
  const rows = await db.with('page', () => page)
    .selectFrom('page')
    .innerJoin('proposals as p', 'p.id', 'page.id')
    .innerJoin('processes', 'processes.id', 'p.process_id')
    .leftJoin('users', 'users.id', 'p.author_id')
    .select((eb) => [
      ...VIEW_COLUMNS,
      sql<number>`page.supports_count`.as('supports'),
      viewer?.id
        ? sql<boolean>`exists (select 1 from proposal_supports s where s.proposal_id = p.id and s.user_id = ${viewer.id})`.as('supported_by_me')
        : sql<boolean>`false`.as('supported_by_me'),
      sql<string[] | string>`array(select m.id::text from proposals m where m.merged_into = p.id order by m.number)`.as('merged_from'),
      eb.ref('page.number').as('key_number'), eb.ref('page.supports_count').as('key_supports'), eb.ref('page.comments_count').as('key_comments'), eb.ref('page.r').as('key_r'),
    ])
    .orderBy(order)
    .execute();
  return rows.map((r) => ({
    view: toView(r as unknown as ViewRow, viewer),
    keys: { id: r.id, number: r.key_number, supports_count: r.key_supports, comments_count: r.key_comments, r: r.key_r } as PageKeys,
  }));
}

/** A text[] as the driver gives it: parsed (pg) or in its literal form `{a,b}` (uuids need no quoting). */
function textArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value.slice(1, -1).split(',');
}

const SUPPORT_PHASES = ACTION_PHASES['support-proposal'];

/**
 * The phase gate of `support-proposal` and `supportProblem` (rules.ts) as SQL over a row `t`
 * (active_phase, hidden, state): the one condition under which the statements below add a support.
 */
const supportableNow = () => sql`t.active_phase in (${sql.join(SUPPORT_PHASES)}) and not t.hidden and t.state in (${sql.join(SUPPORTABLE_STATES)})`;

export interface SupportOutcome {
  /** The proposal and its process, to say why nothing changed; undefined when there is none. */
  target: { processId: string; state: string; hidden: boolean; activePhase: string | null } | undefined;
  changed: boolean;
  /** The proposal's supports: those seen at the statement's start, plus or minus this change. */
  supports: number;
}

/**
 * Adds (`on`) or withdraws the user's support in one statement: the proposal, its process's
 * phase, the checks and the insert (ON CONFLICT DO NOTHING: the unique pair is the truth) or
 * delete, and the count. Nothing changes unless the phase is one of `phases`, and for an
 * addition the proposal is visible and in a supportable state; for a withdrawal visible or
 * `asAdmin`. The caller explains a refusal from `target`.
 */
export async function changeSupport(db: Conn, proposalId: string, userId: string, on: boolean, asAdmin: boolean): Promise<SupportOutcome> {
  const target = sql`select p.id, p.process_id, p.state, p.hidden, pr.active_phase
    from proposals p join processes pr on pr.id = p.process_id where p.id = ${proposalId}`;
  const phaseOpen = sql`t.active_phase in (${sql.join(SUPPORT_PHASES)})`;
  const change = on
    ? sql`insert into proposal_supports (proposal_id, user_id, process_id)
        select t.id, ${userId}, t.process_id from target t
        where ${supportableNow()}
        on conflict do nothing returning 1`
    : sql`delete from proposal_supports s using target t
        where s.proposal_id = t.id and s.user_id = ${userId} and ${phaseOpen} and (not t.hidden or ${asAdmin})
        returning 1`;
  const { rows } = await sql<{ process_id: string; state: string; hidden: boolean; active_phase: string | null; seen: number; changed: number }>`
    with target as (${target}), change as (${change})
    select t.process_id, t.state, t.hidden, t.active_phase,
      (select count(*)::int from proposal_supports s where s.proposal_id = t.id) as seen,
      (select count(*)::int from change) as changed
    from target t`.execute(db);
  const r = rows[0];
  if (!r) return { target: undefined, changed: false, supports: 0 };
  const changed = Number(r.changed) > 0;
  return {
    target: { processId: r.process_id, state: r.state, hidden: r.hidden, activePhase: r.active_phase },
    changed,
    supports: Number(r.seen) + (changed ? (on ? 1 : -1) : 0),
  };
}

export async function hasSupportOrComment(db: Conn, proposalId: string): Promise<boolean> {
  const s = await db.selectFrom('proposal_supports').select('proposal_id').where('proposal_id', '=', proposalId).limit(1).executeTakeFirst();
  return s !== undefined;
}

export async function setState(db: Conn, ids: string[], state: ProposalState) {
  if (ids.length) await db.updateTable('proposals').set({ state, updated_at: sql`clock_timestamp()` }).where('id', 'in', ids).execute();
}

/** A proposal as a room broadcast shows it to everyone (no caller-specific flags). */
export function asSeenByEveryone(p: Proposal): Proposal {
  return { ...p, supportedByMe: false, editableByMe: false, mine: false };
}

/**
 * `changeSupport` for many (proposal, user) pairs in one statement. Rows are inserted in
 * (proposal, user) order, so two batches in flight wait for each other in one order and never
 * deadlock; each pair's count is the rows seen at the start plus all this statement added.
 */
export async function addSupports(db: Conn, batch: readonly { proposalId: string; userId: string }[]): Promise<SupportOutcome[]> {
  const requests = JSON.stringify(batch.map((p, ord) => ({ ord, proposal_id: p.proposalId, user_id: p.userId })));
  const { rows } = await sql<{ ord: number; process_id: string; state: string; hidden: boolean; active_phase: string | null; seen: number; added: number; changed: boolean }>`
    with req as (select * from jsonb_to_recordset(${requests}::jsonb) as r(ord int, proposal_id uuid, user_id uuid)),
    target as (
      select r.ord, r.user_id, p.id, p.process_id, p.state, p.hidden, pr.active_phase
      from req r join proposals p on p.id = r.proposal_id join processes pr on pr.id = p.process_id),
    ins as (
      insert into proposal_supports (proposal_id, user_id, process_id)
      select t.id, t.user_id, t.process_id from target t
      where ${supportableNow()}
      order by t.id, t.user_id
      on conflict do nothing returning proposal_id, user_id)
    select t.ord, t.process_id, t.state, t.hidden, t.active_phase,
      (select count(*)::int from proposal_supports s where s.proposal_id = t.id) as seen,
      (select count(*)::int from ins where ins.proposal_id = t.id) as added,
      exists (select 1 from ins where ins.proposal_id = t.id and ins.user_id = t.user_id) as changed
    from target t`.execute(db);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return batch.map((_, ord): SupportOutcome => {
    const r = byOrd.get(ord);
    if (!r) return { target: undefined, changed: false, supports: 0 };
    return {
      target: { processId: r.process_id, state: r.state, hidden: r.hidden, activePhase: r.active_phase },
      changed: r.changed === true,
      supports: Number(r.seen) + Number(r.added),
    };
  });
}

/** A proposal as a comment target: its process, state, hidden flag and the process's phase. */
export function findCommentTarget(db: Conn, id: string) {
  return db.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id')
    .select(['proposals.process_id', 'proposals.state', 'proposals.hidden', 'processes.active_phase'])
    .where('proposals.id', '=', id).executeTakeFirst();
}

/** Whether the proposal is hidden; undefined when there is none. */
export async function isHidden(db: Conn, id: string): Promise<boolean | undefined> {
  return (await db.selectFrom('proposals').select('hidden').where('id', '=', id).executeTakeFirst())?.hidden;
}

/** A proposal's process and hidden flag, its row locked (serialises reports and hide/unhide). */
export function lockForModeration(trx: Conn, id: string) {
  return trx.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id')
    .select(['proposals.id', 'proposals.process_id', 'proposals.hidden', 'proposals.title', 'processes.slug'])
    .where('proposals.id', '=', id).forUpdate('proposals').executeTakeFirst();
}

export async function setHidden(trx: Conn, id: string, hidden: boolean) {
  await trx.updateTable('proposals').set({ hidden }).where('id', '=', id).execute();
}

/** What the moderation queue shows of reported proposals of a process. */
export function describeForModeration(db: Conn, processId: string, ids: string[]) {
  return db.selectFrom('proposals').select(['id', 'title', 'hidden']).where('process_id', '=', processId).where('id', 'in', ids).execute();
}

/** Of `ids`, those that are proposals of the process. */
export async function idsInProcess(db: Conn, processId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('proposals').select('id').where('process_id', '=', processId).where('id', 'in', ids).execute()).map((r) => r.id);
}

/** Visible proposals still in play (not rejected, withdrawn or merged), in number order. */
export async function idsInPlay(db: Conn, processId: string): Promise<string[]> {
  return (await db.selectFrom('proposals').select('id').where('process_id', '=', processId).where('hidden', '=', false)
    .where('state', 'not in', ['rejected', 'withdrawn', 'merged']).orderBy('number').execute()).map((r) => r.id);
}

/** Of `ids`, those of the process that prioritisation selected for drafting. */
export async function selectedIdsIn(db: Conn, processId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('proposals').select('id').where('process_id', '=', processId).where('id', 'in', ids)
    .where('selected_for_drafting', '=', true).execute()).map((r) => r.id);
}

/** Exactly `ids` of the process become selected for drafting (the others are cleared). */
export async function replaceSelection(trx: Conn, processId: string, ids: string[]) {
  await trx.updateTable('proposals').set({ selected_for_drafting: false }).where('process_id', '=', processId).execute();
  if (ids.length) await trx.updateTable('proposals').set({ selected_for_drafting: true }).where('id', 'in', ids).execute();
}
