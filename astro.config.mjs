// @ts-check
import { defineConfig } from 'astro/config';
import { goPages } from './src/lib/go-pages.ts';
import { staticHeaders } from './src/lib/static-headers.ts';
import { buildCampaigns } from './src/lib/build-worker.ts';
import { siteUrlFromEnv } from './src/lib/build-state.ts';
import { campaignEditor } from './src/editor/integration.ts';

// `npm start` builds in server mode: the same pages plus Astro's node adapter, into dist-server/.
const server = process.env.COUNTERPOINT_MODE === 'server';

/** @type {import('astro').AstroIntegration} */
const dashboardPages = {
  name: 'counterpoint-dashboard',
  hooks: {
    'astro:config:setup': ({ injectRoute }) => injectRoute({ pattern: '/dashboard/[campaign]', entrypoint: './src/dashboard/campaign.astro', prerender: false }),
  },
};

/**
 * The public site is static. SITE_URL is the address readers will use: share links, QR codes and
 * hreflang alternates are absolute and built from it.
 */
export default defineConfig({
  site: siteUrlFromEnv(),
  output: 'static',
  // The build benchmark writes elsewhere so it never clobbers the real site.
  outDir: process.env.COUNTERPOINT_OUT ?? (server ? './dist-server' : './dist'),
  // Loaded only in server mode: a static build does not need the adapter (about 0.1 s to load).
  ...(server && { adapter: (await import('@astrojs/node')).default({ mode: 'standalone' }) }),
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // One round trip: the page's CSS travels inside the HTML.
    inlineStylesheets: 'always',
    concurrency: Number(process.env.BUILD_CONCURRENCY ?? 4),
  },
  integrations: [
    // First, so the campaigns are being read on a worker thread while the rest of the build starts.
    buildCampaigns(),
    goPages(),
    // A static site's headers are its host's to send: written for the hosts that read a _headers file.
    ...(server ? [] : [staticHeaders(process.env.COLLECT_URL)]),
    // Dashboard pages (and React, for their charts) exist only in server mode: the public static site
    // never carries them or chart.js, and its build does not bundle them.
    ...(server ? [(await import('@astrojs/react')).default(), dashboardPages] : []),
    // The campaign editor at /keystatic, in `astro dev` only (it adds nothing to a build).
    campaignEditor(),
  ],
  devToolbar: { enabled: false },
  prefetch: false,
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
});
