import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { registerByApi, submitByApi } from './helpers.ts';

const HOSTILE = [
  'Before <script>window.__xss=1</script> after.',
  '',
  'A [link](javascript:window.__xss=2) and a [good one](https://example.org).',
  '',
  '<img src=x onerror="window.__xss=3"> the end.',
].join('\n');

test('script, javascript: links and event handlers in a proposal stay inert, on its page and in the preview', async ({ page }) => {
  await registerByApi(page.request, 'Mallory');
  const proposal = await submitByApi(page.request, DEMO_SLUG, { title: 'A proposal with hostile markup', body: HOSTILE });

  await page.goto(`/proposals/${proposal.id}`);
  const body = page.locator('.proposal__body');
  await expect(body).toContainText('the end.');
  // The would-be markup is shown as text, not run.
  await expect(body).toContainText('<script>window.__xss=1</script>');
  await expect(body.locator('script')).toHaveCount(0);
  await expect(body.locator('img')).toHaveCount(0);
  await expect(body.locator('[onerror]')).toHaveCount(0);
  const hrefs = await body.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs).toContain('https://example.org');
  expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The list and the card show only text.
  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(page.locator('mesa-proposal-card').first()).toContainText('A proposal with hostile markup');

  // The preview of the same text is just as inert.
  await page.goto(`/processes/${DEMO_SLUG}/proposals/new`);
  await page.getByRole('textbox', { name: 'Your proposal' }).fill(HOSTILE);
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await expect(preview).toContainText('the end.');
  await expect(preview.locator('script, img, [onerror]')).toHaveCount(0);
  const previewHrefs = await preview.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(previewHrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
