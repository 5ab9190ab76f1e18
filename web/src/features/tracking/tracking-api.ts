// Public tracking as the web app calls it (shapes from shared/src/tracking.ts, types only).
import type { MilestoneUpdate, MilestoneUpdateBody, TrackingDashboard } from '@mesa/shared';
import type { Http } from '../../api/http.ts';

export type { MilestoneUpdate, TrackingDashboard } from '@mesa/shared';
export type TrackedCommitment = TrackingDashboard['commitments'][number];
export interface ImportReport { imported: number; rows: { row: number; milestoneId: string; commitmentReference: string; status: string; progress: number }[] }

const enc = encodeURIComponent;

export const trackingApi = {
  dashboard(api: Http, slug: string): Promise<TrackingDashboard> {
    return api.request('GET', `/api/processes/${enc(slug)}/tracking`);
  },
  postUpdate(api: Http, milestoneId: string, body: Partial<MilestoneUpdateBody>): Promise<MilestoneUpdate> {
    return api.request('PATCH', `/api/milestones/${enc(milestoneId)}`, body);
  },
  /** Sends the CSV file as it is (the same upload as the proposal import; the server reads it as it streams). */
  importCsv(api: Http, slug: string, csv: Blob | string): Promise<ImportReport> {
    return api.upload(`/api/processes/${enc(slug)}/progress-import`, csv, 'text/csv');
  },
  addNote(api: Http, updateId: string, body: string): Promise<unknown> {
    return api.request('POST', `/api/milestone-updates/${enc(updateId)}/notes`, { body });
  },
};
