// Processes as the web app calls them (shapes from shared/src/processes.ts, types only).
import type { CreateProcessBody, PhaseKind, Process } from '@mesa/shared';
import type { z } from 'zod';
import type { Http } from '../../api/http.ts';

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** A new process as the form sends it (the server fills in the defaults). */
export type NewProcess = z.input<typeof CreateProcessBody>;

const enc = encodeURIComponent;

export const processesApi = {
  list(api: Http, cursor?: string | null): Promise<Page<Process>> {
    const query = cursor ? `?cursor=${enc(cursor)}` : '';
    return api.request('GET', `/api/processes${query}`);
  },
  get(api: Http, slug: string): Promise<Process> {
    return api.request('GET', `/api/processes/${enc(slug)}`);
  },
  create(api: Http, input: NewProcess): Promise<Process> {
    return api.request('POST', '/api/processes', input);
  },
  openPhase(api: Http, slug: string, kind: PhaseKind): Promise<Process> {
    return api.request('POST', `/api/processes/${enc(slug)}/active-phase`, { kind });
  },
};
