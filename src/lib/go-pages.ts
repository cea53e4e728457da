import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { paths } from '../core/site/links.ts';
import { redirectPageHtml, trackedLinks } from '../core/site/tracked-links.ts';

/**
 * Writes /go/<code>/index.html for static hosting once the pages are built: hundreds of two-line
 * redirect pages are plain file writes, not page renders. (In server mode /go/<code> is a real 302.)
 * Returns how many it wrote.
 */
export async function writeGoPages(dir: URL, campaigns: LoadedCampaign[]): Promise<number> {
  const root = fileURLToPath(dir);
  const unique = [
    ...new Map(campaigns.flatMap((c) => trackedLinks(c.campaign)).map((l) => [l.code, l])).values(),
  ];
  // All at once: the file system's thread pool overlaps hundreds of tiny writes.
  await Promise.all(
    unique.map(async (link) => {
      await mkdir(`${root}/go/${link.code}`, { recursive: true });
      await writeFile(
        `${root}/go/${link.code}/index.html`,
        redirectPageHtml(link, paths.landing(link.language, link.campaign)),
      );
    }),
  );
  return unique.length;
}
