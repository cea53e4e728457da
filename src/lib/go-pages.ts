import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { paths, redirectPageHtml, type TrackedLink } from '../core/site/index.ts';

/** Handed over by the content loader (same process) so the links are not computed twice. */
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
      'astro:build:done': ({ dir, logger }) => {
        const links = ((globalThis as Record<symbol, unknown>)[KEY] as TrackedLink[] | undefined) ?? [];
        const root = fileURLToPath(dir);
        const seen = new Set<string>();
        for (const link of links) {
          if (seen.has(link.code)) continue;
          seen.add(link.code);
          // Synchronous on purpose: hundreds of tiny files are written faster without a thread-pool round trip each.
          mkdirSync(`${root}/go/${link.code}`, { recursive: true });
          writeFileSync(`${root}/go/${link.code}/index.html`, redirectPageHtml(link, paths.landing(link.language, link.campaign)));
        }
        logger.info(`${seen.size} tracked-link redirect pages in go/`);
      },
    },
  };
}
