// Commitments as the web app calls them (shapes from shared/src/commitments.ts, types only).
import type { Comment, Commitment, CommitmentVersion, FieldDiff, PatchCommitmentBody, PolicyArea, Proposal, TextField } from '@mesa/shared';
import type { z } from 'zod';
import type { ApiClient } from '../../api/client.ts';

export type { Commitment, TextField } from '@mesa/shared';
export type Version = z.infer<typeof CommitmentVersion>;
export type Diff = z.infer<typeof FieldDiff>;
export type CommitmentPatch = z.input<typeof PatchCommitmentBody>;
export type MilestoneRow = Commitment['milestones'][number];

/** Compiles only when the list holds every member of T. */
type Complete<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : never;
const fields = [
  'problem', 'causes', 'statusQuo', 'description', 'expectedResults', 'howItSolves',
  'relevanceTransparency', 'relevanceParticipation', 'relevanceAccountability', 'relevanceTechnology',
] as const satisfies readonly TextField[];
/** The template's long text fields, in the order of the OGP template (as shared's TEXT_FIELDS). */
export const TEXT_FIELDS: Complete<TextField, typeof fields> = fields;
export const MAX_FIELD_CHARS = 20_000;

/** A consultation comment: a comment on a commitment with its anchor and, once answered, the drafting team's reply. */
export type ConsultationComment = Comment & {
  response?: { outcome: Outcome; text: string; versionId?: string | null; answeredAt?: string; authorName?: string | null } | null;
  /** The quoted passage is no longer in the section: the comment was made on an earlier text. */
  onEarlierVersion?: boolean;
  /** That earlier text of the section, when the server gives it. */
  earlierText?: string | null;
  earlierVersion?: { label?: string; text?: string } | null;
};
export const OUTCOMES = ['accepted', 'partially', 'not-accepted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const enc = encodeURIComponent;

export const commitmentsApi = {
  list(api: ApiClient, slug: string): Promise<{ items: Commitment[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/commitments`);
  },
  create(api: ApiClient, slug: string, body: { title: string; sourceProposalIds: string[]; area: PolicyArea; leadInstitution?: string }): Promise<Commitment> {
    return api.request('POST', `/api/processes/${enc(slug)}/commitments`, body);
  },
  get(api: ApiClient, id: string): Promise<Commitment> {
    return api.request('GET', `/api/commitments/${enc(id)}`);
  },
  patch(api: ApiClient, id: string, body: CommitmentPatch): Promise<Commitment> {
    return api.request('PATCH', `/api/commitments/${enc(id)}`, body);
  },
  versions(api: ApiClient, id: string): Promise<{ items: Version[] }> {
    return api.request('GET', `/api/commitments/${enc(id)}/versions`);
  },
  nameVersion(api: ApiClient, id: string, label: string): Promise<Version> {
    return api.request('POST', `/api/commitments/${enc(id)}/versions`, { label });
  },
  diff(api: ApiClient, id: string, from: string, to: string): Promise<{ items: Diff[] }> {
    return api.request('GET', `/api/commitments/${enc(id)}/diff?from=${enc(from)}&to=${enc(to)}`);
  },
  /** Proposals of the process selected for drafting (the list has no filter for it: pages of 100, at most 10). */
  async selectedProposals(api: ApiClient, slug: string): Promise<Proposal[]> {
    const out: Proposal[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const q: string = cursor ? `&cursor=${enc(cursor)}` : '';
      const res: { items: Proposal[]; nextCursor?: string | null } = await api.request('GET', `/api/processes/${enc(slug)}/proposals?limit=100&sort=recent${q}`);
      out.push(...res.items.filter((p) => p.selectedForDrafting));
      cursor = res.nextCursor ?? null;
      if (!cursor) break;
    }
    return out;
  },
  comments(api: ApiClient, id: string): Promise<{ items: ConsultationComment[]; total: number }> {
    return api.request('GET', `/api/commitments/${enc(id)}/comments?sort=oldest`);
  },
  comment(api: ApiClient, id: string, body: { body: string; parentId?: string; anchor?: { field: string; quote?: string } }): Promise<ConsultationComment> {
    return api.request('POST', `/api/commitments/${enc(id)}/comments`, body);
  },
  respond(api: ApiClient, commentId: string, body: { outcome: Outcome; text: string }): Promise<unknown> {
    return api.request('POST', `/api/comments/${enc(commentId)}/response`, body);
  },
};

export const commitmentPath = (id: string) => `/commitments/${enc(id)}`;
export const editorPath = (id: string) => `/commitments/${enc(id)}/edit`;
export const repliesPath = (id: string) => `/commitments/${enc(id)}/replies`;
