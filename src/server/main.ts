import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatProblem } from '../core/campaign/index.ts';
import { databaseUrl, openStore } from '../core/metrics/index.ts';
import { checkSite, published, trackedLinks, type TrackedLink } from '../core/site/index.ts';
import { createCollector } from './collector.ts';
import { createRedirector } from './go.ts';
import { createDashboard } from './dashboard.ts';
import { canPrintPdf, printPdf } from '../views/pdf.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * `npm start`: one Node server. The collector and tracked links are answered here directly (they are
 * the hot paths); everything else — the built site and, later, the dashboards — goes to Astro's node
 * adapter.
 */
export async function startServer(options: { port?: number; host?: string; serverEntry?: string } = {}) {
  const { result, problems } = checkSite(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`campaigns have errors:\n${errors.map(formatProblem).join('\n')}`);
  const live = published(result.campaigns);
  const languagesById = new Map(live.map((c) => [c.campaign.id, new Set(c.campaign.languages.published)]));
  const links = new Map<string, TrackedLink>();
  for (const c of live) for (const l of trackedLinks(c.campaign)) if (!links.has(l.code)) links.set(l.code, l);

  const store = await openStore();
  const collector = createCollector({
    store,
    campaigns: languagesById,
    links,
    trustProxy: process.env['TRUST_PROXY'] === '1',
    ...(process.env['COLLECT_RATE_PER_MINUTE'] && { ratePerMinute: Number(process.env['COLLECT_RATE_PER_MINUTE']) }),
  });
  const redirect = createRedirector(links, languagesById, collector);
  const dashboard = createDashboard({
    store,
    campaigns: live,
    secureCookies: (process.env['SITE_URL'] ?? '').startsWith('https:'),
    trustProxy: process.env['TRUST_PROXY'] === '1',
    ...(canPrintPdf() && { printPdf }),
  });

  const entry = resolve(options.serverEntry ?? 'dist-server/server/entry.mjs');
  if (!existsSync(entry)) throw new Error(`${entry} not found: run npm run build:server first (npm start does both)`);
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const astro = (await import(pathToFileURL(entry).href)) as { handler: Handler };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const fail = () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    };
    if (url === '/api/collect' || url.startsWith('/api/collect?')) collector.handle(req, res).catch(fail);
    // A campaign's dashboard page (with its chart island) is rendered by Astro; sign-in, the comparison
    // and the exports are answered here.
    else if (req.method === 'GET' && /^\/dashboard\/[a-z0-9-]+\/(\?.*)?$/.test(url) && !url.startsWith('/dashboard/login')) Promise.resolve(astro.handler(req, res)).catch(fail);
    else if (url === '/dashboard' || url.startsWith('/dashboard/') || url.startsWith('/dashboard?')) dashboard.handle(req, res).catch(fail);
    else if (url.startsWith('/go/')) redirect(req, res, decodeURIComponent(url.slice(4).split(/[/?#]/)[0] ?? '')).catch(fail);
    else Promise.resolve(astro.handler(req, res)).catch(fail);
  });
  server.keepAliveTimeout = 65_000;
  const port = options.port ?? Number(process.env['PORT'] ?? 4321);
  const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const stop = async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await collector.flush();
    await store.close();
  };
  return { server, store, collector, stop, url: `http://${host}:${port}`, database: databaseUrl() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const s = await startServer();
    console.log(`Counterpoint on ${s.url} (site, /api/collect, /go/<code>, /dashboard/; store ${s.store.kind}: ${s.store.location})`);
    const shutdown = () => void s.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (e) {
    console.error(`counterpoint server: ${(e as Error).message}`);
    process.exit(1);
  }
}
