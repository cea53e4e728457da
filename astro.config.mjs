// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { staticHeaders } from './src/lib/static-headers.ts';
import { campaignsIntegration, siteUrlFromEnv } from './src/lib/load-site.ts';
import { campaignEditor } from './src/editor/integration.ts';
import { editorFormsPlugin, editorUi } from './src/editor-ui/integration.ts';

// `npm start` builds in server mode: the same pages plus Astro's node adapter, into dist-server/.
const server = process.env.COUNTERPOINT_MODE === 'server';

/** Every /dashboard route (src/dashboard/routes/), rendered on request; only in server mode. */
/** @type {Record<string, string>} */
const DASHBOARD_ROUTES = {
  '/dashboard': 'Overview.astro',
  '/dashboard/login': 'Login.astro',
  '/dashboard/logout': 'logout.ts',
  '/dashboard/language': 'language.ts',
  '/dashboard/charts.js': 'charts-script.ts',
  '/dashboard/[campaign]': 'Campaign.astro',
  '/dashboard/[campaign]/offers': 'Offers.astro',
  '/dashboard/[campaign]/offers/claim': 'offer-claim.ts',
  '/dashboard/[campaign]/offers/aside': 'offer-aside.ts',
  '/dashboard/[campaign]/claims': 'Claims.astro',
  ...Object.fromEntries(
    ['json', 'csv', 'html', 'pdf'].map((f) => [`/dashboard/[campaign]/report.${f}`, 'report-export.ts']),
  ),
};
/** @type {import('astro').AstroIntegration} */
const dashboardPages = {
  name: 'counterpoint-dashboard',
  hooks: {
    'astro:config:setup': ({ injectRoute }) => {
      for (const [pattern, file] of Object.entries(DASHBOARD_ROUTES))
        injectRoute({ pattern, entrypoint: `./src/dashboard/routes/${file}`, prerender: false });
    },
  },
};

/**
 * The application context (src/app/context.ts) stays out of the pages' bundle: the bundle imports the
 * very module this config imported (by its file URL), so the build's pages render the check the build
 * made before writing anything, and the server's dashboard pages share the server's process state,
 * without a global slot between two copies.
 */
const APP_CONTEXT = fileURLToPath(new URL('./src/app/context.ts', import.meta.url));

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
    // Checks the campaigns before anything is written, then writes the /go/ redirect pages.
    campaignsIntegration(),
    // A static site's headers are its host's to send: written for the hosts that read a _headers file.
    ...(server ? [] : [staticHeaders(process.env.COLLECT_URL)]),
    // Dashboard pages exist only in server mode: the public static site never carries them, and its
    // build does not bundle them.
    ...(server ? [dashboardPages, editorUi()] : []),
    // The campaign editor at /keystatic, in `astro dev` only (it adds nothing to a build).
    campaignEditor(),
  ],
  // src/server/main.ts checks every POST's origin (fromThisSite) before Astro sees it, behind proxies
  // too (Astro's own check compares with the URL it rebuilt, http:// behind a TLS proxy).
  ...(server && { security: { checkOrigin: false } }),
  vite: {
    // The editor's form module (see editorFormsPlugin): resolvable in every mode, built only when imported.
    plugins: [editorFormsPlugin()],
    build: {
      rollupOptions: {
        external: [APP_CONTEXT],
        // Imported by its absolute path wherever the build is written (tests and publishes build
        // outside the repository).
        makeAbsoluteExternalsRelative: false,
      },
    },
  },
  devToolbar: { enabled: false },
  prefetch: false,
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
});
