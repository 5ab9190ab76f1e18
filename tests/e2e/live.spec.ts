import { expect, test, type Page } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { registerByApi } from './helpers.ts';

/** The process page with its proposal list loaded and the room joined. */
async function openLive(page: Page): Promise<void> {
  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(page.locator('mesa-proposal-card').first()).toBeVisible();
  await expect(page.getByText('Live: changes appear as they happen').first()).toBeVisible();
}

test('two people on the same process page: one submits and supports, the other sees both within a second', async ({ browser }) => {
  const author = await browser.newContext();
  const watcher = await browser.newContext();
  const a = await author.newPage();
  const b = await watcher.newPage();
  await registerByApi(a.request, 'Ana Author');

  await Promise.all([openLive(a), openLive(b)]);
  const watched = b.getByRole('region', { name: 'Proposals' });
  const before = Number((await watched.getByText(/^Proposals: \d+$/).innerText()).replace(/\D+/g, ''));
  // The proposal that A will support: the newest one that can be supported (references are unique).
  const supportable = a.locator('mesa-proposal-card').filter({ has: a.getByRole('button', { name: 'Support' }) });
  const target = (await supportable.first().locator('.proposal-card__ref').innerText()).trim();

  // A submits a proposal through the form.
  const title = `Live budget hearings in every district ${Date.now().toString(36)}`;
  await a.getByRole('link', { name: 'Submit a proposal' }).click();
  await a.getByLabel('Title', { exact: true }).fill(title);
  await a.getByRole('textbox', { name: 'Your proposal' }).fill('Hold the budget hearings in each district and stream them.');
  await a.getByLabel('Policy area').selectOption('fiscal-openness');
  await a.getByLabel('You are proposing as').selectOption('civil-society');
  await a.getByRole('button', { name: 'Submit proposal' }).click();
  await expect(a.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // B sees it at the top of the recent list, without reloading, within a second.
  await expect(b.locator('mesa-proposal-card').first()).toContainText(title, { timeout: 1000 });
  await expect(watched.getByText(`Proposals: ${before + 1}`)).toBeVisible({ timeout: 1000 });
  await expect(b.locator('[data-live-updates]').first()).toContainText(`New proposal: ${title}`, { timeout: 5000 });

  // A supports another proposal from the list.
  await a.locator('.breadcrumb a').click();
  const card = a.locator('mesa-proposal-card').filter({ hasText: target });
  await card.getByRole('button', { name: 'Support' }).click();
  await expect(card.getByRole('button', { name: 'Support' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByText('You support this proposal.')).toBeVisible();
  const supports = (await card.locator('.support__count').innerText()).trim();

  // B sees the new count in place, within a second; its own button is not pressed.
  const seen = b.locator('mesa-proposal-card').filter({ hasText: target });
  await expect(seen.locator('.support__count')).toHaveText(supports, { timeout: 1000 });

  await author.close();
  await watcher.close();
});
