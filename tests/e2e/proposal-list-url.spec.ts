import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_SLUG } from './env.ts';
import { registerByApi, signIn, submitByApi } from './helpers.ts';

const list = (page: Page) => page.getByRole('region', { name: 'Proposals' });
const shown = (page: Page) => list(page).locator('.proposals-count');
const query = (page: Page) => new URL(page.url()).searchParams;
/** The count line once a page has loaded (not "Loading…"), different from `before` when given. */
async function settled(page: Page, before?: string): Promise<string> {
  await expect(shown(page)).toHaveText(/Showing \d+ of \d+ proposals/);
  if (before) await expect(shown(page)).not.toHaveText(before);
  return (await shown(page).innerText()).trim();
}

test('the list keeps its filters, sort and search in the URL: shareable, and Back steps through them', async ({ page, browser }) => {
  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(shown(page)).toHaveText(/Showing 20 of \d+ proposals/);
  const all = await settled(page);

  await list(page).getByLabel('Policy area').selectOption('justice');
  await expect.poll(() => query(page).get('area')).toBe('justice');
  const justice = await settled(page, all);
  await list(page).getByLabel('Order').selectOption('supports');
  await expect.poll(() => query(page).get('sort')).toBe('supports');
  await list(page).getByLabel('Search proposals').fill('judiciaire');
  await list(page).getByLabel('Search proposals').press('Enter');
  await expect.poll(() => query(page).get('q')).toBe('judiciaire');
  const searched = await settled(page, justice);

  // A reload, or the link opened elsewhere, shows the same list.
  await page.reload();
  await expect(list(page).getByLabel('Policy area')).toHaveValue('justice');
  await expect(list(page).getByLabel('Order')).toHaveValue('supports');
  await expect(list(page).getByLabel('Search proposals')).toHaveValue('judiciaire');
  await expect(shown(page)).toHaveText(searched);
  const other = await browser.newPage();
  await other.goto(page.url());
  await expect(shown(other)).toHaveText(searched);
  await expect(list(other).getByLabel('Policy area')).toHaveValue('justice');
  await other.close();

  // Back: without the search, then the default order, then all areas.
  await page.goBack();
  await expect(list(page).getByLabel('Search proposals')).toHaveValue('');
  await expect(list(page).getByLabel('Order')).toHaveValue('supports');
  await expect(shown(page)).toHaveText(justice);
  await page.goBack();
  await expect(list(page).getByLabel('Order')).toHaveValue('recent');
  await expect(list(page).getByLabel('Policy area')).toHaveValue('justice');
  await page.goBack();
  await expect(list(page).getByLabel('Policy area')).toHaveValue('');
  await expect(shown(page)).toHaveText(all);
  expect(new URL(page.url()).search).toBe('');
  await page.goForward();
  await expect(list(page).getByLabel('Policy area')).toHaveValue('justice');
  await expect(shown(page)).toHaveText(justice);

  // Values the list does not know are ignored, not an error.
  await page.goto(`/processes/${DEMO_SLUG}?area=space&sort=best`);
  await expect(shown(page)).toHaveText(all);
});

test('an admin sees a drafted answer again after a reload', async ({ page, browser }) => {
  const resident = await browser.newContext();
  await registerByApi(resident.request, 'Resident Awaiting An Answer');
  const p = await submitByApi(resident.request, DEMO_SLUG, { title: 'Draft me: a register of public works' });
  await resident.close();

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/proposals/${p.id}`);
  const admin = page.getByRole('region', { name: 'Administration: answer and moderation' });
  await admin.getByLabel('Decision').selectOption({ label: 'Not accepted' });
  await admin.getByLabel('Reasoned answer').fill('The works register is already law; see commitment 5.');
  await admin.getByRole('button', { name: 'Save as draft' }).click();
  await expect(admin).toContainText('A draft answer is saved but not published.');

  await page.reload();
  await expect(admin.getByLabel('Reasoned answer')).toHaveValue('The works register is already law; see commitment 5.');
  await expect(admin.getByLabel('Decision')).toHaveValue('rejected');
  await expect(admin).toContainText('A draft answer is saved but not published.');
  await expect(page.getByRole('region', { name: 'Answer from the organisers' })).toHaveCount(0);
});
