import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiCall } from './helpers.ts';
import { loginByApi, processInPrioritisation } from './rounds-helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 } };

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

/** The dot stepper of one proposal in the reader's table round. */
const plus = (page: Page, title: string) => page.locator('mesa-my-table').getByRole('button', { name: `Add a dot to “${title}”` });

/** The bars of the plenary result pulled back from the tables (their text alternative lists every bar, largest first). */
const combinedBars = (page: Page) => page.locator(':is(.round-card, .projector__round):has(.combined-badge, .combined-note) [role="img"]');

interface Person { name: string; sector: string; page: Page }

/** A guest who joined the workshop by its code (through the API, in their own browser context), on the participant view. */
async function guest(browser: Browser, code: string, workshopId: string, name: string, sector: string): Promise<Person> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await apiCall(page.request, 'POST', '/api/workshops/join', { code, displayName: name, sector });
  await page.goto(`/workshops/${workshopId}`);
  await expect(page.getByText('Live: changes appear as they happen')).toBeVisible();
  return { name, sector, page };
}

test('breakout tables: the facilitator splits four participants into two tables by hand, each table votes, the plenary shows the combined result; a hand is raised and lowered; a question is asked, upvoted and answered', async ({ browser }) => {
  test.setTimeout(180_000); // five phones and a console, each step waiting for the room
  const facilitatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const facilitator = await facilitatorContext.newPage();
  await loginByApi(facilitator.request);
  const titles = ['Open contracting for public works', 'Beneficial ownership register', 'Open data on air quality'];
  const { slug, proposals } = await processInPrioritisation(facilitator.request, titles);
  const workshop = await apiCall<{ id: string; code: string }>(facilitator.request, 'POST', `/api/processes/${slug}/workshops`, {
    title: 'Working tables on priorities', mode: 'in-person', startsAt: new Date().toISOString(), agenda: proposals.map((p) => ({ proposalId: p.id })),
  });

  await facilitator.goto(`/workshops/${workshop.id}/console`);
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Console: Working tables on priorities' })).toBeVisible();
  await expect(facilitator.getByText('Live: changes appear as they happen')).toBeVisible();

  const people: Person[] = [];
  for (const [name, sector] of [['Ana', 'civil-society'], ['Bruno', 'executive'], ['Carla', 'civil-society'], ['Diego', 'executive']] as const) {
    people.push(await guest(browser, workshop.code, workshop.id, name, sector));
  }
  const [ana, bruno, carla, diego] = people as [Person, Person, Person, Person];
  await expect(facilitator.getByRole('heading', { name: 'Present: 4' })).toBeVisible();

  // By hand, with one select per person: Ana and Bruno at table 1, Carla and Diego at table 2.
  const tables = facilitator.locator('mesa-tables-panel');
  await tables.getByLabel('Number of tables').fill('2');
  await tables.getByLabel('By hand').check();
  for (const [p, n] of [[ana, 1], [bruno, 1], [carla, 2], [diego, 2]] as const) await tables.getByLabel(`Table for ${p.name}`).selectOption(String(n));
  await tables.getByRole('button', { name: 'Form the tables' }).click();
  await expect(tables.getByRole('heading', { name: 'Breakout tables: 2' })).toBeVisible();
  await expect(tables.locator('[data-table="1"]')).toContainText('Ana');
  await expect(tables.locator('[data-table="1"]')).toContainText('Bruno');
  await expect(tables.locator('[data-table="2"]')).toContainText('Carla');
  await expect(tables.locator('[data-table="2"]')).toContainText('Diego');
  for (const [p, n, other] of [[ana, 1, 'Bruno'], [bruno, 1, 'Ana'], [carla, 2, 'Diego'], [diego, 2, 'Carla']] as const) {
    const mine = p.page.locator('mesa-my-table');
    await expect(mine.getByRole('heading', { name: `Your table: ${n}` })).toBeVisible();
    await expect(mine.getByText(`${p.name} (you)`)).toBeVisible();
    await expect(mine.getByText(other, { exact: true })).toBeVisible();
  }

  // A message with a timer to every table (nothing to send is refused on the page).
  await tables.getByRole('button', { name: 'Send to everyone' }).click();
  await expect(tables.getByRole('alert')).toHaveText('Write a message or choose a countdown.');
  await tables.getByLabel('Message (optional)').fill('Discuss for five minutes, then vote.');
  await tables.getByLabel('Countdown (optional)').selectOption('300');
  await tables.getByRole('button', { name: 'Send to everyone' }).click();
  for (const p of people) {
    await expect(p.page.locator('[data-broadcast]')).toHaveText('Discuss for five minutes, then vote.');
    await expect(p.page.locator('.broadcast [role="timer"]')).toHaveText(/^[45]:\d\d$/);
  }

  // One dot vote in every table, with the same settings.
  const form = facilitator.locator('mesa-live-round-form');
  await form.getByLabel('Question or title').fill('Our priorities');
  await expect(form.getByLabel('In every table (one round each, 2 tables)')).toBeChecked();
  await form.getByLabel('Method').selectOption('dots');
  await form.getByLabel('Timer').selectOption('0');
  await form.getByRole('button', { name: 'Open the round' }).click();
  for (const p of people) await expect(p.page.locator('mesa-my-table').getByText('Dots left: 5 of 5')).toBeVisible();
  await expect(tables.locator('[data-table="1"] .table-card__round')).toContainText('Our priorities');
  await expectNoSeriousViolations(ana.page, 'participant view with tables and a table round');
  await expectNoSeriousViolations(facilitator, 'console with tables');

  // Table 1: Ana 3 on A and 2 on B, Bruno 3 on B. Table 2: Carla 3 on C and 1 on A, Diego 2 on A and 1 on C.
  const [A, B, C] = titles as [string, string, string];
  const ballots: Array<[Person, Record<string, number>]> = [[ana, { [A]: 3, [B]: 2 }], [bruno, { [B]: 3 }], [carla, { [C]: 3, [A]: 1 }], [diego, { [A]: 2, [C]: 1 }]];
  for (const [p, dots] of ballots) {
    for (const [title, n] of Object.entries(dots)) for (let i = 0; i < n; i++) await plus(p.page, title).click();
    await expect(p.page.locator('mesa-my-table [data-vote-status]')).toHaveText('Your vote counted');
  }
  await expect(tables.locator('[data-table="1"] [data-ballots]')).toHaveText('votes in: 2 of 2');
  await expect(tables.locator('[data-table="2"] [data-ballots]')).toHaveText('votes in: 2 of 2');
  // A participant cannot vote in the other table's round.
  const tableRounds = (await (await facilitator.request.get(`/api/workshops/${workshop.id}/tables`)).json()).items.map((t: { rounds: { id: string }[] }) => t.rounds.at(-1)!.id) as string[];
  const { token } = await (await ana.page.request.get('/api/auth/csrf')).json();
  const refused = await ana.page.request.put(`/api/rounds/${tableRounds[1]}/ballot`, { headers: { 'x-csrf-token': token }, data: { dots: { [proposals[2]!.id]: 1 } } });
  expect(refused.status()).toBe(403);

  // The projector follows the plenary.
  const projector = await facilitatorContext.newPage();
  await projector.goto(`/workshops/${workshop.id}/projector`);
  await expect(projector.locator('[data-present]')).toHaveText('4');
  await expect(projector.locator('.broadcast__message')).toHaveText('Discuss for five minutes, then vote.');

  // Pull back: the table rounds close, and the plenary holds one result over all four ballots: A 6, B 5, C 4.
  await tables.getByRole('button', { name: 'Pull the results back into the plenary' }).click();
  const expected = new RegExp(`${A}: 6; .*${B}: 5; .*${C}: 4$`);
  for (const page of [facilitator, projector, ...people.map((p) => p.page)]) {
    await expect(page.getByText('Combined from 2 tables')).toBeVisible();
    await expect(combinedBars(page)).toHaveAttribute('aria-label', expected);
  }
  await expect(facilitator.locator('.round-card:has(.combined-badge) [data-voters]')).toHaveAttribute('data-voters', '4');
  await expect(tables.locator('[data-pulled]')).toBeVisible();
  await expect(tables.getByRole('button', { name: 'Pull the results back into the plenary' })).toHaveCount(0);

  // The combined numbers are those of one round over all the tables' ballots (dots add up across tables).
  const combinedId = (await facilitator.locator('.round-card:has(.combined-badge)').getAttribute('data-round'))!;
  const combined = await (await facilitator.request.get(`/api/rounds/${combinedId}/results`)).json();
  const perTable = await Promise.all(tableRounds.map(async (id) => (await (await facilitator.request.get(`/api/rounds/${id}/results`)).json()).items as { proposalId: string; score: number }[]));
  const sum = new Map<string, number>();
  for (const items of perTable) for (const i of items) sum.set(i.proposalId, (sum.get(i.proposalId) ?? 0) + i.score);
  const combinedItems = combined.items as { proposalId: string; score: number; rank: number }[];
  expect(combined.participants).toBe(4);
  expect(combinedItems.map((i) => [i.proposalId, i.score, i.rank])).toEqual([[proposals[0]!.id, 6, 1], [proposals[1]!.id, 5, 2], [proposals[2]!.id, 4, 3]]);
  for (const i of combinedItems) expect(i.score).toBe(sum.get(i.proposalId));

  // A raised hand: Carla raises it, the facilitator sees her in the queue and lowers it.
  // With the keyboard alone.
  await carla.page.getByRole('button', { name: 'Raise your hand' }).focus();
  await carla.page.keyboard.press('Enter');
  await expect(carla.page.locator('[data-hand]')).toHaveText('Your hand is up: number 1 in the queue.');
  await expect(carla.page.getByRole('button', { name: 'Lower your hand' })).toHaveAttribute('aria-pressed', 'true');
  const hands = facilitator.locator('mesa-hands-queue');
  await expect(hands.getByRole('heading', { name: 'Raised hands: 1' })).toBeVisible();
  await expect(hands.locator('.hands__row')).toContainText('Carla');
  await hands.getByRole('button', { name: "Lower Carla's hand" }).focus();
  await facilitator.keyboard.press('Enter');
  await expect(hands.getByText('No hand raised.')).toBeVisible();
  await expect(carla.page.getByRole('button', { name: 'Raise your hand' })).toHaveAttribute('aria-pressed', 'false');
  await expect(carla.page.locator('[data-hand]')).toHaveAttribute('data-hand', 'down');

  // A question: Bruno asks, Diego upvotes it, the facilitator marks it answered.
  const question = 'Who will maintain the beneficial ownership register?';
  await bruno.page.getByLabel('Ask a question').fill('Hi');
  await bruno.page.getByRole('button', { name: 'Send the question' }).click();
  await expect(bruno.page.getByText('Write at least 3 characters.')).toBeVisible();
  await expect(bruno.page.getByLabel('Ask a question')).toBeFocused();
  await bruno.page.getByLabel('Ask a question').fill(question);
  await expect(bruno.page.locator('mesa-char-count')).toContainText(String(question.length));
  await bruno.page.getByRole('button', { name: 'Send the question' }).click();
  await expect(bruno.page.locator('.question', { hasText: question })).toContainText('Asked by you');
  const onDiego = diego.page.locator('.question', { hasText: question });
  await expect(onDiego).toContainText('Asked by Bruno');
  await onDiego.getByRole('button', { name: /^Upvote “Who will maintain/ }).click();
  await expect(onDiego.getByRole('button', { name: /^Upvote “Who will maintain/ })).toHaveAttribute('aria-pressed', 'true');
  for (const page of [diego.page, bruno.page, facilitator]) await expect(page.locator('.question', { hasText: question }).locator('[data-votes]')).toHaveText('1');
  await expect(projector.locator('.question', { hasText: question })).toBeVisible();
  const onConsole = facilitator.locator('mesa-questions .question', { hasText: question });
  await onConsole.getByRole('button', { name: `Mark “${question}” answered` }).click();
  for (const page of [bruno.page, diego.page, facilitator]) await expect(page.locator('.question', { hasText: question }).locator('[data-answered]')).toHaveText('Answered');
  await expect(projector.locator('.question', { hasText: question })).toHaveCount(0);

  // Moderation: the facilitator (an admin here) hides an off-topic question from everyone but admins.
  const spam = 'Buy cheap watches at my shop today';
  await diego.page.getByLabel('Ask a question').fill(spam);
  await diego.page.getByRole('button', { name: 'Send the question' }).click();
  await expect(bruno.page.locator('.question', { hasText: spam })).toBeVisible();
  await facilitator.locator('mesa-questions .question', { hasText: spam }).getByRole('button', { name: `Hide “${spam}” from everyone (moderation)` }).click();
  await expect(facilitator.locator('mesa-questions .question', { hasText: spam })).toContainText('Hidden by moderation');
  for (const page of [bruno.page, diego.page, projector]) await expect(page.locator('.question', { hasText: spam })).toHaveCount(0);
  await expectNoSeriousViolations(diego.page, 'participant view with results, hands and questions');
  await expectNoSeriousViolations(facilitator, 'console with combined result, hands and questions');

  // Nothing scrolls sideways on a 360 px phone, for a participant and the console.
  for (const page of [diego.page, facilitator]) {
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${page.url()} at 360 px`).toBe(true);
  }

  // Someone who arrives late is seated: the tables are even, so Elena goes to the first one.
  const elena = await guest(browser, workshop.code, workshop.id, 'Elena', 'academia');
  await expect(elena.page.locator('mesa-my-table').getByRole('heading', { name: 'Your table: 1' })).toBeVisible();
  await expect(elena.page.locator('mesa-my-table').getByText('Ana', { exact: true })).toBeVisible();
  await expect(tables.locator('[data-table="1"]')).toContainText('Elena');
  await expect(ana.page.locator('mesa-my-table').getByText('Elena', { exact: true })).toBeVisible();
  people.push(elena);

  // Closing the tables brings everyone back to the plenary.
  await facilitator.getByRole('button', { name: 'Close the tables' }).click();
  await facilitator.getByRole('button', { name: 'Yes, close the tables' }).click();
  await expect(tables.getByRole('heading', { name: 'Breakout tables', exact: true })).toBeVisible();
  for (const p of people) await expect(p.page.locator('mesa-my-table')).toHaveCount(0);

  await facilitatorContext.close();
  for (const p of people) await p.page.context().close();
});
