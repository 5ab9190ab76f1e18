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

/** Select `passage` inside the text of a section of the consultation page, as a reader dragging over it would. */
async function selectPassage(page: Page, field: string, passage: string): Promise<void> {
  await page.evaluate(({ field, passage }) => {
    const holder = document.querySelector(`.c-section__text[data-field="${field}"]`)!;
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(passage);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + passage.length);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${passage}" is not in ${field}`);
  }, { field, passage });
}

test('a resident comments on a passage during the consultation, a drafter answers it, the resident sees the answer', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  const admin = adminContext.request;
  await loginByApi(admin);
  const { slug, proposalId } = await processInDrafting(admin);

  const drafterContext = await browser.newContext();
  const d = await drafterContext.newPage();
  await drafter(admin, d, slug, 'Dora Drafter');
  const c = await apiCall<{ id: string; version: number }>(d.request, 'POST', `/api/processes/${slug}/commitments`, {
    title: 'Open the city’s data on air quality', sourceProposalIds: [proposalId], area: 'climate-and-environment',
  });
  await apiCall(d.request, 'PATCH', `/api/commitments/${c.id}`, {
    baseVersion: c.version, leadInstitution: 'Environment agency',
    fields: { problem: 'Air quality data is published late and only as PDF files.', description: 'Publish hourly readings as open data.' },
  });

  // The admin publishes the draft for consultation from the process page.
  await adminPage.goto(`/processes/${slug}`);
  await adminPage.getByRole('button', { name: 'Publish for consultation' }).click();
  await expect(adminPage.locator('.commitment-card').filter({ hasText: 'Open the city’s data on air quality' })).toContainText('In public consultation');

  // A resident on a phone reads it, agrees with a section and comments on a passage.
  const residentContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const r = await residentContext.newPage();
  await registerByApi(r.request, 'Rosa Resident');
  await r.goto(`/commitments/${c.id}`);
  await expect(r.getByRole('heading', { level: 1, name: 'Open the city’s data on air quality' })).toBeVisible();
  await expect(r.getByText('This commitment is open for public consultation', { exact: false })).toBeVisible();
  const problem = r.locator('#field-problem');
  await problem.getByRole('button', { name: 'Agree (0)', exact: true }).click();
  await expect(problem.getByRole('button', { name: 'Agree (1)', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // A passage that is not in the text is refused, on the passage field.
  const description = r.locator('#field-description');
  await description.getByRole('button', { name: 'Comment on this section' }).click();
  await description.getByLabel('Passage you are commenting on (optional)').fill('hourly readings as PDF');
  await description.getByLabel('Your comment on What the commitment does').fill('Why hourly?');
  await description.getByRole('button', { name: 'Publish comment' }).click();
  await expect(description.locator('.field__error')).toContainText('not in the current text');
  await expect(description.getByLabel('Passage you are commenting on (optional)')).toBeFocused();
  // Escape closes the form and gives focus back to the button that opened it.
  await r.keyboard.press('Escape');
  await expect(description.getByRole('button', { name: 'Comment on this section' })).toBeFocused();

  await selectPassage(r, 'problem', 'only as PDF files');
  await problem.getByRole('button', { name: /Comment on the selected passage/ }).click();
  await expect(problem.getByLabel('Passage you are commenting on (optional)')).toHaveValue('only as PDF files');
  await expect(problem.getByLabel('Your comment on Problem')).toBeFocused();
  await r.keyboard.type('Please publish CSV and an API too.');
  await problem.getByRole('button', { name: 'Publish comment' }).click();
  const mine = problem.locator('.c-comment').filter({ hasText: 'Please publish CSV and an API too.' });
  await expect(mine).toBeVisible();
  await expect(mine.locator('.c-comment__quote')).toContainText('only as PDF files');
  await expect(mine).toContainText('Not answered yet');
  await expectNoSeriousViolations(r, 'consultation page on a phone');
  expect(await r.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The drafter answers it from the reply queue.
  await d.goto(`/commitments/${c.id}/replies`);
  await expect(d.getByText('1 comment waiting for an answer')).toBeVisible();
  const item = d.locator('.reply-item').filter({ hasText: 'Please publish CSV and an API too.' });
  await item.getByRole('radio', { name: 'Partially accepted' }).check();
  await item.getByLabel('Your reasoned answer').fill('CSV is added to milestone 1; an API will follow in 2026.');
  await item.getByRole('button', { name: 'Publish the answer' }).click();
  await expect(d.getByText('0 comments waiting for an answer')).toBeVisible();
  await expectNoSeriousViolations(d, 'reply queue');
  // The process-wide queue, reached from the process page, lists it under its commitment.
  await d.goto(`/processes/${slug}`);
  await d.getByRole('link', { name: 'All comments waiting for the drafting team' }).click();
  await expect(d.getByText('0 comments waiting for an answer')).toBeVisible();
  await expect(d.locator('.reply-item').filter({ hasText: 'Please publish CSV and an API too.' }).getByRole('link', { name: 'Open the city’s data on air quality' })).toBeVisible();

  // The resident sees the answer under the comment, without reloading.
  await expect(mine.locator('.c-reply')).toContainText('CSV is added to milestone 1; an API will follow in 2026.');
  await expect(mine.locator('.c-reply .outcome')).toHaveText('Partially accepted');
  await expect(mine.locator('.c-reply__meta')).toContainText('Dora Drafter');
  // The consultation report counts it.
  await expect(r.locator('.c-report')).toContainText('1 comment, 1 answered (100%).');
  await expect(r.locator('.c-report tr').filter({ hasText: 'Problem' })).toContainText('1');

  // Wide screens: the section's comments sit in the margin beside its text.
  await r.setViewportSize({ width: 1280, height: 900 });
  const text = await problem.locator('.c-section__text').boundingBox();
  const margin = await problem.locator('.c-section__margin').boundingBox();
  expect(margin!.x).toBeGreaterThan(text!.x + text!.width - 1);
  await expectNoSeriousViolations(r, 'consultation page');

  // Back in drafting to revise it, the drafter rewrites the passage: the comment now shows it was made on an earlier version.
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  await d.goto(`/commitments/${c.id}/edit`);
  await expect(d.locator('.live-status[data-state="live"]')).toBeVisible();
  await field(d, 'Problem').fill('Air quality data is published late, as CSV since the consultation.');
  await expect.poll(async () => ((await (await d.request.get(`/api/commitments/${c.id}`)).json()) as { fields: { problem: string } }).fields.problem)
    .toBe('Air quality data is published late, as CSV since the consultation.');
  await r.reload();
  const revised = r.locator('#field-problem .c-comment').filter({ hasText: 'Please publish CSV and an API too.' });
  await expect(revised.getByText('On an earlier version')).toBeVisible();
  await revised.getByText('The text this comment was made on').click();
  await expect(revised.locator('.c-comment__earlier')).toContainText('Air quality data is published late and only as PDF files.');

  await Promise.all([adminContext.close(), drafterContext.close(), residentContext.close()]);
});
