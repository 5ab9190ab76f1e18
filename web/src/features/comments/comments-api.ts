// Comments, votes, reports and the moderation queue as the web app calls them.
import type { Comment } from '@mesa/shared';
import type { ApiClient } from './client.ts';

export type { Comment } from '@mesa/shared';
export type CommentSort = 'oldest' | 'newest' | 'best';
export type Alignment = 'for' | 'against' | 'neutral';
export type ReportReason = 'spam' | 'offensive' | 'off-topic' | 'other';
export type ModerationTarget = 'proposals' | 'comments';

export interface VoteResult {
  upVotes: number;
  downVotes: number;
  myVote: number;
}

export interface ModerationItem {
  targetType: ModerationTarget;
  targetId: string;
  /** The proposal the content belongs to, for linking. */
  proposalId: string | null;
  /** The commitment a reported consultation comment belongs to, for linking. */
  commitmentId?: string | null;
  excerpt: string;
  reportsCount: number;
  reasons: Record<string, number>;
  hidden: boolean;
  /** A reported comment its author has since deleted. */
  deleted?: boolean;
  lastReportedAt: string;
}

const enc = encodeURIComponent;

export const commentsApi = {
  list(api: ApiClient, proposalId: string, sort: CommentSort): Promise<{ items: Comment[]; total: number }> {
    return api.request('GET', `/api/proposals/${enc(proposalId)}/comments?sort=${sort}`);
  },
  add(api: ApiClient, proposalId: string, body: { body: string; parentId?: string; alignment?: Alignment }): Promise<Comment> {
    return api.request('POST', `/api/proposals/${enc(proposalId)}/comments`, body);
  },
  edit(api: ApiClient, id: string, body: string): Promise<Comment> {
    return api.request('PATCH', `/api/comments/${enc(id)}`, { body });
  },
  remove(api: ApiClient, id: string): Promise<unknown> {
    return api.request('DELETE', `/api/comments/${enc(id)}`);
  },
  vote(api: ApiClient, id: string, value: 1 | -1 | 0): Promise<VoteResult> {
    return api.request('PUT', `/api/comments/${enc(id)}/vote`, { value });
  },
};

export const moderationApi = {
  report(api: ApiClient, body: { targetType: ModerationTarget; targetId: string; reason: ReportReason; details?: string }): Promise<unknown> {
    return api.request('POST', '/api/reports', body);
  },
  queue(api: ApiClient, slug: string): Promise<{ items: ModerationItem[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/moderation`);
  },
  setHidden(api: ApiClient, targetType: ModerationTarget, id: string, hidden: boolean): Promise<unknown> {
    return api.request('POST', `/api/moderation/${targetType}/${enc(id)}/${hidden ? 'hide' : 'unhide'}`, {});
  },
};
