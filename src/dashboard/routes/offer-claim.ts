import type { APIRoute } from 'astro';
import { addClaim, claimContext } from '../../core/claims/index.ts';
import { claimFromReport, getOfferReport } from '../../core/offers/index.ts';
import { jsonError, methodNotAllowed, readForm, signedIn, visibleCampaign } from '../request.ts';

export const prerender = false;

/**
 * "Turn into a claim": one offer report becomes a claim in the campaign's claims.yaml (checked and
 * written as the claim form's are), then back to the reports with the outcome. The team edits the
 * draft sentence there and links the answer once it is live.
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
  const today = new Date().toISOString().slice(0, 10);
  const result = addClaim(
    loaded.dir,
    claimFromReport(report, loaded.campaign),
    claimContext(loaded.campaign, loaded.pages),
    { today },
  );
  // As the claim form does: the new log replaces this campaign's in the shared context (rule 5 at once).
  if (result.ok) r.context.campaigns.set(loaded.campaign.id, { ...loaded, claims: result.claims });
  const outcome = result.ok ? `done&id=${encodeURIComponent(result.claim.id)}` : 'refused';
  return new Response(null, {
    status: 303,
    headers: {
      location: `/dashboard/${loaded.campaign.id}/offers/?claim=${outcome}`,
      'cache-control': 'no-store',
    },
  });
};

export const ALL: APIRoute = () => methodNotAllowed('POST');
