import type { APIRoute } from 'astro';
import { setOfferReportsAside } from '../../core/offers/index.ts';
import { jsonError, methodNotAllowed, readForm, signedIn, visibleCampaign } from '../request.ts';

export const prerender = false;

/** Burst ids are drawn by the server (src/core/offers/bursts.ts): 12 base64url characters. */
const BURST_ID = /^[A-Za-z0-9_-]{12}$/;

/**
 * "Set aside" and "Restore": every report of a burst, or one report, leaves the default list for the
 * set-aside one or comes back; nothing is deleted. A plain POST form, checked like the other dashboard
 * forms (same site, signed in, the campaign's organisation), then back to the list with the outcome.
 */
export const POST: APIRoute = async (a) => {
  const r = await signedIn(a, 'export');
  if (r instanceof Response) return r;
  const loaded = visibleCampaign(r, a.params['campaign']);
  if (loaded instanceof Response) return loaded;
  const form = await readForm(a.request, 1024);
  if (!form) return jsonError(413, 'too_large', 'form over 1024 bytes');
  const aside = form.get('aside');
  if (aside !== '1' && aside !== '0')
    return jsonError(400, 'bad_request', 'aside: expected 1 (set aside) or 0 (restore)');
  const burst = form.get('burst');
  const report = form.get('report');
  if ((burst === null) === (report === null))
    return jsonError(400, 'bad_request', 'burst or report: give one of them');
  if (burst !== null && !BURST_ID.test(burst))
    return jsonError(400, 'bad_request', 'burst: expected a burst id from the offers page');
  const id = Number(report);
  if (report !== null && (!/^\d{1,15}$/.test(report) || id <= 0))
    return jsonError(400, 'bad_request', 'report: expected a report id');
  const changed = await setOfferReportsAside(
    r.context.store,
    loaded.campaign.id,
    burst !== null ? { burst } : { report: id },
    aside === '1',
  );
  // Back to the shelf the reviewer acted from, saying how many reports moved.
  const shelf = aside === '1' ? '' : 'show=set-aside&';
  return new Response(null, {
    status: 303,
    headers: {
      location: `/dashboard/${loaded.campaign.id}/offers/?${shelf}moved=${changed}&aside=${aside}`,
      'cache-control': 'no-store',
    },
  });
};

export const ALL: APIRoute = () => methodNotAllowed('POST');
