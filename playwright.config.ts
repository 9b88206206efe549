import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/fixtures/chromium';

// Tests start their own app servers (e2e/fixtures) with the source each one needs, against the
// production build (`npm run build` first) and a real control plane.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  // A page that lays out a large graph answers in seconds on a loaded two-core CI machine: an
  // assertion waits up to 10 s for what it expects (it still fails if that never comes).
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: CHROMIUM_LAUNCH,
  },
});
