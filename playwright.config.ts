import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

// Debian's Chromium where it is installed (Playwright cannot download its own browser here);
// Playwright's bundled browser elsewhere.
const debianChromium = '/usr/bin/chromium'
const launchOptions = existsSync(debianChromium)
  ? {
      executablePath: debianChromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }
  : {}

const WEB_PORT = 4173
/** The real sync server the e2e specs sync through (tests/e2e/sync.spec.ts), on a fresh database. */
const SYNC_PORT = 3199
const syncDatabase = join(tmpdir(), 'outpost-e2e-sync', 'outpost.sqlite')

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  outputDir: 'test-results/playwright',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${WEB_PORT}`,
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser', testMatch: 'e2e/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
  webServer: [
    {
      // Browser mode: the production renderer build served by vite preview (built by `npm run test:e2e`).
      command: 'npx vite preview --config vite.web.config.ts',
      url: `http://127.0.0.1:${WEB_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // `npm run sync-server` on an empty SQLite database made for this run.
      command: `rm -rf ${JSON.stringify(join(tmpdir(), 'outpost-e2e-sync'))} && npm run sync-server`,
      url: `http://127.0.0.1:${SYNC_PORT}/healthz`,
      env: {
        PORT: String(SYNC_PORT),
        HOST: '127.0.0.1',
        OUTPOST_DATABASE_URL: `sqlite:${syncDatabase}`,
        OUTPOST_AUTH_RATE_LIMIT: '10000',
        // tests/e2e/campaigns.spec.ts runs the SMTP server the campaigns go to, and opens and
        // clicks right after delivery as a person (the machine window is exercised by unit tests).
        OUTPOST_SMTP_URL: 'smtp://127.0.0.1:2599',
        OUTPOST_PUBLIC_URL: `http://127.0.0.1:${SYNC_PORT}`,
        OUTPOST_MACHINE_WINDOW_SECONDS: '0',
        // tests/e2e/workflows.spec.ts watches a workflow's one-hour wait pass in about a second,
        // and webhooks.spec.ts delivers to a receiver on 127.0.0.1.
        OUTPOST_WORKFLOW_TIME_SCALE: '3600',
        OUTPOST_WEBHOOKS_ALLOW_PRIVATE: '1',
        LOG_LEVEL: 'warn',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
})
