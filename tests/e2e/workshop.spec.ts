import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { forumMember, loginByApi, processInPrioritisation } from './rounds-helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 } };

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

/** The dot stepper of one proposal in a ballot. */
const plus = (page: Page, title: string) => page.getByRole('button', { name: `Add a dot to “${title}”` });

/** Results shown as bars: the chart's text alternative lists every bar, largest first. */
const bars = (page: Page) => page.locator('mesa-tally-view [role="img"]');

test('a live workshop: facilitator, forum member and guest on phones run a timed dot vote, reveal it on every screen, and the guest catches up after being offline', async ({ browser }) => {
  const facilitatorContext = await browser.newContext(PHONE);
  const memberContext = await browser.newContext(PHONE);
  const guestContext = await browser.newContext(PHONE);
  const facilitator = await facilitatorContext.newPage();
  const member = await memberContext.newPage();
  const guest = await guestContext.newPage();

  await loginByApi(facilitator.request);
  const titles = ['Open contracting for public works', 'Participatory budget for each district', 'Open data on air quality'];
  const { slug } = await processInPrioritisation(facilitator.request, titles);
  await forumMember(facilitator.request, member, slug, 'Mirta Member', 'academia');

  // The facilitator creates the workshop from the process page: agenda of two proposals and a question.
  await facilitator.goto(`/processes/${slug}`);
  await facilitator.getByRole('button', { name: 'Create a workshop' }).click();
  const form = facilitator.locator('mesa-workshop-form');
  await form.getByLabel('Title').fill('Forum workshop on priorities');
  for (const title of titles.slice(0, 2)) {
    const select = form.getByLabel('Proposal', { exact: true });
    await select.selectOption((await select.locator('option', { hasText: title }).getAttribute('value'))!);
    await form.getByRole('button', { name: 'Add the proposal' }).click();
  }
  await form.getByLabel('Free question or topic').fill('What should the forum do first?');
  await form.getByRole('button', { name: 'Add the question' }).click();
  await form.getByRole('button', { name: 'Create workshop' }).click();
  const code = (await form.locator('.workshop-created [data-code]').getAttribute('data-code'))!;
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await form.getByRole('link', { name: 'Open the console' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Console: Forum workshop on priorities' })).toBeVisible();
  await expect(facilitator.getByText('Live: changes appear as they happen')).toBeVisible();

  // The forum member joins by the link, the guest by typing the code.
  await member.goto(`/join/${code}`);
  await expect(member.getByLabel('Your name')).toHaveValue('Mirta Member');
  await member.getByRole('button', { name: 'Join' }).click();
  await expect(member.getByRole('heading', { level: 1, name: 'Forum workshop on priorities' })).toBeVisible();
  await guest.goto('/join');
  await expectNoSeriousViolations(guest, 'join page');
  await guest.getByLabel('Workshop code').fill(code.toLowerCase());
  await guest.getByLabel('Your name').fill('Gabriel Guest');
  await guest.getByLabel('Your sector (optional)').selectOption('civil-society');
  await guest.getByRole('button', { name: 'Join' }).click();
  await expect(guest.getByRole('heading', { level: 1, name: 'Forum workshop on priorities' })).toBeVisible();
  await expect(guest.getByText('Nothing to vote on yet.')).toBeVisible();
  await expect(facilitator.getByRole('heading', { name: 'Present: 2' })).toBeVisible();

  // The projector, on a wide screen, shows the code and a QR code drawn on the page.
  const projector = await facilitatorContext.newPage();
  await projector.setViewportSize({ width: 1280, height: 800 });
  const workshopPath = new URL(facilitator.url()).pathname.replace(/\/console$/, '');
  await projector.goto(`${workshopPath}/projector`);
  await expect(projector.locator('.projector__code')).toHaveText(code);
  await expect(projector.getByRole('img', { name: /QR code for the join link/ })).toBeVisible();
  await expect(projector.locator('[data-present]')).toHaveText('2');

  // A dot vote with a two-minute timer on the agenda's proposals.
  await facilitator.getByLabel('Method').selectOption('dots');
  await facilitator.getByLabel('Timer').selectOption('120');
  await facilitator.getByRole('button', { name: 'Open the round' }).click();
  for (const page of [member, guest]) {
    await expect(page.getByRole('heading', { level: 2, name: titles[0] })).toBeVisible();
    await expect(page.locator('[role="timer"]')).toHaveText(/^[12]:\d\d$/);
    await expect(page.getByText('Dots left: 5 of 5')).toBeVisible();
  }
  await expect(projector.locator('[role="timer"]')).toBeVisible();
  await expectNoSeriousViolations(facilitator, 'console with a round open');

  // Both vote in a few taps; each tap counts at once.
  await plus(member, titles[0]!).click();
  await plus(member, titles[0]!).click();
  await plus(member, titles[1]!).click();
  await expect(member.getByText('Dots left: 2 of 5')).toBeVisible();
  await expect(member.locator('[data-vote-status]')).toHaveText('Your vote counted');
  for (let i = 0; i < 3; i++) await plus(guest, titles[1]!).click();
  await expect(plus(guest, titles[1]!)).toBeDisabled(); // at most 3 on one proposal
  await expect(guest.locator('[data-vote-status]')).toHaveText('Your vote counted');
  await expectNoSeriousViolations(guest, 'participant view with a round open');

  await expect(facilitator.getByText('Votes in: 2')).toBeVisible();
  await expect(facilitator.getByText('Voted: 2 of 2')).toBeVisible();
  await expect(projector.locator('[data-ballots]')).toHaveText('2');
  await expect(guest.getByText('Results appear here when the facilitator reveals them.')).toBeVisible();

  // The facilitator reveals: the same results on the three phones and the projector, largest first.
  await facilitator.getByRole('button', { name: 'Show the results to everyone' }).click();
  await expect(facilitator.getByRole('button', { name: 'Show the results to everyone' })).toHaveAttribute('aria-pressed', 'true');
  const expected = new RegExp(`${titles[1]}: 4.*${titles[0]}: 2`);
  for (const page of [facilitator, member, guest, projector]) await expect(bars(page)).toHaveAttribute('aria-label', expected);
  await expectNoSeriousViolations(projector, 'projector with results');

  // The guest's phone goes offline; meanwhile the round closes and the agenda moves on.
  await guestContext.setOffline(true);
  await facilitator.getByRole('button', { name: 'Close the round' }).click();
  await expect(facilitator.locator('.round-card[data-state="closed"]')).toBeVisible();
  await facilitator.getByRole('button', { name: 'Next item' }).click();
  await expect(member.getByText('Now, item 2 of 3')).toBeVisible();
  await expect(member.getByText('Final results')).toBeVisible();
  await guestContext.setOffline(false);

  // Back online, without reloading, the guest sees the closed round, its final results and the new item.
  await expect(guest.locator('.round-card[data-state="closed"]')).toBeVisible({ timeout: 20_000 });
  await expect(guest.getByText('Now, item 2 of 3')).toBeVisible();
  await expect(guest.getByText('Final results')).toBeVisible();
  await expect(bars(guest)).toHaveAttribute('aria-label', expected);
  await expect(projector.locator('.projector__round[data-state="closed"]')).toBeVisible();

  // Nothing scrolls sideways on a 360 px phone.
  for (const page of [guest, facilitator]) {
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${page.url()} at 360 px`).toBe(true);
  }

  await facilitatorContext.close();
  await memberContext.close();
  await guestContext.close();
});
