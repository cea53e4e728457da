import { defineCollection } from 'astro:content';
// Light imports only: a build gets the checked campaigns from a worker thread (src/lib/preload.ts), so
// the heavy core (schemas, YAML, Markdown, sanitiser) is loaded here only when there was no worker.
import { formatProblem, type Problem } from './core/campaign/errors.ts';
import type { SiteCheck } from './core/site/check.ts';
import { trackedLinks } from './core/site/tracked-links.ts';
import { shareTrackedLinks } from './lib/go-pages.ts';
import { campaignsRoot, preloadedVerdict } from './lib/preload.ts';

async function checkHere(): Promise<SiteCheck> {
  const { checkSite } = await import('./core/site/check.ts');
  return checkSite(campaignsRoot());
}

const errorsIn = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');

/**
 * Wires campaigns/ into a content collection through the core loader, so `astro dev` reloads the
 * preview when an author saves a campaign file. Validation is the core's: the same errors as
 * `counterpoint validate`.
 */
const campaigns = defineCollection({
  loader: {
    name: 'counterpoint-campaigns',
    load: async ({ store, logger, watcher }) => {
      /** Stops a build on any error (nothing written); in dev, keeps the last good version. */
      const stopOnErrors = (problems: Problem[]): boolean => {
        const errors = errorsIn(problems);
        if (!errors.length) return false;
        const text = errors.map(formatProblem).join('\n');
        if (watcher) {
          logger.error(`campaigns have errors; the preview shows the last valid version:\n${text}`);
          return true;
        }
        // An author's mistake, not a crash: say what and where, no stack trace, write nothing.
        logger.error(`campaigns have errors, nothing was built:\n${text}`);
        process.exit(1);
      };
      const sync = ({ result, problems }: SiteCheck) => {
        if (stopOnErrors(problems)) return;
        store.clear();
        const live = result.campaigns.filter((c) => c.campaign.status !== 'draft');
        for (const loaded of live) store.set({ id: loaded.campaign.id, data: loaded as unknown as Record<string, unknown> });
        shareTrackedLinks(live.flatMap((c) => trackedLinks(c.campaign)));
      };

      // A build has the campaigns checked on a worker thread. Its verdict comes before the Markdown is
      // rendered, and the pages take the campaigns from the worker (src/lib/site.ts): nothing to store.
      const verdict = watcher ? undefined : await preloadedVerdict(campaignsRoot());
      if (verdict) {
        stopOnErrors(verdict.problems);
        store.clear();
        shareTrackedLinks(verdict.links);
        return;
      }
      sync(await checkHere());
      if (watcher) {
        watcher.add(['campaigns', 'locales']);
        watcher.on('all', (_event, path) => {
          if (/[/\\](campaigns|locales)[/\\]/.test(path)) void checkHere().then(sync);
        });
      }
    },
  },
});

export const collections = { campaigns };
