// Comments and votes as the web app calls them (shapes from shared/src/comments.ts, types only).
import type { Comment } from '@mesa/shared';
import type { ALIGNMENTS, COMMENT_SORTS } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';

export type { Comment } from '@mesa/shared';
export type CommentSort = (typeof COMMENT_SORTS)[number];
export type Alignment = (typeof ALIGNMENTS)[number];

export interface VoteResult {
  upVotes: number;
  downVotes: number;
  myVote: number;
}

const enc = encodeURIComponent;

export const commentsApi = {
  list(api: Http, proposalId: string, sort: CommentSort): Promise<{ items: Comment[]; total: number }> {
    return api.request('GET', `/api/proposals/${enc(proposalId)}/comments?sort=${sort}`);
  },
  add(api: Http, proposalId: string, body: { body: string; parentId?: string; alignment?: Alignment }): Promise<Comment> {
    return api.request('POST', `/api/proposals/${enc(proposalId)}/comments`, body);
  },
  edit(api: Http, id: string, body: string): Promise<Comment> {
    return api.request('PATCH', `/api/comments/${enc(id)}`, { body });
  },
  remove(api: Http, id: string): Promise<unknown> {
    return api.request('DELETE', `/api/comments/${enc(id)}`);
  },
  vote(api: Http, id: string, value: 1 | -1 | 0): Promise<VoteResult> {
    return api.request('PUT', `/api/comments/${enc(id)}/vote`, { value });
  },
};
