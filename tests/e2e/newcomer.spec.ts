import { expect, test } from '@playwright/test';
import { DEMO_TITLE } from './env.ts';
import { header, uniqueEmail } from './helpers.ts';

test('a newcomer signs up, signs out and in, and follows the demo process in Spanish', async ({ page }) => {
  const email = uniqueEmail('newcomer');
  const password = 'my long enough password';

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Co-creation processes' })).toBeVisible();

  // Sign up: signed in straight away.
  await header(page).getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveTitle(/Create an account/);
  await page.getByLabel('Display name').fill('Ada Newcomer');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(header(page)).toContainText('Signed in as Ada Newcomer');

  // Sign out.
  await header(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(header(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(header(page)).not.toContainText('Ada Newcomer');
  expect((await page.request.get('/api/me')).status()).toBe(401);

  // Sign in again.
  await header(page).getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(header(page)).toContainText('Signed in as Ada Newcomer');

  // Open the demo process from the list.
  await page.goto('/');
  await page.getByRole('link', { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/processes\/buenos-aires-2025$/);
  await expect(page.getByRole('heading', { level: 1, name: DEMO_TITLE })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Phase timeline' });
  await expect(timeline.getByRole('listitem')).toHaveCount(5);
  const open = timeline.locator('li[aria-current="step"]');
  await expect(open).toHaveCount(1);
  await expect(open).toContainText('Open call');
  await expect(open).toContainText('Open');
  await expect(page.getByRole('region', { name: 'What you can do now' })).toContainText('Submit your proposals');
  await expect(page.getByRole('region', { name: 'Record of changes' })).toContainText('Process created');

  // Switch to Spanish: the page follows at once.
  await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Español' });
  await expect(page.getByRole('heading', { name: 'Calendario de fases' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Calendario de fases' }).locator('li[aria-current="step"]')).toContainText('Convocatoria abierta');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');

  // After a reload Spanish is still there, and the account remembers it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Calendario de fases' })).toBeVisible();
  await expect(page.getByLabel('Idioma', { exact: true })).toHaveValue('es');
  const me = (await (await page.request.get('/api/me')).json()) as { locale: string };
  expect(me.locale).toBe('es');
});
