import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** An e-mail address no earlier run has used. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

/** The site header (banner landmark). */
export const header = (page: Page) => page.getByRole('banner');

/** Sign in through the form and wait until the header shows it. */
export async function signIn(page: Page, email: string, password: string, next = ''): Promise<void> {
  await page.goto(next ? `/signin?next=${encodeURIComponent(next)}` : '/signin');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(header(page).getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Create an account through the API (the browser context gets the session cookie). */
export async function registerByApi(request: APIRequestContext, displayName: string): Promise<{ email: string; password: string }> {
  const email = uniqueEmail('api');
  const password = 'a-perfectly-long-password';
  const { token } = (await (await request.get('/api/auth/csrf')).json()) as { token: string };
  const res = await request.post('/api/auth/register', {
    headers: { 'x-csrf-token': token },
    data: { email, password, displayName },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { email, password };
}

/** A state-changing API call with the context's session and CSRF token; fails the test on an unexpected status. */
export async function apiCall<T = unknown>(
  request: APIRequestContext,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<T> {
  const { token } = (await (await request.get('/api/auth/csrf')).json()) as { token: string };
  const res = await request.fetch(path, { method, headers: { 'x-csrf-token': token }, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface ProposalRef {
  id: string;
  reference: string;
  title: string;
}

/** Submit a proposal to the demo process through the API (the context must be signed in). */
export async function submitByApi(request: APIRequestContext, slug: string, fields: Partial<{ title: string; body: string; area: string; sector: string }> = {}): Promise<ProposalRef> {
  const suffix = Math.random().toString(36).slice(2, 8);
  return apiCall<ProposalRef>(request, 'POST', `/api/processes/${slug}/proposals`, {
    title: `Open data on school meals ${suffix}`,
    body: 'Publish what every school spends on meals, every month, as open data.',
    area: 'fiscal-openness',
    sector: 'resident',
    ...fields,
  });
}

/** The app-wide polite live region (confirmations of the reader's own actions). */
export const announcer = (page: Page) => page.locator('mesa-app > [aria-live="polite"]');
