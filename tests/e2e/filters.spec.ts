import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { apiCall, registerByApi } from './helpers.ts';

interface Listed {
  id: string;
  reference: string;
  externalRef: string | null;
  title: string;
}

async function demoProposal(request: APIRequestContext, externalRef: string): Promise<Listed> {
  const res = await request.get(`/api/processes/${DEMO_SLUG}/proposals?limit=100`);
  const { items } = (await res.json()) as { items: Listed[] };
  const found = items.find((p) => p.externalRef === externalRef);
  expect(found, externalRef).toBeTruthy();
  return found!;
}

/** Run `act` as a new user of its own (a fresh browser context). */
async function asNewUser(browser: Browser, act: (request: APIRequestContext) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  await registerByApi(context.request, 'Helper');
  await act(context.request);
  await context.close();
}

const list = (page: Page) => page.getByRole('region', { name: 'Proposals' });
const cards = (page: Page) => list(page).locator('mesa-proposal-card');
const shown = (page: Page) => list(page).locator('.proposals-count');

test('filters with counts, accent-insensitive search, sorts and paging work on the demo proposals', async ({ page, browser }) => {
  // Three supports and two comments on two old demo proposals, so the sorts have a clear winner.
  const supported = await demoProposal(page.request, 'OGC-012');
  const commented = await demoProposal(page.request, 'OGC-020');
  for (let i = 0; i < 3; i += 1) {
    await asNewUser(browser, async (r) => {
      await apiCall(r, 'POST', `/api/proposals/${supported.id}/supports`);
      if (i < 2) await apiCall(r, 'POST', `/api/proposals/${commented.id}/comments`, { body: `Comment ${i}: agreed.` });
    });
  }

  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(cards(page)).toHaveCount(20);
  const total = Number((await list(page).getByText(/^Proposals: \d+$/).innerText()).replace(/\D+/g, ''));
  await expect(shown(page)).toHaveText(`Showing 20 of ${total} proposals`);

  // Area, with its count in the option.
  const area = list(page).getByLabel('Policy area');
  const justice = (await area.locator('option[value="justice"]').innerText()).trim();
  const justiceCount = Number(/\((\d+)\)$/.exec(justice)?.[1]);
  expect(justiceCount).toBeGreaterThan(0);
  await area.selectOption('justice');
  await expect(shown(page)).toHaveText(`Showing ${Math.min(20, justiceCount)} of ${justiceCount} proposals`);
  for (const tag of await cards(page).locator('.tag').allInnerTexts()) expect(tag).toBe('Justice');

  // And sector: the counts follow.
  const sector = list(page).getByLabel('Sector');
  await sector.selectOption('judiciary');
  await expect(shown(page)).toHaveText(/Showing \d+ of \d+ proposals/);
  const both = Number(/of (\d+)/.exec(await shown(page).innerText())?.[1]);
  expect(both).toBeLessThanOrEqual(justiceCount);
  for (const who of await cards(page).locator('.proposal-card__who').allInnerTexts()) expect(who).toMatch(/^Judiciary/);

  await list(page).getByRole('button', { name: 'Clear filters and search' }).click();
  await expect(shown(page)).toHaveText(`Showing 20 of ${total} proposals`);

  // Search ignores accents: "electoral" finds the Mongolian commitment on "commission électorale".
  await list(page).getByLabel('Search proposals').fill('electoral');
  await list(page).getByRole('button', { name: 'Search', exact: true }).click();
  await expect(cards(page).filter({ hasText: 'Mongolie' })).toHaveCount(1);
  const found = Number(/of (\d+)/.exec(await shown(page).innerText())?.[1]);
  expect(found).toBeGreaterThanOrEqual(1);
  expect(found).toBeLessThan(total);
  const body = (await (await page.request.get(`/api/proposals/${(await demoProposal(page.request, 'OGC-050')).id}`)).json()) as { body: string };
  expect(body.body).toContain('électorale');
  await list(page).getByRole('button', { name: 'Clear filters and search' }).click();
  await expect(shown(page)).toHaveText(`Showing 20 of ${total} proposals`);

  // Sorts.
  const order = list(page).getByLabel('Order');
  // Sorted by a count: the counts shown go down, and the proposal given 3 supports (or 2 comments) is near the top.
  const counts = async (selector: string) =>
    (await cards(page).locator(selector).allInnerTexts()).map((text) => Number(text.replace(/\D+/g, '')));
  const descending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! >= v);
  await order.selectOption({ label: 'Most supported' });
  await expect(cards(page).filter({ hasText: supported.reference })).toContainText(/Supports: ([3-9]|\d{2,})$/m);
  expect(descending(await counts('.support__count'))).toBe(true);
  await order.selectOption({ label: 'Most commented' });
  await expect(cards(page).filter({ hasText: commented.reference })).toContainText(/Comments: ([2-9]|\d{2,})$/m);
  expect(descending(await counts('.proposal-card__comments'))).toBe(true);

  // Random order pages without repeats (the server's seed keeps it stable).
  await order.selectOption({ label: 'Random order' });
  await expect(cards(page)).toHaveCount(20);
  await list(page).getByRole('button', { name: 'Show more proposals' }).click();
  await expect(cards(page)).toHaveCount(40);
  // Focus moves to the first of the new ones.
  await expect(cards(page).nth(20).locator('h3 a')).toBeFocused();
  const refs = await cards(page).locator('.proposal-card__ref').allInnerTexts();
  expect(new Set(refs).size).toBe(40);
  await expect(shown(page)).toHaveText(`Showing 40 of ${total} proposals`);
});
