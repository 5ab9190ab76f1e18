import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, PORT } from './tests/e2e/env.ts';

// A fresh data folder per run: the server starts on an empty database and loads the demo.
const dataDir = mkdtempSync(join(tmpdir(), 'mesa-e2e-'));

const env: Record<string, string> = {
  PORT: String(PORT),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  MESA_ADMIN_EMAIL: ADMIN_EMAIL,
  MESA_ADMIN_PASSWORD: ADMIN_PASSWORD,
  LOG_LEVEL: 'warn',
};
if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;

// E2E_BASE_URL=http://127.0.0.1:3000 runs the journeys against a server already running (it
// must use the same admin account, see env.ts) instead of starting one.
const external = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: external ?? BASE_URL,
    locale: 'en-GB',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: external ? undefined : {
    command: 'npm run serve',
    url: `${BASE_URL}/healthz`,
    env,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
