import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { apiCall } from './helpers.ts';
import { forumMember, loginByApi, processInPrioritisation, tabTo } from './rounds-helpers.ts';

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

/** With focus on the first radio of a 1–5 group: Space picks 1, each right arrow one more. */
async function pick(page: Page, value: number): Promise<void> {
  await page.keyboard.press('Space');
  for (let i = 1; i < value; i++) await page.keyboard.press('ArrowRight');
}

const FIRST_RADIO = (criterion: string) => `fieldset.scale[data-criterion="${criterion}"] input[type=radio][value="1"]`;

test('a forum member scores three proposals with the keyboard on a phone; the results page shows the order once the round closes', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await loginByApi(admin.request);
  const titles = ['Open budget data every month', 'Public register of lobbyists', 'Citizen audits of public works'];
  const { slug, proposals } = await processInPrioritisation(admin.request, titles);

  const memberContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const member = await memberContext.newPage();
  await forumMember(admin.request, member, slug, 'Marta Member', 'civil-society');

  const round = await apiCall<{ id: string }>(admin.request, 'POST', `/api/processes/${slug}/rounds`, {
    title: 'Feasibility and impact of the first proposals',
    method: 'criteria',
    proposalIds: proposals.map((p) => p.id),
    criteria: [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 1 }],
  });
  await apiCall(admin.request, 'POST', `/api/rounds/${round.id}/open`);

  await member.goto(`/rounds/${round.id}`);
  await expect(member.getByRole('heading', { level: 1, name: 'Feasibility and impact of the first proposals' })).toBeVisible();
  await expect(member.getByText('0 of 3 scored')).toBeVisible();
  await expectNoSeriousViolations(member, 'scoring view');

  // Scores (feasibility, impact): the first 5/5, the second 2/3, the third 4/4 → order 1, 3, 2.
  const scores: Array<[number, number]> = [[5, 5], [2, 3], [4, 4]];
  const status = member.locator('.save-status');
  for (let i = 0; i < 3; i++) {
    await expect(member.getByRole('heading', { level: 2, name: titles[i] })).toBeVisible();
    await tabTo(member, FIRST_RADIO('feasibility'));
    await pick(member, scores[i]![0]);
    await member.keyboard.press('Tab');
    await expect(member.locator(':focus')).toHaveAttribute('value', '1');
    await pick(member, scores[i]![1]);
    await expect(member.getByText(`${i + 1} of 3 scored`)).toBeVisible();
    await expect(status).toHaveText('Saved');
    if (i < 2) {
      await tabTo(member, 'button[data-nav="next"]');
      await member.keyboard.press('Enter');
      await expect(member.locator('#current-proposal')).toBeFocused();
    }
  }
  // The page has no horizontal scroll at this width.
  expect(await member.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The saved ballot comes back on a fresh load.
  await member.reload();
  await expect(member.getByText('3 of 3 scored')).toBeVisible();
  const saved = (await (await member.request.get(`/api/rounds/${round.id}/ballot`)).json()) as { ballot: { scores: Record<string, Record<string, number>> } };
  expect(saved.ballot.scores[proposals[1]!.id]).toEqual({ feasibility: 2, impact: 3 });

  // The admin closes the round from the process page.
  await admin.goto(`/processes/${slug}`);
  const card = admin.locator('.round-item').filter({ hasText: 'Feasibility and impact of the first proposals' });
  await card.getByRole('button', { name: 'Close the round' }).click();
  await expect(card.getByText('Closed', { exact: true })).toBeVisible();

  // Anyone sees the final results in the expected order.
  await member.goto(`/rounds/${round.id}/results`);
  await expect(member.getByText('Final results', { exact: true })).toBeVisible();
  const rows = member.locator('mesa-results-table tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(titles[0]!);
  await expect(rows.nth(1)).toContainText(titles[2]!);
  await expect(rows.nth(2)).toContainText(titles[1]!);
  await expect(member.getByText('Participants: 1')).toBeVisible();
  await expect(member.getByRole('img', { name: /Scatter chart of 3 proposals/ })).toBeVisible();
  // Sorting by score, lowest first after two presses.
  const scoreHeader = member.getByRole('columnheader', { name: /Score/ });
  await scoreHeader.getByRole('button').click();
  await expect(scoreHeader).toHaveAttribute('aria-sort', 'descending');
  await scoreHeader.getByRole('button').click();
  await expect(scoreHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.nth(0)).toContainText(titles[1]!);
  await expect(member.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', `/api/rounds/${round.id}/results/export?format=csv`);
  await expectNoSeriousViolations(member, 'results page');
  await member.setViewportSize({ width: 360, height: 780 });
  expect(await member.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'results at 360 px').toBe(true);

  // The admin marks the top two as selected for drafting.
  await admin.goto(`/rounds/${round.id}/results`);
  await admin.getByLabel('How many of the top proposals').fill('2');
  await admin.getByRole('button', { name: 'Mark the top 2 as selected' }).click();
  await expect(admin.locator('.alert--success')).toHaveText('Proposals selected for drafting: 2');
  const first = (await (await admin.request.get(`/api/proposals/${proposals[0]!.id}`)).json()) as { selectedForDrafting: boolean };
  expect(first.selectedForDrafting).toBe(true);

  await adminContext.close();
  await memberContext.close();
});
