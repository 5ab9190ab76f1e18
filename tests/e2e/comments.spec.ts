import { expect, test } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { announcer, apiCall, registerByApi, submitByApi } from './helpers.ts';

test('comments: a thread with positions, replies to depth 3, votes, an edit mark, deletion and sorting', async ({ page, browser }) => {
  const other = await browser.newContext();
  await registerByApi(other.request, 'Olga Other');
  const proposal = await submitByApi(other.request, DEMO_SLUG, { title: `Participatory budget for schools ${Date.now().toString(36)}` });
  await apiCall(other.request, 'POST', `/api/proposals/${proposal.id}/comments`, { body: 'Schools should vote on it too.', alignment: 'for' });

  await registerByApi(page.request, 'Carla Commenter');
  await page.goto(`/proposals/${proposal.id}`);
  const thread = page.getByRole('region', { name: /^Comments/ });
  await expect(thread.getByRole('heading', { name: 'Comments (1)' })).toBeVisible();
  await expect(page.getByText('Live: changes appear as they happen')).toBeVisible();

  // A new comment with a position.
  await thread.getByRole('button', { name: 'Publish comment' }).click();
  await expect(thread.getByText('Write your comment.')).toBeVisible();
  await thread.getByLabel('Your comment').fill('Who audits the spending?');
  await thread.getByRole('group', { name: 'Your position (optional)' }).getByLabel('Neutral').check();
  await thread.getByRole('button', { name: 'Publish comment' }).click();
  await expect(announcer(page)).toContainText('Your comment was published.');
  const mine = page.locator('mesa-comment').filter({ hasText: 'Who audits the spending?' });
  await expect(mine).toContainText('Neutral');
  await expect(thread.getByRole('heading', { name: 'Comments (2)' })).toBeVisible();
  await expect(thread.getByLabel('Your comment')).toHaveValue('');

  // Replies nest, down to the third level, where "Reply" is no longer offered.
  const root = page.locator('mesa-comment').filter({ hasText: 'Schools should vote on it too.' });
  let parent = root;
  for (const level of [2, 3]) {
    await parent.getByRole('button', { name: 'Reply' }).click();
    const box = page.getByLabel(/^Your reply to /);
    await expect(box).toBeFocused();
    await box.fill(`A reply at level ${level}.`);
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await expect(announcer(page)).toContainText('Your reply was published.');
    parent = page.locator('mesa-comment').filter({ hasText: `A reply at level ${level}.` });
    await expect(parent).toBeVisible();
  }
  await expect(page.locator('.comments--replies .comments--replies mesa-comment')).toContainText('A reply at level 3.');
  await expect(parent.getByRole('button', { name: 'Reply' })).toHaveCount(0);

  // Votes on someone else's comment: a toggle with counts.
  const up = root.getByRole('button', { name: /^Useful/ });
  await up.click();
  await expect(up).toHaveAttribute('aria-pressed', 'true');
  await expect(up).toHaveAccessibleName('Useful (votes: 1)');
  await up.click();
  await expect(up).toHaveAttribute('aria-pressed', 'false');
  await expect(up).toHaveAccessibleName('Useful (votes: 0)');
  // No votes on one's own comment.
  await expect(mine.getByRole('button', { name: /^Useful/ })).toHaveCount(0);

  // Edit: marked as edited.
  await mine.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit your comment').fill('Who audits the spending, and how often?');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const edited = page.locator('mesa-comment').filter({ hasText: 'and how often?' });
  await expect(edited).toContainText('(edited)');

  // Sort: newest first puts the latest thread on top.
  await thread.getByLabel('Order').selectOption({ label: 'Newest first' });
  await expect(page.locator('.comments').first().locator(':scope > li').first()).toContainText('and how often?');

  // The other person votes: this page follows without a reload.
  const myId = (await edited.locator('article').getAttribute('id'))!.replace('comment-', '');
  await apiCall(other.request, 'PUT', `/api/comments/${myId}/vote`, { value: 1 });
  await expect(edited.getByText('Useful: 1 · Not useful: 0')).toBeVisible();

  // Delete, after a confirmation: the place in the thread stays.
  await edited.getByRole('button', { name: 'Delete' }).click();
  await edited.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(announcer(page)).toContainText('Your comment was deleted.');
  await expect(page.locator(`#comment-${myId}`)).toContainText('This comment was deleted by its author.');
  await other.close();
});
