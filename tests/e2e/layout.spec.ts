import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { registerByApi } from './helpers.ts';

test.describe('at 360 px wide', () => {
  test.use({ viewport: { width: 360, height: 780 } });

  for (const [path, heading] of [
    [`/processes/${DEMO_SLUG}`, /Quatrième Plan/],
    ['/', 'Co-creation processes'],
    ['/signup', 'Create an account'],
    [`/processes/${DEMO_SLUG}/proposals`, 'Proposals'],
  ] as const) {
    test(`${path} has no horizontal scroll`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
    });
  }

  test('the process page still reads in Spanish without horizontal scroll', async ({ page }) => {
    await page.goto(`/processes/${DEMO_SLUG}`);
    await page.getByLabel('Language', { exact: true }).selectOption('es');
    await expect(page.getByRole('heading', { name: 'Calendario de fases' })).toBeVisible();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test('a proposal page and the submission form have no horizontal scroll', async ({ page }) => {
    await registerByApi(page.request, 'Narrow Screen');
    const res = await page.request.get(`/api/processes/${DEMO_SLUG}/proposals?limit=1&sort=comments`);
    const { items } = (await res.json()) as { items: Array<{ id: string; title: string }> };
    await page.goto(`/proposals/${items[0]!.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Comments/ })).toBeVisible();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto(`/processes/${DEMO_SLUG}/proposals/new`);
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
