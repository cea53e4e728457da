/**
 * Worker thread entry for a build: checks the campaigns, draws the flyers' QR codes and renders the
 * Markdown off the main thread, while Astro starts up, bundles and builds the first pages. Posts, in the
 * order the build needs them:
 * 1. `{ verdict }`: the problems (and tracked links) as soon as the campaigns are checked, so the build
 *    can stop, or go on, early;
 * 2. `{ check, markdown }`: the campaigns, their Markdown still as placeholders (`markdown` has the
 *    sources, in case this worker stops before rendering them);
 * 3. `{ qr }` once per campaign, in the order the flyers are built, then `{ qrDone: true }`;
 * 4. `{ html }`: the rendered Markdown, which only the landing pages (built after the flyers) need.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deferMarkdown } from '../campaign/deferred-markdown.ts';
import { renderMarkdown } from '../campaign/markdown.ts';
import { checkSite } from './check.ts';
import { flyerQrShapes, publishedInOrder } from './prepare.ts';
import { trackedLinks } from './tracked-links.ts';

const { root, locales, site } = workerData as { root: string; locales: string; site: string };
const post = (message: object) => parentPort!.postMessage(message);

const markdown = deferMarkdown();
const check = checkSite(root, locales, { renderMarkdown: markdown.render });
const live = publishedInOrder(check.result.campaigns);
post({ verdict: { problems: check.problems, links: live.flatMap((c) => trackedLinks(c.campaign)) } });
if (!check.problems.some((p) => p.severity === 'error')) {
  post({ check, markdown: { nonce: markdown.nonce, sources: markdown.sources } });
  for (const loaded of live) post({ qr: flyerQrShapes(loaded, site) });
  post({ qrDone: true });
  post({ html: markdown.sources.map(renderMarkdown) });
}
