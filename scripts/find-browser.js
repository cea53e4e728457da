// Finds a Chromium for the browser tests. Playwright cannot download its own browser on every
// network, so the tests use the system's Chromium (Debian: apt-get install chromium).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/** How this project runs Debian's Chromium (tests and PDF export): no sandbox in containers, no GPU, nothing phoned home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export function findBrowser() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Tries to install Debian's chromium when we are root on a Debian-like system; returns the path or undefined. */
export function installBrowser(log = console.log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return undefined;
  log("No Chromium found: installing Debian's chromium (apt-get install -y chromium)…");
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    return undefined;
  }
  return findBrowser();
}

export const BROWSER_HELP = `No Chromium was found for the browser tests.
  Debian/Ubuntu:  sudo apt-get install -y chromium
  elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium
  (npx playwright install chromium also works where Playwright's download site is reachable;
   then set CHROMIUM_PATH to the path it prints.)`;
