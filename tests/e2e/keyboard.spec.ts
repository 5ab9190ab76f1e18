import { expect, test, type Page } from '@playwright/test';

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const style = el ? getComputedStyle(el) : null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      text: el?.textContent?.trim() ?? '',
      label: el instanceof HTMLSelectElement ? (el.labels?.[0]?.textContent?.trim() ?? '') : '',
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });

test('Tab reaches the skip link first, and it moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const first = await focused(page);
  expect(first.text).toBe('Skip to main content');
  expect(first.outline).not.toMatch(/^none/);
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeInViewport();
  await page.keyboard.press('Enter');
  expect((await focused(page)).id).toBe('main');
});

test('the language switcher is reachable and usable with the keyboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  let found = false;
  for (let i = 0; i < 15 && !found; i += 1) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (el.tag === 'select' && el.label === 'Language') {
      found = true;
      expect(el.outline).not.toMatch(/^none/);
    }
  }
  expect(found, 'Tab reaches the language switcher').toBe(true);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Procesos de co-creación' })).toBeVisible();
});
