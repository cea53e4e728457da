import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateLanguage, paths, type TrackedLink } from '../core/site/index.ts';
import type { Collector } from './collector.ts';
import { notFound } from './http.ts';

/**
 * /go/<code>: records the click (channel and audience come from the code), then answers 302 to the
 * landing page in the best language, carrying the code so the page's beacon attributes the visit.
 */
export function createRedirector(
  links: Map<string, TrackedLink>,
  published: Map<string, Set<string>>,
  collector: Collector,
) {
  return async function handle(req: IncomingMessage, res: ServerResponse, code: string): Promise<void> {
    const link = links.get(code.toLowerCase());
    const languages = link && published.get(link.campaign);
    if (!link || !languages) return notFound(res, `no tracked link "${code}"`);
    // An embedded banner says which language it was shown in (?l=): the reader chose to click it in that
    // language, so the page opens in it too. Any other value is ignored, not an error.
    const shown = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('l');
    const lang =
      shown && languages.has(shown)
        ? shown
        : negotiateLanguage(link, [...languages], req.headers['accept-language']);
    // A click counts like a beacon: not from bots or readers who opted out, and within the same rate
    // limit (past it the reader is still redirected; the click is just not counted).
    if (!collector.isBot(req) && !collector.optedOut(req) && !collector.limited(req)) {
      try {
        await collector.record(req, {
          campaign: link.campaign,
          type: 'link-click',
          language: lang,
          channel: link.channel,
          audience: link.audience,
          target: link.code,
        });
      } catch {
        // The reader matters more than the count: redirect even when the store is down.
      }
    }
    res.writeHead(302, {
      location: `${paths.landing(lang, link.campaign)}?k=${encodeURIComponent(link.code)}`,
      'cache-control': 'no-store',
    });
    res.end();
  };
}
