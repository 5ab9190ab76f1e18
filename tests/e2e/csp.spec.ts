import { expect, test, type Page } from '@playwright/test';
import { apiCall, submitByApi } from './helpers.ts';
import { loginByApi } from './rounds-helpers.ts';

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => { seen.push(v); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.effectiveDirective} ${e.blockedURI} at ${location.pathname}`);
    });
  });
  // Console errors catch what happens before the listener exists (the document's own inline code).
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()); });
  return seen;
}

test('the strict CSP holds on every kind of page: no violation on the SPA, the live workshop, the Yjs editor, the evidence page and the API docs', async ({ page }) => {
  const violations = await watchViolations(page);
  await loginByApi(page.request);
  const admin = page.request;

  // A process in drafting with a selected proposal, a commitment and a workshop, through the API.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `csp-${suffix}`;
  const day = 86_400_000;
  const base = Date.now() - 30 * day;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'];
  await apiCall(admin, 'POST', '/api/processes', {
    slug, title: `CSP journey ${suffix}`, description: 'A process made by the CSP journey.',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 10 * day).toISOString(), endsAt: new Date(base + (i + 1) * 10 * day).toISOString() })),
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposal = await submitByApi(admin, slug, { title: 'Open contracting for every public work', area: 'digital-governance' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/selection`, { proposalIds: [proposal.id] });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const commitment = await apiCall<{ id: string }>(admin, 'POST', `/api/processes/${slug}/commitments`, {
    title: 'Open contracting', sourceProposalIds: [proposal.id], area: 'digital-governance',
  });
  const workshop = await apiCall<{ id: string }>(admin, 'POST', `/api/processes/${slug}/workshops`, {
    title: 'CSP workshop', agenda: [{ title: 'What first?' }], startsAt: new Date().toISOString(), mode: 'in-person',
  });

  // The main header carries the policy (the web app's index.html).
  const home = await page.goto('/');
  expect(home!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('banner')).toBeVisible();

  await page.goto(`/processes/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('CSP journey');
  await page.goto(`/proposals/${proposal.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Open contracting for every public work' })).toBeVisible();
  await expect(page.getByText('Live: changes appear as they happen').first()).toBeVisible();

  await page.goto(`/workshops/${workshop.id}/console`);
  await expect(page.getByRole('heading', { level: 1, name: 'Console: CSP workshop' })).toBeVisible();
  await page.goto(`/workshops/${workshop.id}/projector`);
  await expect(page.getByRole('img', { name: /QR code for the join link/ })).toBeVisible();

  // The co-editor: Yjs over the websocket; typing goes through it.
  await page.goto(`/commitments/${commitment.id}/edit`);
  const field = page.getByRole('textbox').first();
  await expect(field).toBeVisible();
  await field.click();
  await page.keyboard.type('CSP ');

  await page.goto(`/processes/${slug}/evidence`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`/api/processes/${slug}/evidence?format=html`);
  await expect(page.locator('figure svg, h1').first()).toBeVisible();
  // The evidence page's own stylesheet applied (allowed by its hash).
  expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).not.toBe('none');

  await page.goto('/api/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Mesa API');

  expect(violations).toEqual([]);
});
