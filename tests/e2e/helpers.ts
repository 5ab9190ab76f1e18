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
