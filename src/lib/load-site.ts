import type { AstroIntegration } from 'astro';
import { formatProblem, type LoadedCampaign, type Problem } from '../core/campaign/index.ts';
import { checkSite, publishedInOrder, type SiteCheck } from '../core/site/index.ts';
import { writeGoPages } from './go-pages.ts';

/** Where the campaigns are: `campaigns/`, or COUNTERPOINT_CAMPAIGNS (tests, the build benchmark). */
export const campaignsRoot = (): string => process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';

/**
 * The site address the config uses: SITE_URL, or the local preview's. An empty SITE_URL (a blank line
 * of an env file) counts as unset: Astro refuses an empty `site`, and every publish's build would fail.
 */
export const siteUrlFromEnv = (): string => process.env['SITE_URL'] || 'http://localhost:4321';

const isError = (p: Problem) => p.severity === 'error';
const errorText = (check: SiteCheck) => check.problems.filter(isError).map(formatProblem).join('\n');

let lastGood: LoadedCampaign[] | undefined;

/**
 * The check a build made before writing anything, handed to its pages. The config and the pages are
 * separate module graphs of one process (Vite bundles the pages), so the hand-over is one global slot;
 * it spares the pages a second check of every file (a third of a 2,400-page build, BENCHMARKS.md).
 */
const BUILD_CHECK = Symbol.for('counterpoint.buildCheck');
const slot = globalThis as { [BUILD_CHECK]?: SiteCheck };

/**
 * The published campaigns, checked as `counterpoint validate` checks them: in a build, the check the
 * integration below made (it stops a build with errors before the pages are made); otherwise checked
 * here. The dev preview keeps showing the last version without errors while an author fixes a file,
 * and says in the terminal what is wrong.
 */
export function loadSite(root: string, { dev = false } = {}): LoadedCampaign[] {
  const check = (!dev && slot[BUILD_CHECK]) || checkSite(root);
  if (check.problems.some(isError)) {
    if (dev && lastGood) {
      console.error(`campaigns have errors; the preview shows the last valid version:\n${errorText(check)}`);
      return lastGood;
    }
    throw new Error(`campaigns have errors:\n${errorText(check)}`);
  }
  lastGood = publishedInOrder(check.result.campaigns);
  return lastGood;
}

/**
 * Checks the campaigns before Astro writes anything: on any error the build stops with every problem
 * located (no stack trace) and the output folder is left as it was. Afterwards it writes the static
 * `/go/<code>` redirect pages of the tracked links. In `astro dev` it tells the pages that show
 * campaigns (src/components/DevReload.astro) when a campaign or a UI string file is saved.
 */
export function campaignsIntegration(): AstroIntegration {
  let check: SiteCheck | undefined;
  return {
    name: 'counterpoint-campaigns',
    hooks: {
      // Before Vite empties the output folder.
      'astro:build:start': ({ logger }) => {
        check = slot[BUILD_CHECK] = checkSite(campaignsRoot());
        if (check.problems.some(isError)) {
          logger.error(`campaigns have errors, nothing was built:\n${errorText(check)}`);
          process.exit(1);
        }
        for (const w of check.problems) logger.warn(formatProblem(w));
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!check) return;
        const n = await writeGoPages(dir, publishedInOrder(check.result.campaigns));
        logger.info(`${n} tracked-link redirect pages in go/`);
      },
      'astro:server:setup': ({ server }) => {
        const watched = [campaignsRoot(), 'locales'];
        server.watcher.add(watched);
        const reload = (path: string) => {
          if (/[/\\](campaigns|locales)[/\\]/.test(path) || path.includes(campaignsRoot()))
            server.ws.send('counterpoint:campaigns-saved', {});
        };
        server.watcher.on('change', reload);
        server.watcher.on('add', reload);
        server.watcher.on('unlink', reload);
      },
    },
  };
}
