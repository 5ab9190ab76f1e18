import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './env.ts';
import { header, signIn } from './helpers.ts';

test('the admin creates a process, opens prioritisation, and the public log shows it', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const title = `Open Lisbon ${suffix}`;
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await header(page).getByRole('link', { name: 'New process' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New process' })).toBeVisible();

  // Inline validation: nothing is sent until the form is right.
  await page.getByRole('button', { name: 'Create process' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  await expect(page.getByLabel('Title', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a title.').first()).toBeVisible();

  await page.getByLabel('Title', { exact: true }).fill(title);
  await expect(page.getByLabel('Short name for the address')).toHaveValue(`open-lisbon-${suffix}`);
  await page.getByLabel('Description').fill('The fifth action plan of the city, co-created with residents.');
  await page.getByLabel('Language of the process').selectOption('pt');
  const prioritisation = page.getByRole('group', { name: 'Prioritisation' });
  await prioritisation.getByLabel('Starts on').fill('2031-03-01');
  await prioritisation.getByLabel('Ends on').fill('2031-02-01');
  await page.getByRole('button', { name: 'Create process' }).click();
  await expect(prioritisation.getByText('must end on or after the day it starts')).toBeVisible();
  await prioritisation.getByLabel('Ends on').fill('2031-03-21');
  // Keep the later phases after the changed one.
  for (const [phase, start, end] of [
    ['Drafting', '2031-03-22', '2031-05-01'],
    ['Consultation', '2031-05-02', '2031-05-30'],
    ['Adopted plan', '2031-06-01', '2033-06-01'],
  ] as const) {
    await page.getByRole('group', { name: phase }).getByLabel('Starts on').fill(start);
    await page.getByRole('group', { name: phase }).getByLabel('Ends on').fill(end);
  }
  await page.getByRole('button', { name: 'Create process' }).click();

  await expect(page).toHaveURL(new RegExp(`/processes/open-lisbon-${suffix}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Phase timeline' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Prioritisation' })).toContainText('March 1, 2031');

  // Open the prioritisation phase.
  await page.getByLabel('Phase to open').selectOption({ label: 'Prioritisation' });
  await page.getByRole('button', { name: 'Open phase' }).click();
  await expect(page.getByRole('main').getByText('Prioritisation is now open.')).toBeVisible();
  await expect(timeline.locator('li[aria-current="step"]')).toContainText('Prioritisation');
  const log = page.getByRole('region', { name: 'Record of changes' });
  await expect(log).toContainText('Phase opened: Prioritisation');
  await expect(log).toContainText('outside the published dates');

  // It is public and it lasts.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Record of changes' }).getByRole('listitem').first()).toContainText(
    'Phase opened: Prioritisation',
  );
  await expect(page.getByRole('region', { name: 'What you can do now' })).toContainText('scores the proposals');
});

test('problems the server finds are shown on the fields they are about', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/processes/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New process' })).toBeVisible();
  // Longer than the server accepts (200); the form itself does not check the length.
  await page.getByLabel('Title', { exact: true }).fill(`A very long title ${'x'.repeat(200)}`);
  await page.getByRole('button', { name: 'Create process' }).click();

  const title = page.getByLabel('Title', { exact: true });
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Short name for the address')).not.toHaveAttribute('aria-invalid', 'true');
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveCount(1);
  await expect(summary).toBeFocused();
  await summary.getByRole('link').click();
  await expect(title).toBeFocused();
  await expect(page).toHaveURL(/\/admin\/processes\/new/);
});
