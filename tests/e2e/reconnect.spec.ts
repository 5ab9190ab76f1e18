import { expect, test, type WebSocketRoute } from '@playwright/test';
import { DEMO_SLUG } from './env.ts';
import { registerByApi, submitByApi } from './helpers.ts';

test('after the connection drops, the page rejoins with its last seq and gets what it missed', async ({ page, browser }) => {
  // Every socket of the page passes through here, so the test can see the joins and cut the line.
  const sockets: WebSocketRoute[] = [];
  const joins: Array<{ room: string; lastSeq?: number }> = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    sockets.push(ws);
    ws.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; room: string; lastSeq?: number };
      if (msg.type === 'join') joins.push({ room: msg.room, ...(msg.lastSeq === undefined ? {} : { lastSeq: msg.lastSeq }) });
      server.send(message);
    });
  });

  const author = await browser.newContext();
  await registerByApi(author.request, 'Rita Reconnect');

  await page.goto(`/processes/${DEMO_SLUG}`);
  const live = page.getByText('Live: changes appear as they happen');
  await expect(live).toBeVisible();
  expect(joins).toEqual([{ room: `process:${DEMO_SLUG}` }]);

  const seen = await submitByApi(author.request, DEMO_SLUG, { title: `Seen live ${Date.now().toString(36)}` });
  await expect(page.locator('mesa-proposal-card').first()).toContainText(seen.title);

  // Cut the line; while it is down, another proposal arrives.
  await sockets[0]!.close({ code: 1006, reason: 'test' });
  await expect(page.getByText('Connecting to live updates…')).toBeVisible();
  const missed = await submitByApi(author.request, DEMO_SLUG, { title: `Missed while offline ${Date.now().toString(36)}` });

  // Back on the line: a join with lastSeq, the missed event replayed, no reload.
  await expect(live).toBeVisible();
  expect(sockets.length).toBe(2);
  expect(joins[1]?.room).toBe(`process:${DEMO_SLUG}`);
  expect(joins[1]?.lastSeq).toBeGreaterThan(0);
  await expect(page.locator('mesa-proposal-card').first()).toContainText(missed.title);
  await expect(page.locator('mesa-proposal-card').nth(1)).toContainText(seen.title);
  await author.close();
});

test('the page sends a ping every 25 seconds', async ({ page }) => {
  await page.clock.install();
  const pings: number[] = [];
  let pongs = 0;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if ((JSON.parse(String(message)) as { type: string }).type === 'ping') pings.push(Date.now());
      server.send(message);
    });
    server.onMessage((message) => {
      if ((JSON.parse(String(message)) as { type: string }).type === 'pong') pongs += 1;
      ws.send(message);
    });
  });
  await page.goto(`/processes/${DEMO_SLUG}`);
  await expect(page.getByText('Live: changes appear as they happen')).toBeVisible();
  // The interval may have started a moment before the page showed "Live": count pings per 25 s.
  await page.clock.runFor(26_000);
  await expect.poll(() => pings.length).toBeGreaterThanOrEqual(1);
  await expect.poll(() => pongs).toBeGreaterThanOrEqual(1);
  const before = pings.length;
  // The pong keeps the socket: the next tick pings again rather than reconnecting.
  await page.clock.runFor(25_000);
  await expect.poll(() => pings.length).toBe(before + 1);
  await expect(page.getByText('Live: changes appear as they happen')).toBeVisible();
});
