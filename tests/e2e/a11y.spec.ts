import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_SLUG } from './env.ts';
import { apiCall, registerByApi, signIn, submitByApi } from './helpers.ts';

/** Runs axe (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test.describe('axe finds no serious or critical violation', () => {
  test('process list', async ({ page }) => {
    await visit(page, '/', 'Co-creation processes');
    await expectNoSeriousViolations(page, 'process list');
  });

  test('process page', async ({ page }) => {
    await visit(page, `/processes/${DEMO_SLUG}`, /Quatrième Plan/);
    await expectNoSeriousViolations(page, 'process page');
  });

  test('sign-up, empty and with errors', async ({ page }) => {
    await visit(page, '/signup', 'Create an account');
    await expectNoSeriousViolations(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoSeriousViolations(page, 'sign-up with errors');
  });

  test('sign-in', async ({ page }) => {
    await visit(page, '/signin', 'Sign in');
    await expectNoSeriousViolations(page, 'sign-in');
  });

  test('account', async ({ page }) => {
    await registerByApi(page.request, 'Axe Tester');
    await visit(page, '/account', 'Your account');
    await expectNoSeriousViolations(page, 'account');
  });

  test('admin process form and process page as admin', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await visit(page, '/admin/processes/new', 'New process');
    await expectNoSeriousViolations(page, 'admin form');
    await page.getByRole('button', { name: 'Create process' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoSeriousViolations(page, 'admin form with errors');
    await visit(page, `/processes/${DEMO_SLUG}`, /Quatrième Plan/);
    await expectNoSeriousViolations(page, 'process page with the admin panel');
  });

  test('proposal list on its own page, with filters applied', async ({ page }) => {
    await visit(page, `/processes/${DEMO_SLUG}/proposals`, 'Proposals');
    await expect(page.locator('mesa-proposal-card').first()).toBeVisible();
    await expectNoSeriousViolations(page, 'proposal list');
    await page.getByLabel('Policy area').selectOption('justice');
    await expect(page.locator('.proposals-count')).toContainText('Showing');
    await expectNoSeriousViolations(page, 'proposal list filtered');
  });

  test('proposal page with comments, as a signed-in reader, and the report dialog', async ({ page, browser }) => {
    const author = await browser.newContext();
    await registerByApi(author.request, 'Axe Author');
    const proposal = await submitByApi(author.request, DEMO_SLUG, { title: 'Accessible proposal page', body: 'Some **bold** text and a [link](https://example.org).' });
    const root = await apiCall<{ id: string }>(author.request, 'POST', `/api/proposals/${proposal.id}/comments`, { body: 'A first comment.', alignment: 'for' });
    await apiCall(author.request, 'POST', `/api/proposals/${proposal.id}/comments`, { body: 'A reply.', parentId: root.id });
    await author.close();

    await registerByApi(page.request, 'Axe Reader');
    await visit(page, `/proposals/${proposal.id}`, 'Accessible proposal page');
    await expect(page.locator('mesa-comment')).toHaveCount(2);
    await expectNoSeriousViolations(page, 'proposal page');
    await page.locator('mesa-comment').first().getByRole('button', { name: 'Reply' }).click();
    await expectNoSeriousViolations(page, 'proposal page with a reply form');
    await page.locator('mesa-comment').nth(1).getByRole('button', { name: 'Report' }).click();
    await expect(page.getByRole('dialog', { name: 'Report a comment' })).toBeVisible();
    await expectNoSeriousViolations(page, 'report dialog');
  });

  test('submission form, empty, with errors and in preview', async ({ page }) => {
    await registerByApi(page.request, 'Axe Proposer');
    await visit(page, `/processes/${DEMO_SLUG}/proposals/new`, 'Submit a proposal');
    await expectNoSeriousViolations(page, 'submission form');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoSeriousViolations(page, 'submission form with errors');
    await page.getByRole('textbox', { name: 'Your proposal' }).fill('A *short* text.');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Preview' }).locator('em')).toHaveText('short');
    await expectNoSeriousViolations(page, 'submission form preview');
  });

  test('moderation queue, import page and admin tools', async ({ page, browser }) => {
    const author = await browser.newContext();
    await registerByApi(author.request, 'Axe Reported');
    const title = `A proposal someone reports ${Date.now().toString(36)}`;
    const proposal = await submitByApi(author.request, DEMO_SLUG, { title });
    await apiCall(author.request, 'POST', '/api/reports', { targetType: 'proposals', targetId: proposal.id, reason: 'spam' });
    await author.close();

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await visit(page, `/processes/${DEMO_SLUG}/moderation`, 'Moderation queue');
    await expect(page.getByRole('listitem').filter({ hasText: title })).toBeVisible();
    await expectNoSeriousViolations(page, 'moderation queue');
    await visit(page, `/processes/${DEMO_SLUG}/import`, 'Import proposals');
    await expectNoSeriousViolations(page, 'import page');
    await visit(page, `/proposals/${proposal.id}`, title);
    await expect(page.getByRole('region', { name: 'Administration: answer and moderation' })).toBeVisible();
    await expectNoSeriousViolations(page, 'proposal page as admin');
    await visit(page, `/processes/${DEMO_SLUG}`, /Quatrième Plan/);
    const list = page.getByRole('region', { name: 'Proposals' });
    await list.locator('mesa-proposal-card input[type="checkbox"]').nth(0).check();
    await list.locator('mesa-proposal-card input[type="checkbox"]').nth(1).check();
    await list.getByRole('button', { name: 'Merge selected' }).click();
    await expect(page.getByRole('dialog', { name: 'Merge proposals' })).toBeVisible();
    await expectNoSeriousViolations(page, 'merge dialog');
  });
});
