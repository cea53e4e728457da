import { defineCollection } from 'astro:content';
import { formatProblem } from './core/campaign/index.ts';
import { checkSite, trackedLinks } from './core/site/index.ts';
import { shareTrackedLinks } from './lib/go-pages.ts';

/**
 * Wires campaigns/ into a content collection through the core loader, so `astro dev` reloads the
 * preview when an author saves a campaign file. Validation is the core's: the same errors as
 * `counterpoint validate`.
 */
const campaigns = defineCollection({
  loader: {
    name: 'counterpoint-campaigns',
    load: async ({ store, logger, watcher }) => {
      const sync = () => {
        const { result, problems } = checkSite(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
        const errors = problems.filter((p) => p.severity === 'error');
        if (errors.length) {
          const text = errors.map(formatProblem).join('\n');
          // In dev the preview keeps the last good version; a build stops here and writes nothing.
          if (watcher) return logger.error(`campaigns have errors; the preview shows the last valid version:\n${text}`);
          // An author's mistake, not a crash: say what and where, no stack trace, write nothing.
          logger.error(`campaigns have errors, nothing was built:\n${text}`);
          process.exit(1);
        }
        store.clear();
        const live = result.campaigns.filter((c) => c.campaign.status !== 'draft');
        for (const loaded of live) store.set({ id: loaded.campaign.id, data: loaded as unknown as Record<string, unknown> });
        shareTrackedLinks(live.flatMap((c) => trackedLinks(c.campaign)));
      };
      sync();
      if (watcher) {
        watcher.add(['campaigns', 'locales']);
        watcher.on('all', (_event, path) => {
          if (/[/\\](campaigns|locales)[/\\]/.test(path)) sync();
        });
      }
    },
  },
});

export const collections = { campaigns };
