import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { paths } from '../core/site/links.ts';
import { redirectPageHtml, type TrackedLink } from '../core/site/tracked-links.ts';

/** Handed over by whoever checked the campaigns (the build integration, or the dev content loader; same process). */
const KEY = Symbol.for('counterpoint.trackedLinks');

export function shareTrackedLinks(links: TrackedLink[]): void {
  (globalThis as Record<symbol, unknown>)[KEY] = links;
}

/**
 * Writes /go/<code>/index.html for static hosting once the pages are built: hundreds of two-line
 * redirect pages are plain file writes, not page renders. (In server mode /go/<code> is a real 302.)
 */
export function goPages(): AstroIntegration {
  return {
    name: 'counterpoint-go-pages',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const links = ((globalThis as Record<symbol, unknown>)[KEY] as TrackedLink[] | undefined) ?? [];
        const root = fileURLToPath(dir);
        const unique = [...new Map(links.map((l) => [l.code, l])).values()];
        // All at once: the file system's thread pool overlaps hundreds of tiny writes.
        await Promise.all(
          unique.map(async (link) => {
            await mkdir(`${root}/go/${link.code}`, { recursive: true });
            await writeFile(`${root}/go/${link.code}/index.html`, redirectPageHtml(link, paths.landing(link.language, link.campaign)));
          }),
        );
        logger.info(`${unique.length} tracked-link redirect pages in go/`);
      },
    },
  };
}
