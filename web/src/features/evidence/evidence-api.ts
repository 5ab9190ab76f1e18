// The evidence report and its records as the web app calls them (shapes from shared/src/evidence.ts, types only).
import type { EvidenceReport, Meeting, MeetingBody, ParticipantProfile } from '@mesa/shared';
import type { Http } from '../../api/http.ts';

export type { EvidenceReport, Meeting, ParticipantProfile } from '@mesa/shared';
export type Standard = EvidenceReport['standards'][number];

const enc = encodeURIComponent;

export const evidenceApi = {
  report(api: Http, slug: string): Promise<EvidenceReport> {
    return api.request('GET', `/api/processes/${enc(slug)}/evidence`);
  },
  addMeeting(api: Http, slug: string, body: Partial<MeetingBody>): Promise<Meeting> {
    return api.request('POST', `/api/processes/${enc(slug)}/meetings`, body);
  },
  removeMeeting(api: Http, slug: string, id: string): Promise<void> {
    return api.request('DELETE', `/api/processes/${enc(slug)}/meetings/${enc(id)}`);
  },
  saveReported(api: Http, slug: string, body: { inputsReported: number | null; note: string }): Promise<unknown> {
    return api.request('PUT', `/api/processes/${enc(slug)}/reported-figures`, body);
  },
  profile(api: Http): Promise<ParticipantProfile> {
    return api.request('GET', '/api/me/profile');
  },
  saveProfile(api: Http, body: Partial<ParticipantProfile>): Promise<ParticipantProfile> {
    return api.request('PUT', '/api/me/profile', body);
  },
};
