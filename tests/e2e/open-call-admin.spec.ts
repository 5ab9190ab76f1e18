import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_SLUG } from './env.ts';
import { announcer, apiCall, registerByApi, signIn, submitByApi } from './helpers.ts';

const adminPanel = (page: Page) => page.getByRole('region', { name: 'Administration: proposals' });

test('the admin answers proposals (published and drafted, then published in bulk)', async ({ page, browser }) => {
  const resident = await browser.newContext();
  await registerByApi(resident.request, 'Resident With Ideas');
  const first = await submitByApi(resident.request, DEMO_SLUG, { title: 'Answer me now: a public register of lobbyists' });
  const second = await submitByApi(resident.request, DEMO_SLUG, { title: 'Answer me later: open committee minutes' });
  await resident.close();

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/proposals/${first.id}`);
  const admin = page.getByRole('region', { name: 'Administration: answer and moderation' });
  await expect(admin).toContainText('No published answer yet.');
  // The answer is required.
  await admin.getByRole('button', { name: 'Publish answer' }).click();
  await expect(admin.getByLabel('Reasoned answer')).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.getByText('Write the answer.')).toBeVisible();
  await admin.getByLabel('Decision').selectOption({ label: 'Accepted' });
  await admin.getByLabel('Reasoned answer').fill('The register will be part of commitment 3, with the Council.');
  await admin.getByRole('button', { name: 'Publish answer' }).click();
  await expect(announcer(page)).toContainText('Answer published.');
  const answer = page.getByRole('region', { name: 'Answer from the organisers' });
  await expect(answer).toContainText('Accepted');
  await expect(answer).toContainText('commitment 3');
  await expect(page.locator('.proposal__meta mesa-state-badge')).toHaveText('Accepted');

  // A draft is not public until published.
  await page.goto(`/proposals/${second.id}`);
  await admin.getByLabel('Decision').selectOption({ label: 'Not accepted' });
  await admin.getByLabel('Reasoned answer').fill('Minutes are already published; see the Council site.');
  await admin.getByRole('button', { name: 'Save as draft' }).click();
  await expect(admin).toContainText('A draft answer is saved but not published.');
  await expect(page.getByRole('region', { name: 'Answer from the organisers' })).toHaveCount(0);

  // Bulk publication from the process page.
  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(adminPanel(page)).toContainText('Draft answers waiting to be published: 1');
  await adminPanel(page).getByRole('button', { name: 'Publish all draft answers' }).click();
  await expect(adminPanel(page)).toContainText('Answers published: 1');
  await expect(adminPanel(page)).toContainText('Draft answers waiting to be published: 0');
  await page.goto(`/proposals/${second.id}`);
  await expect(page.getByRole('region', { name: 'Answer from the organisers' })).toContainText('Not accepted');
});

test('the admin merges two proposals selected in the list', async ({ page, browser }) => {
  const resident = await browser.newContext();
  await registerByApi(resident.request, 'Duplicate Dora');
  const a = await submitByApi(resident.request, DEMO_SLUG, { title: 'Open data on bus punctuality', area: 'digital-governance' });
  const b = await submitByApi(resident.request, DEMO_SLUG, { title: 'Publish real-time bus delays', area: 'digital-governance' });
  await resident.close();

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/processes/${DEMO_SLUG}`);
  const list = page.getByRole('region', { name: 'Proposals' });
  const bar = list.getByRole('region', { name: 'Merge proposals' });
  await expect(bar.getByRole('button', { name: 'Merge selected' })).toBeDisabled();
  await list.getByLabel(`Select ${a.reference} for merging`).check();
  await list.getByLabel(`Select ${b.reference} for merging`).check();
  await expect(bar).toContainText('Selected for merging: 2');
  await bar.getByRole('button', { name: 'Merge selected' }).click();

  const dialog = page.getByRole('dialog', { name: 'Merge proposals' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(a.reference);
  await expect(dialog).toContainText(b.reference);
  await expect(dialog.getByLabel('Title', { exact: true })).toBeFocused();
  await dialog.getByLabel('Title', { exact: true }).fill('Open, real-time data on bus punctuality');
  await dialog.getByRole('button', { name: 'Merge into a new proposal' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Open, real-time data on bus punctuality' })).toBeVisible();
  const from = page.getByRole('region', { name: 'Merged from these proposals' });
  await expect(from.getByRole('link')).toHaveCount(2);
  await expect(from).toContainText(a.reference);
  await expect(announcer(page)).toContainText('Proposals merged into');
  const merged = page.url();

  await from.getByRole('link', { name: a.reference }).click();
  await expect(page.locator('.proposal__meta mesa-state-badge')).toHaveText('Merged');
  await page.getByText('This proposal was merged into').getByRole('link').click();
  await expect(page).toHaveURL(merged);
});

test('a resident reports a comment; the admin hides it from the moderation queue and readers see it go', async ({ page, browser }) => {
  const author = await browser.newContext();
  await registerByApi(author.request, 'Troll');
  const proposal = await submitByApi(author.request, DEMO_SLUG, { title: 'A proposal that draws a rude comment' });
  const rude = 'You are all idiots and this is a stupid idea.';
  await apiCall(author.request, 'POST', `/api/proposals/${proposal.id}/comments`, { body: rude });
  await author.close();

  // A reader reports it through the dialog, and stays on the page.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await registerByApi(reader.request, 'Careful Reader');
  await reader.goto(`/proposals/${proposal.id}`);
  await expect(reader.getByText('Live: changes appear as they happen')).toBeVisible();
  const comment = reader.locator('mesa-comment').filter({ hasText: rude });
  await comment.getByRole('button', { name: 'Report' }).click();
  const dialog = reader.getByRole('dialog', { name: 'Report a comment' });
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(dialog.getByText('Choose a reason.')).toBeVisible();
  await dialog.getByLabel('Offensive or abusive').check();
  await dialog.getByLabel('Details (optional)').fill('Insults other participants.');
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(dialog).toBeHidden();
  await expect(announcer(reader)).toContainText('Your report was sent to the moderators.');

  // The admin finds it in the queue and hides it.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/processes/${DEMO_SLUG}`);
  await adminPanel(page).getByRole('link', { name: 'Moderation queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Moderation queue' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: rude });
  await expect(item).toContainText('Offensive or abusive (1)');
  await expect(item).toContainText('Visible');
  await item.getByRole('button', { name: 'Hide' }).click();
  await expect(item).toContainText('Hidden');
  await expect(item.getByRole('button', { name: 'Show again' })).toBeVisible();

  // The reader's page follows without a reload.
  await expect(reader.locator('mesa-comment').filter({ hasText: 'This comment was hidden by the moderators.' })).toBeVisible();
  await expect(reader.getByText(rude)).toHaveCount(0);
  await readerContext.close();
});
