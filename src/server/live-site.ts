import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppContext } from '../app/context.ts';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { published } from '../core/site/index.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A published build, ready to serve: its campaigns (as checked) and its Astro handler. */
export interface SiteBuild {
  campaigns: LoadedCampaign[];
  handler: Handler;
}

/**
 * Loads a server build and the campaigns it was made from: the Astro handler of `entry` (imported once
 * per build: a new build is a new module graph, the old one stays in memory until the process ends)
 * and the campaigns of `campaignsDir`, checked as the build checked them (unless `checked` gives them).
 */
export async function loadSiteBuild(
  entry: string,
  campaignsDir: string,
  checked?: LoadedCampaign[],
): Promise<SiteBuild> {
  // A broken draft in the campaigns folder (before any publish) is left out, not a server that cannot start.
  const campaigns =
    checked ?? createAppContext({ campaignsRoot: campaignsDir, leaveOutBroken: true }).published();
  if (!existsSync(entry))
    throw new Error(`${entry} not found: run npm run build:server first (npm start does both)`);
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const { handler } = (await import(pathToFileURL(resolve(entry)).href)) as { handler: Handler };
  return { campaigns: published(campaigns), handler };
}

/**
 * A published build folder (data/site/builds/<stamp>) as a SiteBuild; `checked`: its campaigns as the
 * publish checked them (spares a second check of every file).
 */
export const loadPublishedBuild = (build: string, checked?: LoadedCampaign[]) =>
  loadSiteBuild(join(build, 'site', 'server', 'entry.mjs'), join(build, 'campaigns'), checked);

/**
 * Follows the `live` link of the publish folder: when a publish made elsewhere (`counterpoint publish`
 * in another process) points it at a new build, `onChange` is called with that build. Checked every
 * `intervalMs`; a publish through this server switches at once and tells `seen` so it is not loaded twice.
 */
export function followLiveLink(dir: string, onChange: (build: string) => Promise<void>, intervalMs = 1000) {
  const read = () => {
    try {
      return resolve(dir, readlinkSync(join(dir, 'live')));
    } catch {
      return undefined;
    }
  };
  let current = read();
  let busy = false;
  const timer = setInterval(() => {
    const now = read();
    if (busy || !now || now === current) return;
    busy = true;
    current = now;
    onChange(now)
      .catch((e: unknown) =>
        console.error(`counterpoint server: the published site could not be loaded: ${(e as Error).message}`),
      )
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    seen: (build: string) => {
      current = build;
    },
    stop: () => clearInterval(timer),
  };
}
