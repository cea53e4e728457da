// `npm run build`: starts checking the campaigns (on a worker thread) before loading Astro, then runs
// Astro's build, so the check overlaps Astro's own start-up. `astro build` alone gives the same site;
// it only starts the check a little later (src/lib/build-worker.ts).
import { campaignsRoot, siteUrlFromEnv } from '../src/lib/build-state.ts';
import { startBuildCampaigns } from '../src/lib/build-worker.ts';

process.env['ASTRO_TELEMETRY_DISABLED'] ??= '1';
startBuildCampaigns(campaignsRoot(), siteUrlFromEnv());
const { build } = await import('astro');
await build({});
