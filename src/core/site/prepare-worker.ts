/**
 * Worker thread entry for a build: checks the campaigns, draws the flyers' QR codes and renders the
 * Markdown off the main thread, while Astro starts up, bundles and builds the first pages. Posts, in
 * the order the build needs them (see `WorkerMessage`):
 * 1. the verdict as soon as the campaigns are checked, so the build can stop, or go on, early;
 * 2. the campaigns, their Markdown still as placeholders (with the sources, in case this worker stops
 *    before rendering them: rendering never finds a problem, so it can wait);
 * 3. the flyers' QR codes one campaign at a time, in the order Astro builds the flyers;
 * 4. the rendered Markdown, which only the landing pages need (Astro builds them after the flyers).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deferMarkdown } from '../campaign/deferred-markdown.ts';
import { renderMarkdown } from '../campaign/markdown.ts';
import { checkSite } from './check.ts';
import { flyerQrShapes, publishedInOrder, verdictOf, type WorkerMessage } from './prepare.ts';

const { root, locales, site } = workerData as { root: string; locales: string; site: string };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

const markdown = deferMarkdown();
const check = checkSite(root, locales, { renderMarkdown: markdown.render });
const verdict = verdictOf(check);
post({ verdict });
if (!verdict.problems.some((p) => p.severity === 'error')) {
  post({ check, markdown: { nonce: markdown.nonce, sources: markdown.sources } });
  for (const loaded of publishedInOrder(check.result.campaigns)) post({ qr: flyerQrShapes(loaded, site) });
  post({ qrDone: true });
  post({ html: markdown.sources.map(renderMarkdown) });
}
