import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { announcer, header, registerByApi, uniqueEmail } from './helpers.ts';

test('a resident signs up, submits a proposal with a preview, finds it in the list and supports another', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const title = `Publish the city's contracts as open data ${suffix}`;

  // Sign up.
  await page.goto('/signup');
  await page.getByLabel('Display name').fill('Rosa Resident');
  await page.getByLabel('Email address').fill(uniqueEmail('resident'));
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(header(page)).toContainText('Signed in as Rosa Resident');

  // From the process page to the form.
  await page.goto(`/processes/${DEMO_SLUG}`);
  const proposals = page.getByRole('region', { name: 'Proposals' });
  await expect(proposals.locator('mesa-proposal-card').first()).toBeVisible();
  const count = async (label: string) => Number((await proposals.getByText(new RegExp(`^${label}: \\d+$`)).innerText()).replace(/\D+/g, ''));
  const total = await count('Proposals');
  const unanswered = await count('Still without an answer');
  expect(total).toBeGreaterThanOrEqual(60);
  await proposals.getByRole('link', { name: 'Submit a proposal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Submit a proposal' })).toBeVisible();

  // The form checks before sending, in words, on the fields.
  await page.getByRole('button', { name: 'Submit proposal' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(summary).toBeFocused();
  await expect(page.getByLabel('Title', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Choose a policy area.').first()).toBeVisible();

  // A live count under the title.
  await page.getByLabel('Title', { exact: true }).fill(title);
  await expect(page.getByText(`${title.length} of 150 characters`)).toBeVisible();
  await page.getByRole('textbox', { name: 'Your proposal' }).fill('Every **contract** above 10,000 pesos, published within a week:\n\n- the supplier\n- the amount');

  // Preview, rendered by the server.
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByRole('tab', { name: 'Preview' })).toHaveAttribute('aria-selected', 'true');
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await expect(preview.locator('strong')).toHaveText('contract');
  await expect(preview.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('tab', { name: 'Write' }).click();
  await expect(page.getByRole('textbox', { name: 'Your proposal' })).toBeVisible();

  await page.getByLabel('Policy area').selectOption({ label: 'Fiscal openness' });
  await page.getByLabel('You are proposing as').selectOption({ label: 'Resident' });
  await page.getByRole('button', { name: 'Submit proposal' }).click();

  // The proposal's own page.
  await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.proposal__body strong')).toHaveText('contract');
  await expect(announcer(page)).toContainText('submitted');
  await expect(page.getByRole('link', { name: 'Edit proposal' })).toBeVisible();

  // Back to the list: it is first among the most recent.
  await page.locator('.breadcrumb a').click();
  const list = page.getByRole('region', { name: 'Proposals' });
  await expect(list.getByText(`Proposals: ${total + 1}`)).toBeVisible();
  await expect(list.getByText(`Still without an answer: ${unanswered + 1}`)).toBeVisible();
  const cards = list.locator('mesa-proposal-card');
  await expect(cards.first()).toContainText(title);

  // Support another one: pressed at once, counted, confirmed and announced.
  // The next one that can be supported (withdrawn and merged proposals have no button).
  const supportable = (root: typeof list) => root.locator('mesa-proposal-card').filter({ has: page.getByRole('button', { name: 'Support' }) });
  const other = supportable(list).nth(1);
  const otherRef = (await other.locator('.proposal-card__ref').innerText()).trim();
  const otherTitle = (await other.locator('h3').innerText()).trim();
  const supports = Number((await other.locator('.support__count').innerText()).replace(/\D+/g, ''));
  const button = other.getByRole('button', { name: 'Support' });
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByText(`Supports: ${supports + 1}`)).toBeVisible();
  await expect(other.getByText('You support this proposal.')).toBeVisible();
  await expect(announcer(page)).toContainText(`You now support “${otherTitle}”. Supports: ${supports + 1}.`);

  // It lasts.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Proposals' }).locator('mesa-proposal-card').filter({ hasText: otherRef }).getByRole('button', { name: 'Support' }))
    .toHaveAttribute('aria-pressed', 'true');
});

test('a support shows at once and is rolled back, with a reason, when the server refuses it', async ({ page }) => {
  await registerByApi(page.request, 'Optimistic Olivia');
  let release: () => void = () => {};
  const answered = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/proposals/*/supports', async (route) => {
    await answered;
    await route.fulfill({
      status: 409,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, code: 'phase-closed', detail: 'phase-closed' }),
    });
  });
  await page.goto(`/processes/${DEMO_SLUG}`);
  // A proposal one can support (withdrawn and merged ones have no button).
  const card = page.locator('mesa-proposal-card').filter({ has: page.getByRole('button', { name: 'Support' }) }).nth(1);
  const count = card.locator('.support__count');
  const before = Number((await count.innerText()).replace(/\D+/g, ''));
  const button = card.getByRole('button', { name: 'Support' });
  await button.click();
  // At once, before the server answers.
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(count).toHaveText(`Supports: ${before + 1}`);
  release();
  // Rolled back, with the reason in words, on the card and through the live region.
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(count).toHaveText(`Supports: ${before}`);
  const reason = 'Your support was not saved: This is not possible in the current phase of the process.';
  await expect(card.getByText(reason)).toBeVisible();
  await expect(announcer(page)).toHaveText(reason);
});
