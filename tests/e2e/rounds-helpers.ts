/** Set-up for the prioritisation and workshop journeys: a fresh process with proposals and forum members, through the API. */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './env.ts';
import { apiCall, registerByApi, submitByApi, type ProposalRef } from './helpers.ts';

/** Sign a request context (and so its browser context) in through the API. */
export async function loginByApi(request: APIRequestContext, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<void> {
  const { token } = (await (await request.get('/api/auth/csrf')).json()) as { token: string };
  const res = await request.post('/api/auth/login', { headers: { 'x-csrf-token': token }, data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
}

export interface Setup {
  slug: string;
  proposals: ProposalRef[];
}

/**
 * A new process whose open call takes `titles` as proposals (submitted by the admin), then moved to
 * prioritisation. `admin` must be signed in as the admin.
 */
export async function processInPrioritisation(admin: APIRequestContext, titles: string[]): Promise<Setup> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `prio-${suffix}`;
  const day = 86_400_000;
  const now = Date.now();
  await apiCall(admin, 'POST', '/api/processes', {
    slug,
    title: `Prioritisation journey ${suffix}`,
    description: 'A process made by the end-to-end journeys.',
    phases: [
      { kind: 'open-call', startsAt: new Date(now - 10 * day).toISOString(), endsAt: new Date(now - day).toISOString() },
      { kind: 'prioritisation', startsAt: new Date(now - day).toISOString(), endsAt: new Date(now + 10 * day).toISOString() },
    ],
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposals: ProposalRef[] = [];
  for (const title of titles) {
    proposals.push(await submitByApi(admin, slug, { title, body: `${title}. Publish it, keep it up to date, and report on it every quarter.` }));
  }
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  return { slug, proposals };
}

/** Register someone in `page`'s context and make them a forum member of the process. */
export async function forumMember(admin: APIRequestContext, page: Page, slug: string, name: string, sector = 'civil-society'): Promise<{ id: string }> {
  await registerByApi(page.request, name);
  const me = (await (await page.request.get('/api/me')).json()) as { id: string };
  await apiCall(admin, 'POST', `/api/processes/${slug}/members`, { userId: me.id, role: 'forum-member', sector });
  return me;
}

/** Press Tab until the focused element matches `selector` (fails after `max` presses). */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
