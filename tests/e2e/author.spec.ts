import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { announcer, apiCall, registerByApi, submitByApi } from './helpers.ts';

test('an author edits their proposal until someone supports it, then withdraws it', async ({ page, browser }) => {
  await registerByApi(page.request, `Author ${Date.now().toString(36)}`);
  const proposal = await submitByApi(page.request, DEMO_SLUG, { title: 'Open the council budget hearings' });

  await page.goto(`/proposals/${proposal.id}`);
  await page.getByRole('link', { name: 'Edit proposal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit your proposal' })).toBeVisible();
  const title = page.getByLabel('Title', { exact: true });
  await expect(title).toHaveValue('Open the council budget hearings');
  await title.fill('Open and stream the council budget hearings');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Open and stream the council budget hearings' })).toBeVisible();
  await expect(announcer(page)).toContainText(`Proposal ${proposal.reference} saved.`);

  // Someone supports it: the edit link goes, live.
  await expect(page.getByText('Live: changes appear as they happen')).toBeVisible();
  const supporter = await browser.newContext();
  await registerByApi(supporter.request, 'Supporter');
  await apiCall(supporter.request, 'POST', `/api/proposals/${proposal.id}/supports`);
  await supporter.close();
  await expect(page.locator('.proposal__actions .support__count')).toHaveText('Supports: 1');
  await expect(page.getByRole('link', { name: 'Edit proposal' })).toHaveCount(0);
  // Its edit page says why.
  await page.goto(`/proposals/${proposal.id}/edit`);
  await expect(page.getByText('This proposal can no longer be edited')).toBeVisible();

  // Withdraw, after a confirmation.
  await page.goto(`/proposals/${proposal.id}`);
  await page.getByRole('button', { name: 'Withdraw proposal' }).click();
  await expect(page.getByRole('button', { name: 'Yes, withdraw it' })).toBeFocused();
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await page.getByRole('button', { name: 'Withdraw proposal' }).click();
  await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
  await expect(announcer(page)).toContainText('Your proposal was withdrawn.');
  await expect(page.locator('.proposal__meta mesa-state-badge')).toHaveText('Withdrawn');
  await expect(page.getByRole('button', { name: 'Support' })).toHaveCount(0);
});
