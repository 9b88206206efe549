import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/fixtures/chromium';

// Tests start their own app servers (e2e/fixtures) with the source each one needs, against the
// production build (`npm run build` first) and a real control plane.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: CHROMIUM_LAUNCH,
  },
});
