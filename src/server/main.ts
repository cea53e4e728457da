import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatProblem } from '../core/campaign/index.ts';
import { databaseUrl, openStore } from '../core/metrics/index.ts';
import { checkSite, published, trackedLinks, type TrackedLink } from '../core/site/index.ts';
import { createCollector } from './collector.ts';
import { createRedirector } from './go.ts';
import { provideDashboardContext, withRequestFacts } from '../dashboard/context.ts';
import {
  badRequest,
  cameOverHttps,
  clientAddress,
  closeAfter,
  methodNotAllowed,
  sendError,
  trustedHops,
} from './http.ts';
import { applySecurityHeaders, fromThisSite, securityPolicy } from './security.ts';
import { canPrintPdf, createPdfPrinter } from '../views/pdf.ts';
import { offerFirstAccount } from './first-account.ts';
import { createHealthCheck, logRequest } from './operations.ts';
import { joinPrimary, runPrimary, workerCount } from './cluster.ts';
import { createOfferHandlers, OFFER_CHECK_PATH, OFFER_REPORT_PATH } from './offers.ts';
import { startOfferRetention } from '../core/offers/index.ts';
import { createTiplineRoutes } from './tipline/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ServerOptions {
  port?: number;
  host?: string;
  serverEntry?: string;
  /** Open connections at once; past it new ones are refused (slow-client floods). */
  maxConnections?: number;
  /**
   * Open connections from one address at once (without a trusted proxy, whose own address every
   * connection would share): one client cannot take all of maxConnections with idle keep-alives.
   */
  maxConnectionsPerAddress?: number;
  /** Whole headers must arrive within this (ms); slow-loris clients are cut off. */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this (ms). */
  requestTimeoutMs?: number;
  /** The day's visitor salt from the primary process (several workers, src/server/cluster.ts). */
  sharedSalt?: (day: string) => Buffer | undefined;
}

const VALID_HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/;

/** The first segment after /go/, decoded; undefined when its percent-encoding is malformed. */
function goCode(url: string): string | undefined {
  const raw = url.slice(4).split(/[/?#]/)[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * `npm start`: one Node server. The collector and tracked links are answered here directly (they are
 * the hot paths); everything else — the built site and every /dashboard page, sign-in and export — by
 * Astro's node adapter. Every response gets the security headers
 * first, every POST is checked to come from this site, and no request can end the process: whatever a
 * handler throws, sync or async, is answered 500 (or 400) and logged without the request's content.
 */
export async function startServer(options: ServerOptions = {}) {
  const { result, problems } = checkSite(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`campaigns have errors:\n${errors.map(formatProblem).join('\n')}`);
  const live = published(result.campaigns);
  const languagesById = new Map(live.map((c) => [c.campaign.id, new Set(c.campaign.languages.published)]));
  const links = new Map<string, TrackedLink>();
  for (const c of live)
    for (const l of trackedLinks(c.campaign)) if (!links.has(l.code)) links.set(l.code, l);
  const hops = trustedHops();
  const siteUrl = process.env['SITE_URL'] ?? '';
  const siteOrigin = /^https?:\/\//.test(siteUrl) ? new URL(siteUrl).origin : undefined;

  const store = await openStore();
  const collector = createCollector({
    store,
    campaigns: languagesById,
    links,
    proxyHops: hops,
    ...(options.sharedSalt && { sharedSalt: options.sharedSalt }),
    ...(process.env['COLLECT_RATE_PER_MINUTE'] && {
      ratePerMinute: Number(process.env['COLLECT_RATE_PER_MINUTE']),
    }),
  });
  const redirect = createRedirector(links, languagesById, collector);
  const offers = createOfferHandlers({
    store,
    campaigns: live,
    isBot: collector.isBot,
    optedOut: collector.optedOut,
    limited: collector.limited,
    proxyHops: hops,
  });
  // Offer reports past their campaign's retention are deleted at start and after each midnight UTC.
  const retention = startOfferRetention({
    store,
    campaigns: live.map((c) => ({
      campaign: c.campaign.id,
      ...(c.campaign.offerReports && { retentionDays: c.campaign.offerReports.retentionDays }),
    })),
  });
  const tipline = await createTiplineRoutes({ store, campaigns: live, links });
  const printer = canPrintPdf() ? createPdfPrinter() : undefined;
  // The dashboard pages are Astro's (src/dashboard/routes/), in the server build: they share this
  // process's store, campaigns and PDF printer through src/dashboard/context.ts.
  provideDashboardContext({
    store,
    campaigns: live,
    secureCookies: siteUrl.startsWith('https:'),
    ...(printer && { printPdf: printer.print }),
  });
  const health = createHealthCheck(store);
  const requestLog = process.env['REQUEST_LOG'] === 'json';
  const policy = await securityPolicy(process.env['COLLECT_URL'] || '/api/collect');

  const entry = resolve(options.serverEntry ?? 'dist-server/server/entry.mjs');
  if (!existsSync(entry))
    throw new Error(`${entry} not found: run npm run build:server first (npm start does both)`);
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const astro = (await import(pathToFileURL(entry).href)) as { handler: Handler };

  const route = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    applySecurityHeaders(res, policy, path);
    // Astro makes a URL of the Host header; one that is no host name at all is refused here.
    if (!VALID_HOST.test(req.headers.host ?? ''))
      return badRequest(res, 'the Host header is not a host name');
    if (!url.startsWith('/')) return badRequest(res, 'the request target must be a path');
    if (path === '/healthz') return health(req, res);
    const sameSite = () =>
      fromThisSite(req, {
        ...(siteOrigin && { siteOrigin }),
        secure: cameOverHttps(req, hops),
        requireBrowserProof: path.startsWith('/dashboard/'),
      });
    // The collector decides on a cross-site beacon itself, once it has read which event it is: a
    // partner site's embedded banner may send its impression.
    if (path === '/api/collect') return collector.handle(req, res, req.method === 'POST' && !sameSite());
    // The platforms' webhooks are server-to-server calls, authenticated by their own signatures.
    if (tipline.owns(path)) return tipline.handle(req, res, path);
    if (req.method === 'POST' && !sameSite()) {
      closeAfter(req, res);
      return sendError(res, 403, 'cross_site', 'this form can only be sent from a page of this site');
    }
    if (path === OFFER_CHECK_PATH || path === OFFER_REPORT_PATH) return offers.handle(req, res, path);
    // Every dashboard route is an Astro page or endpoint; what only this server knows of the request
    // (the client's address behind trusted proxies, https) goes with it. Nothing of it may be cached.
    if (path === '/dashboard' || path.startsWith('/dashboard/')) {
      res.setHeader('cache-control', 'no-store');
      // Astro's request adapter throws on methods such as TRACE; dashboard forms are small.
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
        return methodNotAllowed(res, 'GET, HEAD, POST');
      if (req.method === 'POST' && Number(req.headers['content-length'] ?? 0) > 4096) {
        closeAfter(req, res);
        return sendError(res, 413, 'too_large', 'dashboard forms are under 4096 bytes');
      }
      return withRequestFacts({ address: clientAddress(req, hops), secure: cameOverHttps(req, hops) }, () =>
        astro.handler(req, res),
      );
    }
    if (url.startsWith('/go/')) {
      const code = goCode(url);
      if (code === undefined) return badRequest(res, 'the tracked-link code is not valid percent-encoding');
      return redirect(req, res, code);
    }
    // The site is read-only: anything but GET and HEAD is refused here, before Astro (whose request
    // adapter throws on methods such as TRACE).
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    return astro.handler(req, res);
  };

  const fail = (res: ServerResponse, e: unknown) => {
    // The message only: a request's URL or body may hold what a reader typed.
    console.error(`counterpoint server: request failed: ${(e as Error)?.message ?? e}`);
    if (res.headersSent) return void res.destroy();
    try {
      sendError(res, 500, 'internal', 'something went wrong on the server; try again');
    } catch {
      res.destroy();
    }
  };
  // Timeouts are checked every second (Node's default is every 30 s, which would let a slow client hold
  // its connection far past headersTimeout).
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    if (requestLog) logRequest(req, res);
    try {
      const done = route(req, res);
      if (done) done.catch((e: unknown) => fail(res, e));
    } catch (e) {
      fail(res, e);
    }
  });
  // Slow clients: whole headers within 10 s, the whole request within 30 s, and a cap on connections.
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.maxConnections = options.maxConnections ?? Number(process.env['MAX_CONNECTIONS'] ?? 10_000);
  // Behind a proxy, idle connections are the proxy's, kept longer than its own idle timeout (60 s on the
  // common load balancers); facing readers directly, an idle connection is let go after 5 s, so readers
  // behind one carrier NAT do not pile up idle sockets against the per-address cap.
  server.keepAliveTimeout = hops ? 65_000 : 5_000;
  const perAddress =
    options.maxConnectionsPerAddress ?? Number(process.env['MAX_CONNECTIONS_PER_ADDRESS'] ?? 1000);
  if (!hops && perAddress > 0) {
    const open = new Map<string, number>();
    server.on('connection', (socket) => {
      const address = socket.remoteAddress ?? '';
      const n = (open.get(address) ?? 0) + 1;
      if (n > perAddress) return void socket.destroy();
      open.set(address, n);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    });
  }
  server.on('clientError', (_err, socket) => {
    if (socket.writable && !socket.destroyed)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const port = options.port ?? Number(process.env['PORT'] ?? 4321);
  const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const stop = async () => {
    server.closeIdleConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    retention.stop();
    await retention.settled();
    await tipline.stop();
    await collector.flush();
    await printer?.close();
    await store.close();
  };
  const owners = [...new Set(live.map((c) => c.campaign.owner.id))];
  return { server, store, collector, stop, owners, url: `http://${host}:${bound}`, database: databaseUrl() };
}

/** `npm start`: one process, or a primary and `WORKERS` workers (default: one per core). */
async function main() {
  const workers = workerCount(process.env, availableParallelism());
  const serverEntry = process.env['SERVER_ENTRY'];
  const started = (url: string, kind: string, location: string, n: number) =>
    console.log(
      `Counterpoint on ${url} (site, /api/collect, /go/<code>, /dashboard/; store ${kind}: ${location}${n > 1 ? `; ${n} workers` : ''})`,
    );
  if (workers > 1 && cluster.isPrimary) {
    // Migrations run here once, before any worker opens the store.
    const store = await openStore();
    await store.close();
    const primary = runPrimary(workers);
    const shutdown = () => void primary.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    const ready = await primary.ready;
    started(ready[0]!.url, ready[0]!.store, ready[0]!.location, workers);
    const account = await openStore();
    await offerFirstAccount(account, ready[0]!.owners);
    await account.close();
    return;
  }
  if (cluster.isWorker) {
    let s: Awaited<ReturnType<typeof startServer>> | undefined;
    const primary = await joinPrimary(async () => {
      s?.server.closeAllConnections();
      await s?.stop();
    });
    s = await startServer({ sharedSalt: primary.sharedSalt, ...(serverEntry && { serverEntry }) });
    primary.ready({ url: s.url, owners: s.owners, store: s.store.kind, location: s.store.location });
    const shutdown = () => void s!.stop().then(() => process.exit(0));
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', () => {});
    return;
  }
  const s = await startServer({ ...(serverEntry && { serverEntry }) });
  started(s.url, s.store.kind, s.store.location, 1);
  await offerFirstAccount(s.store, s.owners);
  const shutdown = () => void s.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await main();
  } catch (e) {
    console.error(`counterpoint server: ${(e as Error).message}`);
    process.exit(1);
  }
}
