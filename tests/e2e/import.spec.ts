import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_SLUG } from './env.ts';
import { signIn } from './helpers.ts';

test('the admin imports proposals: a file with bad rows is refused row by row, a good CSV goes in; exports download', async ({ page, browser }) => {
  // Someone watches the list while the import happens.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/processes/${DEMO_SLUG}`);
  await expect(watcher.getByText('Live: changes appear as they happen')).toBeVisible();

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/processes/${DEMO_SLUG}`);
  const panel = page.getByRole('region', { name: 'Administration: proposals' });

  // Exports.
  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Export proposals (CSV)' }).click()]);
  expect(await csv.failure()).toBeNull();
  const [json] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Export proposals (JSON)' }).click()]);
  expect(await json.failure()).toBeNull();

  await panel.getByRole('link', { name: 'Import proposals (JSON or CSV)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import proposals' })).toBeVisible();
  const file = page.getByLabel('File to import');

  // Nothing chosen.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Choose a file to import.')).toBeVisible();
  await expect(file).toBeFocused();

  // A JSON file with two bad rows: nothing is imported, and each problem names its row and field.
  const suffix = Date.now().toString(36);
  const bad = [
    { title: `Imported fine ${suffix}`, body: 'A good row.', area: 'justice', sector: 'civil-society' },
    { title: `Wrong area ${suffix}`, body: 'A row with an unknown area.', area: 'space-travel', sector: 'resident' },
    { title: `No text ${suffix}`, area: 'justice', sector: 'resident' },
  ];
  await file.setInputFiles({ name: 'proposals.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.locator('.import-result');
  await expect(result).toContainText('Rows with problems: 2');
  await expect(result).toContainText('Nothing was imported.');
  await expect(result).toBeFocused();
  const rows = result.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-row-index', '1');
  await expect(rows.nth(0).locator('td').nth(0)).toHaveText('2');
  await expect(rows.nth(0).locator('td').nth(1)).toHaveText('area');
  await expect(rows.nth(1)).toHaveAttribute('data-row-index', '2');
  await expect(rows.nth(1).locator('td').nth(1)).toHaveText('body');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('a body or a summary is required');

  // Not JSON at all.
  await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"items": [') });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('This file is not valid JSON.')).toBeVisible();

  // A CSV in the fixtures' field names.
  const csvText = [
    'summary,challengeArea,branch,leadInstitution,ref,lang',
    `"Publier les contrats de la ville en données ouvertes ${suffix}. Chaque mois.",fiscal-openness,executive,Ministère des Finances,IMP-${suffix}-1,fr`,
    `"Créer un registre public des lobbyistes ${suffix}.",anti-corruption,legislative,Assemblée,IMP-${suffix}-2,fr`,
  ].join('\n');
  await file.setInputFiles({ name: 'proposals.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(result).toContainText('Proposals imported: 2');
  await result.getByText('References given to them').click();
  await expect(result.locator('.references')).toHaveText(/^P-\d{4}, P-\d{4}$/);

  // The watcher is told, and the list shows them on request.
  const list = watcher.getByRole('region', { name: 'Proposals' });
  await expect(list).toContainText('New proposals since this list was loaded: 2.');
  await list.getByRole('button', { name: 'Show them' }).click();
  await expect(list.locator('mesa-proposal-card').first()).toContainText(`lobbyistes ${suffix}`);
  await watcherContext.close();
});

test('a large import shows the upload going, then "Importing N rows…" until the answer', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/processes/${DEMO_SLUG}/import`);
  const suffix = Date.now().toString(36);
  const rows = 3000;
  const csvText = ['ref,title,body,area,sector', ...Array.from({ length: rows }, (_, i) => `BIG-${suffix}-${i},"Propuesta ${i}, de una mesa presencial","Texto de la propuesta ${i}.\nCon dos líneas.",justice,civil-society`)].join('\n');
  // A slow network (emulated: uploads at 1 MB/s, every answer 3 s late) makes each state last long enough to be seen.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 3000, downloadThroughput: -1, uploadThroughput: 1_000_000 });
  await page.getByLabel('File to import').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  const working = page.locator('.import-progress');
  await expect(working.locator('label')).toHaveText('Sending the file…');
  await expect(working.locator('.import-progress__figures')).toHaveText(/^[\d.]+ of 0\.\d MB sent \(\d+ %\)$/);
  await expect(working.locator('label')).toHaveText('Importing 3,000 rows: checking and saving them… A large file takes a minute or two.');
  await expect(working.locator('progress')).toBeVisible();
  const result = page.locator('.import-result');
  await expect(result).toContainText('Proposals imported: 3,000');
  await expect(result).toBeFocused();
  await expect(working).toHaveCount(0);
});
