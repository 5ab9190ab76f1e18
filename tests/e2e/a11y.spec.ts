import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_SLUG } from './env.ts';
import { registerByApi, signIn } from './helpers.ts';

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
});
