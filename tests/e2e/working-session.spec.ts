import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiCall, submitByApi } from './helpers.ts';
import { forumMember, loginByApi } from './rounds-helpers.ts';

/** A process in drafting with one commitment started from its selected proposal, through the API. */
async function processWithCommitment(admin: APIRequestContext): Promise<{ slug: string; commitment: { id: string; reference: string; title: string } }> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `session-${suffix}`;
  const day = 86_400_000;
  const base = Date.now() - 30 * day;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'];
  await apiCall(admin, 'POST', '/api/processes', {
    slug,
    title: `Working session journey ${suffix}`,
    description: 'A process made by the working session journey.',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 10 * day).toISOString(), endsAt: new Date(base + (i + 1) * 10 * day).toISOString() })),
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposal = await submitByApi(admin, slug, { title: 'Open contracting for public works', area: 'anti-corruption' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/selection`, { proposalIds: [proposal.id] });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const commitment = await apiCall<{ id: string; reference: string; title: string }>(admin, 'POST', `/api/processes/${slug}/commitments`, {
    title: 'Publish every public works contract',
    sourceProposalIds: [proposal.id],
    area: 'anti-corruption',
  });
  return { slug, commitment };
}

/** Runs axe (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

const field = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

test('a working session: the facilitator puts a commitment on the agenda, moves to it and edits it beside the round; a forum member gets a link', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const memberContext = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const guestContext = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const admin = await adminContext.newPage();
  const member = await memberContext.newPage();
  const guest = await guestContext.newPage();
  await loginByApi(admin.request);
  const { slug, commitment } = await processWithCommitment(admin.request);
  await forumMember(admin.request, member, slug, 'Mirta Member', 'academia');

  // The facilitator builds the agenda from the process page: a welcome, then the commitment.
  await admin.goto(`/processes/${slug}`);
  await admin.getByRole('button', { name: 'Create a workshop' }).click();
  const form = admin.locator('mesa-workshop-form');
  await form.getByLabel('Title').fill('Drafting session on contracts');
  await form.getByLabel('Free question or topic').fill('Welcome and introductions');
  await form.getByRole('button', { name: 'Add the question' }).click();
  const pick = form.getByLabel('Commitment (working session)');
  await pick.selectOption(commitment.id);
  await form.getByRole('button', { name: 'Add the commitment' }).click();
  await expect(form.locator('.agenda__item').nth(1)).toContainText(commitment.reference);
  await form.getByRole('button', { name: 'Create workshop' }).click();
  const code = (await form.locator('.workshop-created [data-code]').getAttribute('data-code'))!;
  await form.getByRole('link', { name: 'Open the console' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Console: Drafting session on contracts' })).toBeVisible();
  const agenda = admin.getByRole('region', { name: 'Agenda' });
  await expect(agenda.getByRole('listitem').nth(1)).toContainText(`Commitment ${commitment.reference} ${commitment.title}`);
  await expect(admin.getByRole('heading', { name: 'Working session' })).toHaveCount(0);

  // The member joins on a phone.
  await member.goto(`/join/${code}`);
  await member.getByRole('button', { name: 'Join' }).click();
  await expect(member.getByRole('heading', { level: 1, name: 'Drafting session on contracts' })).toBeVisible();
  await guest.goto(`/join/${code}`);
  await guest.getByLabel('Your name').fill('Gabriel Guest');
  await guest.getByRole('button', { name: 'Join' }).click();
  await expect(guest.getByRole('heading', { level: 1, name: 'Drafting session on contracts' })).toBeVisible();

  // Moving to the commitment opens the working session with its editor, beside the round area.
  await agenda.getByRole('button', { name: 'Next item' }).click();
  const session = admin.getByRole('region', { name: 'Working session' });
  await expect(session).toBeVisible();
  await expect(session.getByRole('heading', { name: 'The problem' })).toBeVisible();
  await expect(session.locator('.live-status[data-state="live"]')).toBeVisible();
  const round = admin.getByRole('region', { name: 'Vote', exact: true });
  const [roundBox, sessionBox] = [await round.boundingBox(), await session.boundingBox()];
  expect(sessionBox!.x).toBeGreaterThan(roundBox!.x + roundBox!.width - 1);
  // The page keeps the console's title while the editor is open.
  await expect(admin).toHaveTitle(/^Console: Drafting session on contracts/);

  await expectNoSeriousViolations(admin, 'console with a working session');

  // Keyboard order follows the layout: Tab from the round's last control goes into the working session.
  await round.getByRole('button').last().focus();
  await admin.keyboard.press('Tab');
  expect(await admin.evaluate(() => !!document.activeElement?.closest('mesa-working-session'))).toBe(true);

  await field(session, 'Problem').click();
  await admin.keyboard.type('Contracts are published late, if at all.');
  await expect.poll(async () => ((await (await admin.request.get(`/api/commitments/${commitment.id}`)).json()) as { fields: { problem: string } }).fields.problem, { timeout: 15_000 })
    .toBe('Contracts are published late, if at all.');

  // On a phone-sized screen the console stacks the session under the round, with no sideways scrolling.
  await admin.setViewportSize({ width: 360, height: 800 });
  await expect.poll(async () => (await session.boundingBox())!.y).toBeGreaterThanOrEqual((await round.boundingBox())!.y + (await round.boundingBox())!.height);
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The member (not a drafter) sees the session with a link to the commitment's page, not the editor, stacked on a phone.
  const memberSession = member.getByRole('region', { name: 'Working session' });
  await expect(memberSession).toBeVisible();
  await expect(memberSession.getByRole('textbox')).toHaveCount(0);
  const link = memberSession.getByRole('link', { name: `Open the commitment “${commitment.title}”` });
  const [mRound, mSession] = [await member.locator('.working-layout > :first-child').boundingBox(), await memberSession.boundingBox()];
  expect(mSession!.y).toBeGreaterThanOrEqual(mRound!.y + mRound!.height);
  expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(member.getByText('Working session on this commitment')).toBeVisible();
  await expectNoSeriousViolations(member, 'participant view of a working session');

  // A guest who may not read the draft is told the drafting team is on it, with neither editor nor link.
  const guestSession = guest.getByRole('region', { name: 'Working session' });
  await expect(guestSession).toContainText('The drafting team is editing this commitment during the meeting; it will be published for consultation.');
  await expect(guestSession.getByRole('textbox')).toHaveCount(0);
  await expect(guestSession.getByRole('link')).toHaveCount(0);

  // The text is saved: the commitment's page shows it after a fresh load.
  await link.click();
  await expect(member).toHaveURL(new RegExp(`/commitments/${commitment.id}$`));
  await admin.goto(`/commitments/${commitment.id}`);
  await admin.reload();
  await expect(admin.getByText('Contracts are published late, if at all.')).toBeVisible();

  await adminContext.close();
  await memberContext.close();
  await guestContext.close();
});
