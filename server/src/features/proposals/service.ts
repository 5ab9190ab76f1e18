/** Open call intents of residents: submit, edit, withdraw, support. */
import { type CreateProposalBody, type PhaseKind, type Proposal, type ProposalState } from '@mesa/shared';
import type { Db, Trx } from '../../db/database.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { requireProcess } from '../processes/service.ts';
import {
  changeSupport, findProposalRow, hasSupportOrComment, idsInProcess, insertProposals, liveSupports, proposalViews, replaceSelection, reserveNumbers,
} from './repo.ts';
import { canEdit, searchText, supportProblem, reference } from './rules.ts';
import type { SupportBatcher } from './support-batch.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { sql } from 'kysely';

export async function submitProposal(db: Db, slug: string, body: CreateProposalBody, user: SessionUser): Promise<Proposal> {
  const id = await db.transaction().execute(async (trx) => {
    const process = await requireProcess(trx, slug, ['id', 'active_phase', 'language']);
    assertPhaseOpen({ activePhase: process.active_phase as PhaseKind | null }, 'submit-proposal');
    const first = await reserveNumbers(trx, process.id, 1);
    const [newId] = await insertProposals(trx, process.id, user.id, [{
      title: body.title, body: body.body, area: body.area, sector: body.sector,
      organisation: body.organisation ?? null, lang: body.lang ?? user.locale, externalRef: null,
    }], first);
    return newId!;
  });
  return (await proposalViews(db, [id], user.id))[0]!;
}

/** Loads a proposal or answers 404; hidden ones exist only for admins. */
export async function visibleProposal(db: Db, id: string, user: SessionUser | null, lock = false, conn: Db | Parameters<typeof findProposalRow>[0] = db) {
  const row = await findProposalRow(conn, id, lock);
  if (!row || (row.hidden && !user?.isAdmin)) throw problem.notFound('proposal');
  return row;
}

export async function editProposal(db: Db, id: string, changes: { title?: string; body?: string; area?: string; organisation?: string | null }, user: SessionUser) {
  await db.transaction().execute(async (trx) => {
    // FOR UPDATE waits for supports being added (they hold a key-share lock through the foreign key).
    const row = await visibleProposal(db, id, user, true, trx);
    if (row.author_id !== user.id) throw problem.notAllowed('author-only');
    assertPhaseOpen({ activePhase: row.active_phase as PhaseKind | null }, 'edit-proposal');
    const supports = (await hasSupportOrComment(trx, id)) ? 1 : 0;
    if (!canEdit({ authorId: row.author_id, state: row.state as ProposalState, supports, commentsCount: row.comments_count }, user.id, 'open-call')) {
      throw new ProblemError(409, 'conflict', 'proposal-not-editable');
    }
    const title = changes.title ?? row.title;
    const body = changes.body ?? row.body;
    const organisation = changes.organisation === undefined ? row.organisation : changes.organisation;
    await trx.updateTable('proposals').set({
      title, body, body_html: renderMarkdown(body), organisation, ...(changes.area ? { area: changes.area } : {}),
      search_text: searchText({ title, body, organisation, reference: reference(row.number), externalRef: row.external_ref }),
      updated_at: sql`clock_timestamp()`,
    }).where('id', '=', id).execute();
  });
  return (await proposalViews(db, [id], user.id))[0]!;
}

export async function withdrawProposal(db: Db, id: string, user: SessionUser) {
  const row = await visibleProposal(db, id, user);
  if (row.author_id !== user.id) throw problem.notAllowed('author-only');
  assertPhaseOpen({ activePhase: row.active_phase as PhaseKind | null }, 'edit-proposal');
  if (!['submitted', 'evaluating'].includes(row.state)) throw new ProblemError(409, 'conflict', 'proposal-not-withdrawable');
  await db.updateTable('proposals').set({ state: 'withdrawn', updated_at: sql`clock_timestamp()` }).where('id', '=', id).execute();
  return { processId: row.process_id, slug: row.slug, proposal: (await proposalViews(db, [id], user.id))[0]! };
}

/**
 * Adds (or, with `on` false, withdraws) the user's support; idempotent either way. One statement
 * when it changes something (`changeSupport`); a refusal is explained in the order the rules
 * apply: unknown or hidden 404, phase 409 `phase-closed`, state 409 `proposal-not-supportable`.
 * Additions go through `batcher` when given (support-batch.ts: the same statement for many).
 */
export async function setSupport(db: Db, id: string, user: SessionUser, on: boolean, batcher?: SupportBatcher) {
  const out = on && batcher
    ? await batcher.add(id, user.id)
    : await changeSupport(db, id, user.id, on, user.isAdmin);
  const row = out.target;
  if (!row || (row.hidden && !user.isAdmin)) throw problem.notFound('proposal');
  let supports = out.supports;
  if (!out.changed) {
    assertPhaseOpen({ activePhase: row.activePhase as PhaseKind | null }, 'support-proposal');
    if (on && supportProblem({ state: row.state as ProposalState, hidden: row.hidden })) throw new ProblemError(409, 'conflict', 'proposal-not-supportable');
    // Nothing to do (already so): count again, after whatever change this statement waited for.
    supports = (await liveSupports(db, [id])).get(id) ?? 0;
  }
  return { changed: out.changed, processId: row.processId, result: { proposalId: id, supports, supportedByMe: on } };
}

/** Reads other features check their input against (rounds' items, commitments' sources). */
export { idsInPlay, idsInProcess, selectedIdsIn } from './repo.ts';

/**
 * Prioritisation's outcome: exactly `ids` become the proposals selected for drafting, in the
 * caller's transaction; a 400 unless every one is a proposal of the process.
 */
export async function selectForDrafting(trx: Trx, processId: string, ids: string[]) {
  if ((await idsInProcess(trx, processId, ids)).length !== ids.length) {
    throw problem.validation([{ path: 'body.proposalIds', message: 'every proposal must belong to this process' }]);
  }
  await replaceSelection(trx, processId, ids);
}
