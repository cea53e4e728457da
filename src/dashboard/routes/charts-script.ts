import type { APIRoute } from 'astro';
import { chartScript } from '../../views/chart-script.ts';

export const prerender = false;

/**
 * /dashboard/charts.js: the charts' script (chart.js and its wrapper, src/views/charts.client.ts),
 * same-origin so that the dashboards' CSP needs no inline script. Public code, no data: no sign-in.
 */
export const GET: APIRoute = () =>
  new Response(chartScript(), {
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
  });
