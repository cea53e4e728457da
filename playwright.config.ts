import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/find-browser.js';

const PORT = Number(process.env['E2E_PORT'] ?? 4329);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env['CI'],
  reporter: process.env['PW_JSON_REPORT'] ? [['list'], ['json', { outputFile: process.env['PW_JSON_REPORT'] }]] : 'list',
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: findBrowser(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: {
    // The real example campaigns, built as a newcomer would, with the site address the tests serve.
    command: `npm run build --silent && npx --no-install astro preview --host 127.0.0.1 --port ${PORT}`,
    url: `${BASE_URL}/`,
    env: { SITE_URL: BASE_URL, ASTRO_TELEMETRY_DISABLED: '1' },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
