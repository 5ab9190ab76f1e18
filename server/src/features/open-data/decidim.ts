/**
 * Decidim open-data compatible CSVs (proposals, proposal_comments, results): Decidim's columns
 * in Decidim's order (decidim-columns.ts), filled from Mesa's records as docs/DECIDIM.md maps them.
 * Like Decidim's open data, only what the public sees: nothing hidden by moderation or deleted.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { reference } from '../proposals/rules.ts';
import type { ExportProcess } from './access.ts';
import type { CsvFile } from './csv.ts';
import { commentColumns, DECIDIM_LOCALES, proposalColumns, resultColumns } from './decidim-columns.ts';
import { commitmentProgress } from '../tracking/rules.ts';
import { decidimAlignment, decidimList, decidimProposalState, decidimTime, translated } from './decidim-rules.ts';
import { commentPages, proposalPages, type ProposalRow } from './repo.ts';

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

const fileOf = (name: string, columns: string[], pages: () => AsyncIterable<Row[]>): CsvFile<Row> => ({
  name, description: '', columns: columns.map((c) => ({ name: c, description: '', value: (r: Row) => r[c] })), pages,
});

export function decidimProposal(p: ProposalRow, process: ExportProcess, links: Links, locales: readonly string[] = DECIDIM_LOCALES): Row {
  const answered = p.answer_published_at !== null;
  return {
    id: p.id,
    'author/id': p.author_id,
    'author/name': p.author_name ?? p.organisation,
    'author/url': null,
    'taxonomies/id': decidimList([p.area, p.sector]),
    'taxonomies/name': decidimList([p.area, p.sector]),
    'participatory_space/id': process.id,
    'participatory_space/url': links.process,
    'component/id': process.id,
    ...translated('title', locales, p.lang, p.title),
    ...translated('body', locales, p.lang, p.body),
    state: decidimProposalState(p.state),
    state_published_at: answered && decidimProposalState(p.state) ? decidimTime(p.answer_published_at) : null,
    reference: reference(p.number),
    ...translated('answer', locales, process.language, answered ? p.answer_text : null),
    answered_at: decidimTime(p.answer_published_at),
    votes: p.supports_count,
    comments: p.comments_count,
    published_at: decidimTime(p.created_at),
    url: links.proposal(p.id),
    meeting_urls: '',
    related_proposals: p.merged_into ? links.proposal(p.merged_into) : '',
    is_amend: 'false',
    withdrawn: p.state === 'withdrawn' ? 'true' : 'false',
    created_at: decidimTime(p.created_at),
    updated_at: decidimTime(p.updated_at),
    created_in_meeting: 'false',
    coauthorships_count: 1,
  };
}

function proposalsFile(db: Db, process: ExportProcess, links: Links): CsvFile<Row> {
  return fileOf('proposals.csv', proposalColumns(), async function* () {
    for await (const page of proposalPages(db, process.id, true)) yield page.map((p) => decidimProposal(p, process, links));
  });
}

function commentsFile(db: Db, process: ExportProcess, links: Links): CsvFile<Row> {
  return fileOf('proposal_comments.csv', commentColumns(), async function* () {
    for await (const page of commentPages(db, process.id, 'proposals', true)) {
      yield page.filter((c) => c.target_hidden === false).map((c): Row => ({
        id: c.id,
        created_at: decidimTime(c.created_at),
        body: c.body,
        // Mesa does not record a comment's language: the proposal's process language stands in
        locale: process.language,
        'author/id': c.author_id,
        'author/name': c.author_name,
        alignment: decidimAlignment(c.alignment),
        // Decidim counts depth from 0 (a comment on the proposal itself); Mesa from 1
        depth: c.depth - 1,
        // a reply's commentable is the comment it answers
        commentable_id: c.parent_id ?? c.target_id,
        commentable_type: c.parent_id ? 'Decidim::Comments::Comment' : 'Decidim::Proposals::Proposal',
        root_commentable_url: links.proposal(c.target_id),
      }));
    }
  });
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

export function decidimFiles(db: Db, process: ExportProcess, base: string): CsvFile<Row>[] {
  const links = portalLinks(base, process);
  return [
    proposalsFile(db, process, links),
    commentsFile(db, process, links),
    fileOf('results.csv', resultColumns(), async function* () { yield await resultRows(db, process, links, DECIDIM_LOCALES); }),
  ];
}
