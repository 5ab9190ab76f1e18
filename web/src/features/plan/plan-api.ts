/** Calls of the plan pages: metadata, adoption, endorsements, exports (downloads with progress). */
import type { Commitment, Endorsement, ExportFormat, Locale, Plan, PlanMetaInput } from '@mesa/shared';
import type { Http } from '../../api/http.ts';

const base = (slug: string) => `/api/processes/${encodeURIComponent(slug)}`;

export interface EndorsementList { items: Endorsement[]; mine: Endorsement | null }
export type EndorseInput = { organisation: string; representative: string; role: string; statement: string };

export const planApi = {
  plan: (api: Http, slug: string) => api.request<Plan>('GET', `${base(slug)}/plan`),
  save: (api: Http, slug: string, body: PlanMetaInput) => api.request<Plan>('PUT', `${base(slug)}/plan`, body),
  adopt: (api: Http, slug: string) => api.request<Plan>('POST', `${base(slug)}/adopt`),
  commitments: (api: Http, slug: string) => api.request<{ items: Commitment[] }>('GET', `${base(slug)}/commitments`),
  endorsements: (api: Http, slug: string, status: 'confirmed' | 'pending' = 'confirmed') =>
    api.request<EndorsementList>('GET', `${base(slug)}/endorsements?status=${status}`),
  endorse: (api: Http, slug: string, body: EndorseInput) => api.request<Endorsement>('POST', `${base(slug)}/endorsements`, body),
  withdraw: (api: Http, id: string) => api.request<void>('DELETE', `/api/endorsements/${encodeURIComponent(id)}`),
  review: (api: Http, id: string, action: 'confirm' | 'reject') => api.request<Endorsement>('POST', `/api/endorsements/${encodeURIComponent(id)}/${action}`),
};

export interface ExportChoice { format: ExportFormat; table?: 'commitments' | 'milestones' }
export const EXPORT_CHOICES: ExportChoice[] = [
  { format: 'pdf' }, { format: 'docx' }, { format: 'json' }, { format: 'csv', table: 'commitments' }, { format: 'csv', table: 'milestones' },
];

export function exportUrl(slug: string, choice: ExportChoice, lang: Locale): string {
  const q = new URLSearchParams({ format: choice.format, lang });
  if (choice.table) q.set('table', choice.table);
  return `${base(slug)}/export?${q}`;
}

export function exportFileName(slug: string, choice: ExportChoice, lang: Locale): string {
  if (choice.format === 'json') return `${slug}-plan.json`;
  if (choice.format === 'csv') return `${slug}-plan-${choice.table ?? 'commitments'}.csv`;
  return `${slug}-plan-${lang}.${choice.format}`;
}

/**
 * Fetches an export and reports the bytes received while the server still builds it, then hands
 * the file to the browser.
 */
export async function downloadWithProgress(api: Http, url: string, fileName: string, onProgress: (received: number, total: number | null) => void, signal?: AbortSignal): Promise<number> {
  const blob = await api.download(url, onProgress, signal);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return blob.size;
}

/** 1234567 → "1.2 MB" in the reader's language. */
export function formatBytes(n: number, lang: Locale): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}
