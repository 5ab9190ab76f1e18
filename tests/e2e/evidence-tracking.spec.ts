import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiCall, submitByApi } from './helpers.ts';
import { loginByApi } from './rounds-helpers.ts';

/** Runs axe (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${what}: axe violations`).toEqual([]);
}

/** An adopted process with one commitment and two milestones, through the API. */
async function adoptedPlan(admin: APIRequestContext): Promise<{ slug: string; title: string }> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `plan-${suffix}`;
  const day = 86_400_000;
  const base = Date.now() - 60 * day;
  const kinds = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'];
  await apiCall(admin, 'POST', '/api/processes', {
    slug, title: `Tracking journey ${suffix}`, description: 'A process made by the evidence and tracking journey.',
    phases: kinds.map((kind, i) => ({ kind, startsAt: new Date(base + i * 10 * day).toISOString(), endsAt: new Date(base + (i + 1) * 10 * day).toISOString() })),
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const proposal = await submitByApi(admin, slug, { title: 'Clear information on access to justice', area: 'justice', sector: 'civil-society' });
  await apiCall(admin, 'POST', `/api/proposals/${proposal.id}/answer`, { state: 'accepted', answer: 'Taken into the plan as a commitment.' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'prioritisation' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/selection`, { proposalIds: [proposal.id] });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const title = 'Access to justice: clear and accessible information';
  const c = await apiCall<{ id: string; version: number }>(admin, 'POST', `/api/processes/${slug}/commitments`, { title, sourceProposalIds: [proposal.id], area: 'justice' });
  const iso = (n: number) => new Date(Date.now() + n * day).toISOString().slice(0, 10);
  await apiCall(admin, 'PATCH', `/api/commitments/${c.id}`, {
    baseVersion: c.version,
    milestones: [
      { title: 'Plain-language guide published', startsOn: iso(-30), endsOn: iso(60), responsible: 'Council of the Magistracy' },
      { title: 'Guide tested with residents', startsOn: iso(61), endsOn: iso(151), responsible: 'Civil society partners' },
    ],
  });
  await apiCall(admin, 'POST', `/api/processes/${slug}/meetings`, { heldOn: iso(-40), title: 'Forum meeting', kind: 'forum', attendance: { executive: 4, 'civil-society': 7 }, minutesUrl: 'https://example.org/minutes/1' });
  await apiCall(admin, 'POST', `/api/processes/${slug}/active-phase`, { kind: 'adopted' });
  return { slug, title };
}

test('the evidence page shows the checklist; an admin posts a milestone update and the public dashboard shows the new progress', async ({ browser }) => {
  const adminContext = await browser.newContext();
  await loginByApi(adminContext.request);
  const { slug, title } = await adoptedPlan(adminContext.request);
  const admin = await adminContext.newPage();

  // The evidence report: the checklist with each standard's status and its evidence.
  await admin.goto(`/processes/${slug}/evidence`);
  await expect(admin.getByRole('heading', { level: 1, name: 'Co-creation evidence' })).toBeVisible();
  const checklist = admin.getByRole('region', { name: 'OGP Participation and Co-Creation Standards' });
  await expect(checklist.getByRole('listitem')).toHaveCount(7);
  const channels = checklist.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Open channels for input' }) });
  await expect(channels).toContainText('Met');
  await expect(channels.getByRole('link', { name: `/processes/${slug}/proposals` })).toBeVisible();
  const implementation = checklist.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: /Open implementation/ }) });
  await expect(implementation).toContainText('Not yet');
  await expect(checklist.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Reasoned response' }) })).toContainText('Every input has a reasoned response (1 of 1)');
  await expect(admin.getByRole('table', { name: 'Proposals by sector of their source' })).toContainText('Civil society');
  await expectNoSeriousViolations(admin, 'evidence page');

  // A visitor on a phone already follows the dashboard.
  const publicContext = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const visitor = await publicContext.newPage();
  await visitor.goto(`/processes/${slug}/tracking`);
  const commitment = visitor.getByRole('region', { name: new RegExp(title) });
  await expect(commitment.getByTestId('commitment-progress')).toHaveText('0% complete');

  // The admin posts an update from the dashboard's form, by keyboard.
  await admin.goto(`/processes/${slug}/tracking`);
  await expect(admin.getByRole('heading', { level: 1, name: 'Plan tracking' })).toBeVisible();
  const form = admin.getByRole('region', { name: 'Post a milestone update' });
  await form.getByLabel('Milestone').selectOption({ index: 0 });
  await expect(form.getByLabel('Milestone')).toHaveText(/Plain-language guide published \(0 %\)/);
  await form.getByLabel('Status').selectOption('in-progress');
  await form.getByLabel('Progress (0–100 %)').fill('150');
  await form.getByRole('button', { name: 'Post the update' }).click();
  await expect(form.getByRole('alert')).toContainText('progress');
  await form.getByLabel('Progress (0–100 %)').fill('50');
  await form.getByLabel('What changed').fill('Draft guide reviewed by the forum.');
  await form.getByLabel('Evidence (web address, optional)').fill('https://example.org/guide-draft');
  await form.getByLabel('Evidence (web address, optional)').press('Enter');
  await expect(form.getByRole('status')).toHaveText('Update posted.');
  await expectNoSeriousViolations(admin, 'tracking page (admin)');

  // The visitor sees the new progress without reloading: 91 days at 50 % and 91 days at 0 % → 25 %.
  await expect(commitment.getByTestId('commitment-progress')).toHaveText('25% complete');
  await visitor.reload();
  await expect(commitment.getByTestId('commitment-progress')).toHaveText('25% complete');
  await expect(commitment.getByRole('progressbar')).toHaveAttribute('value', '25');
  const updates = visitor.getByRole('region', { name: 'Latest updates' });
  await expect(updates).toContainText('Plain-language guide published: In progress, 50 %');
  await expect(updates).toContainText('Draft guide reviewed by the forum.');
  await expect(visitor.getByRole('link', { name: 'Follow the updates (Atom feed)' })).toHaveAttribute('href', `/api/processes/${slug}/updates.atom`);
  await expect(visitor.getByRole('region', { name: 'Post a milestone update' })).toHaveCount(0); // no update form for the public
  await expectNoSeriousViolations(visitor, 'tracking page (public)');
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);

  // The feed parses as XML in the browser and carries the update.
  const feed = await visitor.evaluate(async (url) => {
    const text = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    return { error: doc.getElementsByTagName('parsererror').length, entries: doc.getElementsByTagName('entry').length, title: doc.querySelector('entry > title')?.textContent };
  }, `/api/processes/${slug}/updates.atom`);
  expect(feed).toEqual({ error: 0, entries: 1, title: expect.stringContaining('Plain-language guide published') });

  // After the update, open implementation is met on the evidence page.
  await visitor.goto(`/processes/${slug}/evidence`);
  await expect(visitor.getByRole('listitem').filter({ has: visitor.getByRole('heading', { name: /Open implementation/ }) })).toContainText('Met');
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);

  await publicContext.close();
  await adminContext.close();
});
