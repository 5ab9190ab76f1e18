import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiCall, registerByApi, submitByApi } from './helpers.ts';
import { loginByApi } from './rounds-helpers.ts';

/** Runs axe (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

const TITLES = ['Participación ciudadana en la gestión pública', 'Acción climática participativa y transparente'];

/** A process in drafting with two commitments (with milestones), through the API. */
async function processWithCommitments(admin: APIRequestContext): Promise<string> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `plan-${suffix}`;
  const day = 86_400_000;
  const base = Date.now() - 40 * day;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'];
  await apiCall(admin, 'POST', '/api/processes', {
    slug, title: `Plan journey ${suffix}`, description: 'A process made by the plan journey.',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 10 * day).toISOString(), endsAt: new Date(base + (i + 1) * 10 * day).toISOString() })),
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposal = await submitByApi(admin, slug, { title: 'Mesas de co-gestión con vecinos', area: 'public-participation', sector: 'civil-society' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/selection`, { proposalIds: [proposal.id] });
  await apiCall(admin, 'PUT', `/api/processes/${slug}/commitment-numbering`, { prefix: 'ARBA', start: 7 });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  for (const [i, title] of TITLES.entries()) {
    const c = await apiCall<{ id: string }>(admin, 'POST', `/api/processes/${slug}/commitments`, { title, sourceProposalIds: [proposal.id], area: 'public-participation' });
    await apiCall(admin, 'PATCH', `/api/commitments/${c.id}`, {
      baseVersion: 0, fields: { problem: 'La ciudadanía no tiene canales claros.' },
      milestones: [{ title: `Hito ${i + 1}: diagnóstico publicado`, deliverable: 'Informe', startsOn: '2025-06-01', endsOn: '2025-12-31', responsible: 'Gobierno Abierto' }],
    });
  }
  return slug;
}

test('an admin adopts a plan, an organisation endorses it, the admin confirms, the public plan lists it and downloads work', async ({ browser, page }) => {
  test.setTimeout(120_000);
  await loginByApi(page.request);
  const slug = await processWithCommitments(page.request);

  // The admin's page: details, then adoption behind a confirmation.
  await page.goto(`/processes/${slug}/plan/admin`);
  await expect(page.getByRole('heading', { level: 1, name: 'Adoption and exports' })).toBeVisible();
  await page.getByLabel('Title of the plan').fill('Cuarto Plan de Acción de Gobierno Abierto 2025–2027');
  await page.getByLabel('Plan starts on').fill('2025-06-01');
  await page.getByLabel('Plan ends on').fill('2025-01-01');
  await page.getByLabel('Multistakeholder forum').fill('Foro de Gobierno Abierto (FOGA)');
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'The end must be on or after the start.' })).toBeVisible();
  await page.getByLabel('Plan ends on').fill('2027-10-31');
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect(page.getByText('The plan details were saved.')).toBeAttached();
  await expectNoSeriousViolations(page, 'admin plan page');

  await page.getByRole('button', { name: 'Adopt the plan…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adopt the plan?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('The 2 commitments become final');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Adopt the plan…' }).click();
  await dialog.getByRole('button', { name: 'Yes, adopt the plan' }).click();
  await expect(page.getByText(/^Adopted on .* by /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Adopt the plan…' })).toHaveCount(0);

  // An organisation endorses from the public plan page (keyboard only).
  const orgContext = await browser.newContext();
  const org = await orgContext.newPage();
  await registerByApi(org.request, 'Democracia en Red');
  await org.goto(`/processes/${slug}/plan`);
  await expect(org.getByRole('heading', { level: 1, name: 'Cuarto Plan de Acción de Gobierno Abierto 2025–2027' })).toBeVisible();
  await org.getByRole('button', { name: 'Send the endorsement' }).click();
  await expect(org.getByRole('alert').getByRole('link', { name: 'Enter the name of the organisation.' })).toBeVisible();
  await org.getByLabel('Organisation').fill('Democracia en Red');
  await org.getByLabel('Representative').fill('Ana Pérez');
  await org.getByLabel('Role').fill('Directora');
  await org.getByLabel('Statement (optional)').fill('Respaldamos este plan co-creado.');
  await org.getByLabel('Statement (optional)').press('Tab');
  await org.keyboard.press('Enter');
  await expect(org.getByText('Your endorsement for Democracia en Red waits for an administrator\'s confirmation.')).toBeVisible();
  await expect(org.locator('.plan-endorsements')).toHaveCount(0);
  // Withdrawn and sent again (e.g. to fix the role).
  await org.getByRole('button', { name: 'Withdraw my endorsement' }).click();
  await org.getByLabel('Organisation').fill('Democracia en Red');
  await org.getByLabel('Representative').fill('Ana Pérez');
  await org.getByLabel('Role').fill('Directora');
  await org.getByRole('button', { name: 'Send the endorsement' }).click();
  await expect(org.getByText('Your endorsement for Democracia en Red waits for an administrator\'s confirmation.')).toBeVisible();

  // The admin confirms it.
  await page.reload();
  const pending = page.getByRole('heading', { name: 'Endorsements to confirm (1)' });
  await expect(pending).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Endorsements to confirm (0)' })).toBeVisible();

  // The public page lists it, with both commitments and their milestones; downloads succeed.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/processes/${slug}/plan`);
  for (const title of TITLES) await expect(visitor.getByRole('heading', { level: 3, name: new RegExp(title) })).toBeVisible();
  await expect(visitor.getByRole('table', { name: 'Milestones of ARBA0007' }).getByRole('rowheader', { name: 'Hito 1: diagnóstico publicado' })).toBeVisible();
  await expect(visitor.locator('.plan-endorsements')).toContainText('Democracia en Red');
  await expect(visitor.locator('.plan-endorsements')).toContainText('Ana Pérez, Directora');
  await expect(visitor.locator('.plan-endorsements')).not.toContainText('Respaldamos');
  await expectNoSeriousViolations(visitor, 'public plan page');

  await visitor.getByLabel('Language of the document').selectOption('es');
  for (const [name, ext, magic] of [['PDF', 'pdf', '%PDF-'], ['Word (DOCX)', 'docx', 'PK']] as const) {
    const download = visitor.waitForEvent('download');
    await visitor.getByRole('link', { name, exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${slug}-plan-es.${ext}`);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic);
    expect(bytes.length).toBeGreaterThan(2000);
    await expect(visitor.getByRole('status').filter({ hasText: /downloaded/ })).toBeVisible();
  }

  // Printable: the downloads and the endorsement form are left out of print.
  await visitor.emulateMedia({ media: 'print' });
  await expect(visitor.locator('mesa-plan-downloads section')).toBeHidden();
  await expect(visitor.getByRole('heading', { level: 3, name: new RegExp(TITLES[0]!) })).toBeVisible();

  // Phones: no sideways scrolling of the page.
  await visitor.emulateMedia({ media: 'screen' });
  await visitor.setViewportSize({ width: 360, height: 800 });
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await orgContext.close();
});
