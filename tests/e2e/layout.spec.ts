import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';

test.describe('at 360 px wide', () => {
  test.use({ viewport: { width: 360, height: 780 } });

  for (const [path, heading] of [
    [`/processes/${DEMO_SLUG}`, /Quatrième Plan/],
    ['/', 'Co-creation processes'],
    ['/signup', 'Create an account'],
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
});
