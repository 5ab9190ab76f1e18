import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { registerByApi } from './helpers.ts';

test('the Write / Preview tabs and the support button work from the keyboard', async ({ page }) => {
  await registerByApi(page.request, 'Keyboard User');
  await page.goto(`/processes/${DEMO_SLUG}/proposals/new`);
  const body = page.getByRole('textbox', { name: 'Your proposal' });
  await body.fill('Some _emphasis_.');
  const write = page.getByRole('tab', { name: 'Write' });
  await write.focus();
  await page.keyboard.press('ArrowRight');
  const preview = page.getByRole('tab', { name: 'Preview' });
  await expect(preview).toBeFocused();
  await expect(preview).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Preview' }).locator('em')).toHaveText('emphasis');
  await page.keyboard.press('Home');
  await expect(write).toBeFocused();
  await expect(body).toBeVisible();

  await page.goto(`/processes/${DEMO_SLUG}`);
  const card = page.locator('mesa-proposal-card').filter({ has: page.getByRole('button', { name: 'Support' }) }).nth(2);
  const button = card.getByRole('button', { name: 'Support' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(card.getByText('You no longer support this proposal.')).toBeVisible();
});
