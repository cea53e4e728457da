import type { AstroIntegration } from 'astro';
import { appContext, brokenCampaigns, campaignsRootFromEnv } from '../app/context.ts';
import { formatProblem, type Problem } from '../core/campaign/index.ts';
import { writeGoPages } from './go-pages.ts';

/**
 * The site address the config uses: SITE_URL, or the local preview's. An empty SITE_URL (a blank line
 * of an env file) counts as unset: Astro refuses an empty `site`, and every publish's build would fail.
 */
export const siteUrlFromEnv = (): string => process.env['SITE_URL'] || 'http://localhost:4321';

const isError = (p: Problem) => p.severity === 'error';

/**
 * Checks the campaigns before Astro writes anything: on any error the build stops with every problem
 * located (no stack trace) and the output folder is left as it was. The check is the application
 * context's (src/app/context.ts), which the pages share: they render what was checked here, without a
 * second reading of every file. Afterwards it writes the static `/go/<code>` redirect pages of the
 * tracked links. In `astro dev` it tells the pages that show campaigns (src/components/DevReload.astro)
 * when a campaign or a UI string file is saved.
 */
export function campaignsIntegration(): AstroIntegration {
  return {
    name: 'counterpoint-campaigns',
    hooks: {
      // Before Vite empties the output folder.
      'astro:build:start': ({ logger }) => {
        const app = appContext();
        const check = app.check();
        // The server's build leaves a broken draft out (said by published(), below) rather than stop.
        const lenient =
          process.env['COUNTERPOINT_MODE'] === 'server' && brokenCampaigns(check, app.campaignsRoot);
        if (check.problems.some(isError) && !lenient) {
          const errors = check.problems.filter(isError).map(formatProblem).join('\n');
          logger.error(`campaigns have errors, nothing was built:\n${errors}`);
          process.exit(1);
        }
        for (const w of check.problems) if (!isError(w)) logger.warn(formatProblem(w));
        if (lenient) app.published();
      },
      'astro:build:done': async ({ dir, logger }) => {
        const n = await writeGoPages(dir, appContext().published());
        logger.info(`${n} tracked-link redirect pages in go/`);
      },
      'astro:server:setup': ({ server }) => {
        const root = campaignsRootFromEnv();
        server.watcher.add([root, 'locales']);
        const reload = (path: string) => {
          if (/[/\\](campaigns|locales)[/\\]/.test(path) || path.includes(root))
            server.ws.send('counterpoint:campaigns-saved', {});
        };
        server.watcher.on('change', reload);
        server.watcher.on('add', reload);
        server.watcher.on('unlink', reload);
      },
    },
  };
}
