import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page, type WebSocketRoute } from '@playwright/test';
import { apiCall, registerByApi, submitByApi } from './helpers.ts';
import { loginByApi } from './rounds-helpers.ts';

/** Runs axe (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

/** A process in its drafting phase with one proposal selected for drafting, through the API. */
async function processInDrafting(admin: APIRequestContext): Promise<{ slug: string; proposalId: string }> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `draft-${suffix}`;
  const day = 86_400_000;
  const base = Date.now() - 30 * day;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'];
  await apiCall(admin, 'POST', '/api/processes', {
    slug,
    title: `Drafting journey ${suffix}`,
    description: 'A process made by the drafting journey.',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 10 * day).toISOString(), endsAt: new Date(base + (i + 1) * 10 * day).toISOString() })),
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposal = await submitByApi(admin, slug, { title: 'Personal data protection in city services', area: 'digital-governance' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/selection`, { proposalIds: [proposal.id] });
  await apiCall(admin, 'PUT', `/api/processes/${slug}/commitment-numbering`, { prefix: 'ARBA', start: 7 });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  return { slug, proposalId: proposal.id };
}

/** Register someone in `page`'s context and make them a drafter of the process. */
async function drafter(admin: APIRequestContext, page: Page, slug: string, name: string): Promise<{ id: string }> {
  await registerByApi(page.request, name);
  const me = (await (await page.request.get('/api/me')).json()) as { id: string };
  await apiCall(admin, 'POST', `/api/processes/${slug}/members`, { userId: me.id, role: 'drafter', sector: 'civil-society' });
  return me;
}

/**
 * Puts the page's websocket through a switch: `cut()` drops the line and holds any new socket
 * without a server (the page is offline), `restore()` lets it reconnect to the real server.
 */
async function lineSwitch(page: Page) {
  let offline = false;
  let current: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    current = ws;
    if (!offline) ws.connectToServer();
  });
  return {
    async cut() {
      offline = true;
      await current?.close({ code: 1006, reason: 'test: offline' });
    },
    async restore() {
      offline = false;
      await current?.close({ code: 1006, reason: 'test: back online' });
    },
  };
}

const field = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

test('two drafters co-edit one commitment live and each sees the other’s text', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = adminContext.request;
  await loginByApi(admin);
  const { slug, proposalId } = await processInDrafting(admin);

  const aContext = await browser.newContext();
  const bContext = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const a = await aContext.newPage();
  const b = await bContext.newPage();
  const line = await lineSwitch(b);
  await drafter(admin, a, slug, 'Ana Drafter');
  const bee = await drafter(admin, b, slug, 'Bruno Drafter');

  // Ana starts the commitment from the process page, from the selected proposal.
  await a.goto(`/processes/${slug}`);
  await a.getByRole('button', { name: 'Start a commitment' }).click();
  await a.getByRole('checkbox', { name: /Personal data protection in city services/ }).check();
  await a.getByLabel('Title', { exact: true }).fill('Evaluate and strengthen personal data protection');
  await a.getByRole('button', { name: 'Create and open the editor' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Evaluate and strengthen personal data protection' })).toBeVisible();
  await expect(a).toHaveURL(/\/commitments\/[0-9a-f-]+\/edit$/);
  const id = /\/commitments\/([0-9a-f-]+)\/edit/.exec(a.url())![1]!;
  const created = (await (await a.request.get(`/api/commitments/${id}`)).json()) as { reference: string; sources: string[] };
  expect(created.reference).toMatch(/^ARBA\d{4}$/);
  expect(created.sources).toEqual([proposalId]);
  await apiCall(admin, 'POST', `/api/commitments/${id}/drafters`, { userId: bee.id });

  await b.goto(`/commitments/${id}/edit`);
  await expect(b.getByRole('heading', { level: 1, name: 'Evaluate and strengthen personal data protection' })).toBeVisible();
  await expect(a.locator('.live-status[data-state="live"]')).toBeVisible();
  await expect(b.locator('.live-status[data-state="live"]')).toBeVisible();

  // Both type into the same field; each sees the other's words, in one merged text.
  await field(a, 'Problem').click();
  await a.keyboard.type('Data is shared without consent.');
  await expect(field(b, 'Problem')).toHaveValue('Data is shared without consent.');
  // Bruno sees that Ana is in this field.
  await expect(b.locator('.collab-field[data-field="problem"] .collab-field__here')).toHaveText(/Ana Drafter is writing here/);
  await field(b, 'Problem').click();
  await b.keyboard.press('End');
  await b.keyboard.type(' Nobody audits it.');
  await expect(field(a, 'Problem')).toHaveValue('Data is shared without consent. Nobody audits it.');
  // Ana's caret stayed where she was typing: she types on at the start.
  await field(a, 'Problem').press('Home');
  await a.keyboard.type('Today: ');
  await expect(field(b, 'Problem')).toHaveValue('Today: Data is shared without consent. Nobody audits it.');
  await field(b, 'Causes of the problem').fill('No register of data processing.');
  await expect(field(a, 'Causes of the problem')).toHaveValue('No register of data processing.');

  // Bruno goes offline, keeps writing, comes back: both texts merge.
  await line.cut();
  await expect(b.locator('.live-status[data-state="live"]')).toHaveCount(0);
  await field(b, 'Status quo').fill('A 2019 law, not applied.');
  await field(a, 'Status quo').fill('The city has no data officer.');
  await expect(field(b, 'Status quo')).toHaveValue('A 2019 law, not applied.');
  await line.restore();
  await expect(b.locator('.live-status[data-state="live"]')).toBeVisible();
  await expect.poll(async () => field(a, 'Status quo').inputValue(), { timeout: 15_000 }).toContain('A 2019 law, not applied.');
  await expect(field(a, 'Status quo')).toHaveValue(/The city has no data officer\./);
  await expect(field(b, 'Status quo')).toHaveValue(await field(a, 'Status quo').inputValue());

  // The text is stored: a fresh load shows it.
  await expect.poll(async () => ((await (await a.request.get(`/api/commitments/${id}`)).json()) as { fields: { problem: string } }).fields.problem)
    .toBe('Today: Data is shared without consent. Nobody audits it.');

  // Structured fields with baseVersion: Bruno saves the lead institution; Ana, who had the old version open and changed it too, is told.
  await b.getByLabel('Lead institution').fill('Data protection office');
  await a.getByLabel('Lead institution').fill('Ministry of Justice');
  await b.getByRole('button', { name: 'Save the details' }).click();
  await expect(b.locator('.commitment-details .save-status')).toHaveText(/Saved \(version \d+\)/);
  await expect(a.getByText('Someone else has just saved changes to these fields.', { exact: false })).toBeVisible();
  await a.getByRole('button', { name: 'Save the details' }).click();
  await expect(a.getByRole('alert').filter({ hasText: 'Someone else saved changes to these fields' })).toBeVisible();
  await a.getByRole('alert').getByRole('button', { name: 'Load the latest version' }).click();
  await expect(a.getByLabel('Lead institution')).toHaveValue('Data protection office');

  // A milestone, then a named version, a change and the word diff.
  await a.getByRole('button', { name: 'Add a milestone' }).click();
  await expect(a.getByRole('textbox', { name: 'Milestone (milestone 1)' })).toBeFocused();
  await a.keyboard.type('Diagnosis published');
  await a.getByRole('textbox', { name: 'Responsible (milestone 1)' }).fill('Data protection office');
  await a.getByRole('button', { name: 'Save the milestones' }).click();
  await expect(a.locator('.milestones .save-status')).toHaveText(/Saved \(version \d+\)/);
  await a.getByLabel('Name the current version').fill('first draft');
  await a.getByRole('button', { name: 'Name this version' }).click();
  await expect(a.locator('.version-list')).toContainText('first draft');
  await field(a, 'Problem').click();
  await field(a, 'Problem').press('End');
  await a.keyboard.type(' Every week.');
  await expect(field(b, 'Problem')).toHaveValue(/Every week\.$/);
  await a.getByRole('button', { name: 'Show the differences' }).click();
  const diff = a.locator('.word-diff__field[data-field="problem"]');
  await expect(diff.locator('ins')).toContainText('Every week.');
  await expect(diff.locator('ins .visually-hidden').first()).toHaveText('[inserted:');

  await expectNoSeriousViolations(a, 'drafting editor');
  await expectNoSeriousViolations(b, 'drafting editor on a phone');
  expect(await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await Promise.all([adminContext.close(), aContext.close(), bContext.close()]);
});
