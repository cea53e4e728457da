import type { APIRoute } from 'astro';
import { getOfferReport, reportToClaim } from '../../core/offers/index.ts';
import { jsonError, methodNotAllowed, readForm, signedIn, visibleCampaign } from '../request.ts';

export const prerender = false;

/**
 * "Turn into a claim": one report becomes a claim draft through the claims log's writer
 * (src/core/offers/claim.ts `reportToClaim`), then back to the list with the outcome.
 */
export const POST: APIRoute = async (a) => {
  const r = await signedIn(a, 'export');
  if (r instanceof Response) return r;
  const loaded = visibleCampaign(r, a.params['campaign']);
  if (loaded instanceof Response) return loaded;
  const form = await readForm(a.request, 1024);
  const id = Number(form?.get('report'));
  if (!Number.isInteger(id) || id <= 0) return jsonError(400, 'bad_request', 'report: expected a report id');
  const report = await getOfferReport(r.context.store, loaded.campaign.id, id);
  if (!report) return jsonError(404, 'not_found', 'no such report');
  const claim = await reportToClaim(report);
  return new Response(null, {
    status: 303,
    headers: {
      location: `/dashboard/${loaded.campaign.id}/offers/?claim=${claim ? 'done' : 'unavailable'}`,
      'cache-control': 'no-store',
    },
  });
};

export const ALL: APIRoute = () => methodNotAllowed('POST');
