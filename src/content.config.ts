// The campaigns as an Astro content collection, for `astro dev` (and `astro sync`'s types): the preview
// reloads when an author saves a campaign file. A build does not load this collection; it takes the
// campaigns from src/lib/build-worker.ts, checked on a worker thread while Astro starts, which spares it
// Astro's content runtime. Validation is the core's either way: the same errors as `counterpoint validate`.
import { formatProblem, type Problem } from './core/campaign/errors.ts';
import type { SiteCheck } from './core/site/check.ts';
import { published } from './core/site/prepare.ts';
import { trackedLinks } from './core/site/tracked-links.ts';
import { building, campaignsRoot } from './lib/build-state.ts';
import { checkHere } from './lib/check-here.ts';
import { shareTrackedLinks } from './lib/go-pages.ts';

async function previewCollections() {
  const { defineCollection } = await import('astro:content');
  const campaigns = defineCollection({
    loader: {
      name: 'counterpoint-campaigns',
      load: async ({ store, logger, watcher }) => {
        const sync = ({ result, problems }: SiteCheck) => {
          const errors = problems.filter((p: Problem) => p.severity === 'error');
          if (errors.length) {
            const text = errors.map(formatProblem).join('\n');
            // The preview keeps the last good version until the author fixes the files.
            if (watcher) return logger.error(`campaigns have errors; the preview shows the last valid version:\n${text}`);
            // `astro sync`: an author's mistake, not a crash; say what and where.
            logger.error(`campaigns have errors:\n${text}`);
            process.exit(1);
          }
          store.clear();
          const live = published(result.campaigns);
          for (const loaded of live) store.set({ id: loaded.campaign.id, data: loaded as unknown as Record<string, unknown> });
          shareTrackedLinks(live.flatMap((c) => trackedLinks(c.campaign)));
        };
        sync(await checkHere(campaignsRoot()));
        if (watcher) {
          watcher.add(['campaigns', 'locales']);
          watcher.on('all', (_event, path) => {
            if (/[/\\](campaigns|locales)[/\\]/.test(path)) void checkHere(campaignsRoot()).then(sync);
          });
        }
      },
    },
  });
  return { campaigns };
}

export const collections = building() ? {} : await previewCollections();
