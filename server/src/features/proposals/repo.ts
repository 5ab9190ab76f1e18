/** Kysely queries for proposals and supports; rows become API views here. */
import { sql } from 'kysely';
import type { PhaseKind, PolicyArea, Proposal, ProposalState, Sector } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { renderMarkdown } from '../../shared/markdown.ts';
import { canEdit, reference, searchText, type NewProposal } from './rules.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Reserves `count` consecutive proposal numbers in the process; returns the first. */
export async function reserveNumbers(trx: Conn, processId: string, count: number): Promise<number> {
  const row = await trx.updateTable('processes').set({ proposal_seq: sql`proposal_seq + ${count}` })
    .where('id', '=', processId).returning('proposal_seq').executeTakeFirstOrThrow();
  return Number(row.proposal_seq) - count + 1;
}

export async function insertProposals(trx: Conn, processId: string, authorId: string | null, items: NewProposal[], firstNumber: number): Promise<string[]> {
  if (items.length === 0) return [];
  const rows = await trx.insertInto('proposals').values(items.map((p, i) => {
    const number = firstNumber + i;
    return {
      process_id: processId, number, external_ref: p.externalRef, author_id: authorId,
      title: p.title, body: p.body, body_html: renderMarkdown(p.body),
      search_text: searchText({ ...p, reference: reference(number) }),
      area: p.area, sector: p.sector, organisation: p.organisation, lang: p.lang,
    };
  })).returning('id').execute();
  return rows.map((r) => r.id);
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

/** API views of these proposals, in the order of `ids`, as `viewerId` sees them. */
export async function proposalViews(db: Conn, ids: string[], viewerId: string | undefined): Promise<Proposal[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('proposals')
    .innerJoin('processes', 'processes.id', 'proposals.process_id')
    .leftJoin('users', 'users.id', 'proposals.author_id')
    .select(['proposals.id', 'proposals.number', 'proposals.external_ref', 'proposals.title', 'proposals.body', 'proposals.body_html',
      'proposals.area', 'proposals.sector', 'proposals.organisation', 'proposals.lang', 'proposals.state', 'proposals.author_id',
      'proposals.comments_count', 'proposals.answer_state', 'proposals.answer_text', 'proposals.answer_published_at',
      'proposals.merged_into', 'proposals.selected_for_drafting', 'proposals.hidden', 'proposals.created_at', 'proposals.updated_at',
      'processes.slug', 'processes.active_phase', 'users.display_name'])
    .where('proposals.id', 'in', ids).execute();
  const supports = await liveSupports(db, ids);
  const mine = viewerId
    ? new Set((await db.selectFrom('proposal_supports').select('proposal_id').where('user_id', '=', viewerId).where('proposal_id', 'in', ids).execute()).map((r) => r.proposal_id))
    : new Set<string>();
  const merged = await db.selectFrom('proposals').select(['id', 'merged_into']).where('merged_into', 'in', ids).orderBy('number').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const count = supports.get(id) ?? 0;
    const state = r.state as ProposalState;
    return [{
      id: r.id, reference: reference(r.number), externalRef: r.external_ref, processSlug: r.slug,
      title: r.title, body: r.body, bodyHtml: r.body_html, area: r.area as PolicyArea, sector: r.sector as Sector,
      organisation: r.organisation, lang: r.lang, state, authorName: r.display_name ?? null,
      supports: count, supportedByMe: mine.has(id), commentsCount: r.comments_count,
      answer: r.answer_published_at && r.answer_state && r.answer_text
        ? { state: r.answer_state as ProposalState, text: r.answer_text, publishedAt: iso(r.answer_published_at) } : null,
      mergedInto: r.merged_into, mergedFrom: merged.filter((m) => m.merged_into === id).map((m) => m.id),
      selectedForDrafting: r.selected_for_drafting, hidden: r.hidden, mine: viewerId !== undefined && r.author_id === viewerId,
      editableByMe: canEdit({ authorId: r.author_id, state, supports: count, commentsCount: r.comments_count }, viewerId, r.active_phase as PhaseKind | null),
      createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
    }];
  });
}

/** Adds a support; false when this user already supported it. */
export async function insertSupport(db: Conn, proposalId: string, userId: string, processId: string): Promise<boolean> {
  const row = await db.insertInto('proposal_supports').values({ proposal_id: proposalId, user_id: userId, process_id: processId })
    .onConflict((oc) => oc.columns(['proposal_id', 'user_id']).doNothing())
    .returning('proposal_id').executeTakeFirst();
  return row !== undefined;
}

export async function deleteSupport(db: Conn, proposalId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('proposal_supports').where('proposal_id', '=', proposalId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
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
