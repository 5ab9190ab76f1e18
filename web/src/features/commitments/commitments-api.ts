// Commitments as the web app calls them (shapes from shared/src/commitments.ts, types only).
import type { Comment, Commitment, CommitmentReport as SharedReport, CommentResponse as SharedResponse, CommitmentVersion, ConsultationSummary as SharedSummary, FieldDiff, PatchCommitmentBody, PolicyArea, Proposal, TextField } from '@mesa/shared';
import type { z } from 'zod';
import { MAX_FIELD_CHARS, RESPONSE_OUTCOMES, TEXT_FIELDS } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';

export type { Commitment, TextField } from '@mesa/shared';
export type Version = z.infer<typeof CommitmentVersion>;
export type Diff = z.infer<typeof FieldDiff>;
export type CommitmentPatch = z.input<typeof PatchCommitmentBody>;
export type MilestoneRow = Commitment['milestones'][number];

export { MAX_FIELD_CHARS, RESPONSE_OUTCOMES as OUTCOMES, TEXT_FIELDS };
export type Outcome = (typeof RESPONSE_OUTCOMES)[number];
export type Stance = 'agree' | 'disagree';

/** The drafting team's reasoned reply to a consultation comment. */
export interface CommentResponse {
  outcome: Outcome;
  text: string;
  versionId: string | null;
  versionLabel: string | null;
  authorName: string | null;
  respondedAt: string;
}

/** A consultation comment: a comment on a commitment's section, maybe on a passage, and once answered the drafting team's reply. */
export type ConsultationComment = Comment & {
  response?: CommentResponse | null;
  /** The quoted passage is no longer in the section: the comment was made on an earlier text. */
  onEarlierVersion?: boolean;
  /** That earlier text of the section. */
  earlierText?: string;
};

/** Where a commitment's consultation stands, as the reader sees it (the commitment's `consultation`). */
export interface ConsultationSummary {
  closesAt: string | null;
  /** Taking comments and stances now. */
  open: boolean;
  versionId: string | null;
  comments: number;
  unanswered: number;
  stances: Record<string, { agree: number; disagree: number }>;
  myStances: Record<string, Stance>;
  followers: number;
  following: boolean;
}

/** A commitment as the API sends it, with its consultation summary. */
export type PublicCommitment = Commitment & { consultation?: ConsultationSummary };

export interface QueueItem {
  commitmentId: string;
  reference: string;
  title: string;
  comment: ConsultationComment;
}

export interface CommitmentReport {
  id: string;
  reference: string;
  title: string;
  closesAt: string | null;
  comments: number;
  answered: number;
  answeredShare: number;
  outcomes: Record<Outcome, number>;
  sections: Array<{ field: string; comments: number; answered: number; agree: number; disagree: number }>;
  changes: {
    from: { id: string; label: string } | null;
    to: { id: string; label: string } | null;
    fields: Array<{ field: string; insertedWords: number; deletedWords: number }>;
  };
}

/** Compiles only when A and B are the same type: the shapes above are shared's, written out for the web. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<ConsultationSummary, SharedSummary>,
  Same<CommentResponse, z.infer<typeof SharedResponse>>,
  Same<CommitmentReport, z.infer<typeof SharedReport>>,
] = [true, true, true];
void sameShapes;

const enc = encodeURIComponent;

export const commitmentsApi = {
  list(api: Http, slug: string): Promise<{ items: Commitment[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/commitments`);
  },
  create(api: Http, slug: string, body: { title: string; sourceProposalIds: string[]; area: PolicyArea; leadInstitution?: string }): Promise<Commitment> {
    return api.request('POST', `/api/processes/${enc(slug)}/commitments`, body);
  },
  get(api: Http, id: string): Promise<PublicCommitment> {
    return api.request('GET', `/api/commitments/${enc(id)}`);
  },
  patch(api: Http, id: string, body: CommitmentPatch): Promise<Commitment> {
    return api.request('PATCH', `/api/commitments/${enc(id)}`, body);
  },
  versions(api: Http, id: string): Promise<{ items: Version[] }> {
    return api.request('GET', `/api/commitments/${enc(id)}/versions`);
  },
  nameVersion(api: Http, id: string, label: string): Promise<Version> {
    return api.request('POST', `/api/commitments/${enc(id)}/versions`, { label });
  },
  diff(api: Http, id: string, from: string, to: string): Promise<{ items: Diff[] }> {
    return api.request('GET', `/api/commitments/${enc(id)}/diff?from=${enc(from)}&to=${enc(to)}`);
  },
  /** Proposals of the process selected for drafting (the list has no filter for it: pages of 100, at most 10). */
  async selectedProposals(api: Http, slug: string): Promise<Proposal[]> {
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
  comments(api: Http, id: string): Promise<{ items: ConsultationComment[]; total: number }> {
    return api.request('GET', `/api/commitments/${enc(id)}/comments?sort=oldest`);
  },
  comment(api: Http, id: string, body: { body: string; parentId?: string; anchor?: { field: string; quote?: string } }): Promise<ConsultationComment> {
    return api.request('POST', `/api/commitments/${enc(id)}/comments`, body);
  },
  respond(api: Http, commentId: string, body: { outcome: Outcome; text: string; versionId?: string }): Promise<ConsultationComment> {
    return api.request('POST', `/api/comments/${enc(commentId)}/response`, body);
  },
  stance(api: Http, id: string, field: string, stance: Stance | null): Promise<{ field: string; stance: Stance | null; agree: number; disagree: number }> {
    return api.request('PUT', `/api/commitments/${enc(id)}/stances/${enc(field)}`, { stance });
  },
  follow(api: Http, id: string, following: boolean): Promise<{ following: boolean; followers: number }> {
    return api.request(following ? 'PUT' : 'DELETE', `/api/commitments/${enc(id)}/follow`);
  },
  publish(api: Http, slug: string, body: { closesAt: string; commitmentIds?: string[] }): Promise<{ closesAt: string; items: Array<{ id: string; reference: string; versionId: string | null }> }> {
    return api.request('POST', `/api/processes/${enc(slug)}/consultation`, body);
  },
  replyQueue(api: Http, slug: string, commitmentId?: string): Promise<{ items: QueueItem[]; unanswered: number }> {
    return api.request('GET', `/api/processes/${enc(slug)}/reply-queue${commitmentId ? `?commitmentId=${enc(commitmentId)}` : ''}`);
  },
  report(api: Http, id: string): Promise<CommitmentReport> {
    return api.request('GET', `/api/commitments/${enc(id)}/consultation-report`);
  },
};

export const commitmentPath = (id: string) => `/commitments/${enc(id)}`;
export const editorPath = (id: string) => `/commitments/${enc(id)}/edit`;
export const repliesPath = (id: string) => `/commitments/${enc(id)}/replies`;
