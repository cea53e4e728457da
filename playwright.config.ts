import { defineConfig } from '@playwright/test';
import { dirname } from 'node:path';
import { CHROMIUM_ARGS, findBrowser } from './scripts/find-browser.js';

const PORT = Number(process.env['E2E_PORT'] ?? 4329);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** Server mode (`npm start`): collector, tracked links, on its own port and a fresh SQLite file. */
export const SERVER_PORT = PORT + 1;
export const SERVER_URL = `http://127.0.0.1:${SERVER_PORT}`;
export const SERVER_DB = 'test-results/e2e-server.db';
/**
 * A partner's page embedding the banner (tests/e2e/embed.spec.ts): another site (localhost, not
 * 127.0.0.1). The server's campaigns are a copy of the examples whose Peshawar placement is declared
 * on it (tests/fixtures/e2e-campaigns.js): impressions count only from the placement's site.
 */
export const PARTNER_URL = `http://localhost:${PORT + 3}`;
const SERVER_CAMPAIGNS = 'test-results/e2e-campaigns';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env['CI'],
  reporter: process.env['PW_JSON_REPORT']
    ? [['list'], ['json', { outputFile: process.env['PW_JSON_REPORT'] }]]
    : 'list',
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: findBrowser(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      // The real example campaigns, built as a newcomer would, with the site address the tests serve.
      command: `npm run build --silent && npx --no-install astro preview --host 127.0.0.1 --port ${PORT}`,
      url: `${BASE_URL}/`,
      env: { SITE_URL: BASE_URL, ASTRO_TELEMETRY_DISABLED: '1' },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `mkdir -p test-results && rm -f ${SERVER_DB}* && "${process.execPath}" tests/fixtures/e2e-campaigns.js ${SERVER_CAMPAIGNS} ${PARTNER_URL} && npm run build:server --silent && PATH="${dirname(process.execPath)}:$PATH" sh scripts/demo-data.sh > /dev/null && echo 'e2e evaluator password' | "${process.execPath}" bin/counterpoint.js users add e2e@example.org --org example-migration-centre-dakar && "${process.execPath}" src/server/main.ts`,
      url: `${SERVER_URL}/`,
      env: {
        SITE_URL: SERVER_URL,
        PORT: String(SERVER_PORT),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${SERVER_DB}`,
        COUNTERPOINT_CAMPAIGNS: SERVER_CAMPAIGNS,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
