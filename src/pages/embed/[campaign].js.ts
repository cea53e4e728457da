import type { APIRoute } from 'astro';
import { embedScript } from '../../core/site/embed.ts';
import { campaignById, collectUrl, publishedCampaigns, siteUrl, translator } from '../../lib/site.ts';

/** /embed/<campaign>.js for every published campaign with placements, in static and server builds alike. */
export function getStaticPaths() {
  return publishedCampaigns()
    .filter((c) => c.campaign.placements.length)
    .map((c) => ({ params: { campaign: c.campaign.id } }));
}

export const GET: APIRoute = ({ params }) =>
  new Response(
    embedScript(campaignById(params.campaign!), (lang, key) => translator(lang)(key), {
      site: siteUrl(),
      collectUrl,
      server: process.env['COUNTERPOINT_MODE'] === 'server',
    }),
    { headers: { 'content-type': 'text/javascript; charset=utf-8' } },
  );
