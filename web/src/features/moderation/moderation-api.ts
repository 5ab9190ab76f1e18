// Reports and the moderation queue as the web app calls them.
import type { REPORT_REASONS } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';

export type ReportReason = (typeof REPORT_REASONS)[number];
export type ModerationTarget = 'proposals' | 'comments';

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

export const moderationApi = {
  report(api: Http, body: { targetType: ModerationTarget; targetId: string; reason: ReportReason; details?: string }): Promise<unknown> {
    return api.request('POST', '/api/reports', body);
  },
  queue(api: Http, slug: string): Promise<{ items: ModerationItem[] }> {
    return api.request('GET', `/api/processes/${enc(slug)}/moderation`);
  },
  setHidden(api: Http, targetType: ModerationTarget, id: string, hidden: boolean): Promise<unknown> {
    return api.request('POST', `/api/moderation/${targetType}/${enc(id)}/${hidden ? 'hide' : 'unhide'}`, {});
  },
};
