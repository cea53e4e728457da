import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Builds the server-mode site (`npm run build:server`) from the campaigns folder `campaigns` into `out`,
 * in a child process: Astro's build stops its process on a campaign error and keeps Vite's state in
 * memory, neither of which the running server should share. Rejects with the build's last lines of
 * output when it fails.
 */
export function buildServerSite(campaigns: string, out: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [resolve('scripts/build.ts')], {
      env: {
        ...process.env,
        COUNTERPOINT_MODE: 'server',
        COUNTERPOINT_CAMPAIGNS: campaigns,
        COUNTERPOINT_OUT: out,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0
        ? ok()
        : fail(
            new Error(
              `the server build exited with ${code}: ${output.trim().split('\n').slice(-8).join('\n')}`,
            ),
          ),
    );
  });
}
