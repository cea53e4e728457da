import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { databaseUrl, openStore } from '../core/metrics/index.ts';
import { trackedLinks, type TrackedLink } from '../core/site/index.ts';
import { liveCampaigns, publishDir } from '../core/authoring/publish.ts';
import { followLiveLink, loadPublishedBuild, loadSiteBuild } from './live-site.ts';
import { createEditorApi, EDITOR_API_PATH } from './editor-api.ts';
import { createCollector } from './collector.ts';
import { createRedirector } from './go.ts';
import { guardConnections } from './connections.ts';
import { canonicalPath, isDashboardPath, redirectStatus, withTrailingSlash } from './paths.ts';
import { createAppContext, withRequestScope } from '../app/context.ts';
import {
  createDashboardContext,
  replaceDashboardCampaigns,
  type DashboardScope,
} from '../dashboard/context.ts';
import {
  answerFailure,
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
import { dailySaltFromSecret, readSaltSecret } from './salt-secret.ts';
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

const COLLECT_PATH = '/api/collect';
const COLLECT_DECISION = { kind: 'canonical', path: COLLECT_PATH } as const;
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
  // Authors save into the campaigns folder; readers get what was last published (src/core/authoring/
  // publish.ts), or before any publish the folder as `npm start` built it.
  const authoring = process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  const published = publishDir();
  const site = await loadSiteBuild(
    resolve(options.serverEntry ?? 'dist-server/server/entry.mjs'),
    liveCampaigns(published) ?? authoring,
  );
  let live = site.campaigns;
  const languagesById = new Map<string, Set<string>>();
  const links = new Map<string, TrackedLink>();
  // The collector and /go/ read these two maps: a publish refills them in one synchronous step.
  const indexCampaigns = (campaigns: LoadedCampaign[]) => {
    languagesById.clear();
    links.clear();
    for (const c of campaigns) {
      languagesById.set(c.campaign.id, new Set(c.campaign.languages.published));
      for (const l of trackedLinks(c.campaign)) if (!links.has(l.code)) links.set(l.code, l);
    }
  };
  indexCampaigns(live);
  const hops = trustedHops();
  const siteUrl = process.env['SITE_URL'] ?? '';
  const siteOrigin = /^https?:\/\//.test(siteUrl) ? new URL(siteUrl).origin : undefined;

  // The server's application context opens the store and builds i18next, once, for every part below
  // (one per server: tests start several in one process, each on its own store).
  const app = createAppContext({ campaignsRoot: authoring });
  const store = await app.store();
  const i18n = await app.i18n();
  const t = (language: string) => i18n.getFixedT(language);
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
  const offerHandlers = (campaigns: LoadedCampaign[]) =>
    createOfferHandlers({
      store,
      campaigns,
      isBot: collector.isBot,
      optedOut: collector.optedOut,
      limited: collector.limited,
      proxyHops: hops,
    });
  let offers = offerHandlers(live);
  // Offer reports past their campaign's retention are deleted at start and after each midnight UTC.
  const offerRetention = (campaigns: LoadedCampaign[]) =>
    startOfferRetention({
      store,
      campaigns: campaigns.map((c) => ({
        campaign: c.campaign.id,
        ...(c.campaign.offerReports && { retentionDays: c.campaign.offerReports.retentionDays }),
      })),
    });
  let retention = offerRetention(live);
  let tipline = await createTiplineRoutes({ store, campaigns: live, links, saltFor: collector.saltFor, t });
  const printer = canPrintPdf() ? createPdfPrinter() : undefined;
  // The dashboard pages are Astro's (src/dashboard/routes/), in the server build: they share this
  // server's store, campaigns and PDF printer, handed to each request (withRequestScope).
  // The dashboard's claims forms write the campaigns folder (the authors'), not a published copy.
  const inFolder = (campaigns: LoadedCampaign[]) =>
    campaigns.map((c) => {
      const dir = resolve(authoring, c.campaign.id);
      return existsSync(dir) ? { ...c, dir: relative(process.cwd(), dir) || dir } : c;
    });
  const dashboard = await createDashboardContext(app, {
    campaigns: inFolder(live),
    secureCookies: siteUrl.startsWith('https:'),
    ...(printer && { printPdf: printer.print }),
  });
  const health = createHealthCheck(store);
  const requestLog = process.env['REQUEST_LOG'] === 'json';
  const policy = await securityPolicy(process.env['COLLECT_URL'] || '/api/collect');

  let astro: { handler: Handler } = site;

  // A publish (here, or by `counterpoint publish` elsewhere) switches to its build without a restart:
  // everything is loaded first, then swapped in one synchronous step, so every request is answered
  // whole by the old site or the new one.
  let switching: { build: string; done: Promise<void> } | undefined;
  const switchTo = (build: string, checked?: LoadedCampaign[]): Promise<void> => {
    // The publish through this server and the link follower may both see one build: load it once.
    if (switching?.build === build) return switching.done;
    follower.seen(build);
    const done = (async () => {
      const next = await loadPublishedBuild(build, checked);
      // The tipline reads the same links map, refilled below; its conversations are in the store.
      const nextTipline = await createTiplineRoutes({
        store,
        campaigns: next.campaigns,
        links,
        saltFor: collector.saltFor,
        t,
      });
      const oldRetention = retention;
      const oldTipline = tipline;
      live = next.campaigns;
      astro = next;
      indexCampaigns(live);
      offers = offerHandlers(live);
      retention = offerRetention(live);
      tipline = nextTipline;
      replaceDashboardCampaigns(dashboard, inFolder(live));
      oldRetention.stop();
      await oldTipline.stop();
    })();
    switching = { build, done };
    return done;
  };
  const follower = followLiveLink(published, switchTo);
  const editor = createEditorApi({
    store,
    root: authoring,
    publishDir: published,
    proxyHops: hops,
    onPublished: switchTo,
  });

  const redirectTo = (req: IncomingMessage, res: ServerResponse, location: string) => {
    // A body sent with it is not read: the connection closes once the redirect is out.
    if (req.method !== 'GET' && req.method !== 'HEAD') closeAfter(req, res);
    res.writeHead(redirectStatus(req.method), { location, 'content-length': 0 });
    res.end();
  };

  const route = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const url = req.url ?? '/';
    // Every beacon's URL, canonical as it is: not searched or decoded again.
    const beacon = url === COLLECT_PATH;
    const cut = beacon ? -1 : url.search(/[?#]/);
    const raw = cut < 0 ? url : url.slice(0, cut);
    const query = cut < 0 || url[cut] === '#' ? '' : url.slice(cut).split('#')[0]!;
    // The path is made canonical once; the security policy and the handler are both chosen from it.
    // Whatever is not answered at its canonical path (redirects, errors) gets the strictest policy.
    const decision = beacon ? COLLECT_DECISION : canonicalPath(raw);
    const path = decision.kind === 'invalid' ? raw : decision.path;
    applySecurityHeaders(res, policy, decision.kind === 'canonical' ? path : '/dashboard/');
    // Astro makes a URL of the Host header; one that is no host name at all is refused here.
    if (!VALID_HOST.test(req.headers.host ?? ''))
      return badRequest(res, 'the Host header is not a host name');
    if (decision.kind === 'invalid')
      return sendError(
        res,
        decision.status,
        decision.status === 400 ? 'bad_request' : 'not_found',
        decision.message,
      );
    if (decision.kind === 'alias' || url.includes('#')) return redirectTo(req, res, `${path}${query}`);
    if (path === '/healthz') return health(req, res);
    const sameSite = () =>
      fromThisSite(req, {
        ...(siteOrigin && { siteOrigin }),
        secure: cameOverHttps(req, hops),
        requireBrowserProof: isDashboardPath(path),
      });
    // The collector decides on a cross-site beacon itself, once it has read which event it is: a
    // partner site's embedded banner may send its impression.
    if (path === COLLECT_PATH) return collector.handle(req, res, req.method === 'POST' && !sameSite());
    // The platforms' webhooks are server-to-server calls, authenticated by their own signatures.
    if (tipline.owns(path)) return tipline.handle(req, res, path);
    if (req.method === 'POST' && !sameSite()) {
      closeAfter(req, res);
      return sendError(res, 403, 'cross_site', 'this form can only be sent from a page of this site');
    }
    if (path === OFFER_CHECK_PATH || path === OFFER_REPORT_PATH) return offers.handle(req, res, path);
    // The editor's JSON API: the dashboard's session cookie (path /dashboard) and the POST check above.
    if (path.startsWith(EDITOR_API_PATH)) {
      res.setHeader('cache-control', 'no-store');
      return editor.handle(req, res, path);
    }
    // Every dashboard route is an Astro page or endpoint; what only this server knows of the request
    // (the client's address behind trusted proxies, https) goes with it. Nothing of it may be cached.
    if (isDashboardPath(path)) {
      res.setHeader('cache-control', 'no-store');
      // Every page's address ends in a slash; a form posted without it keeps its method (308).
      const slashed = withTrailingSlash(path);
      if (slashed) return redirectTo(req, res, `${slashed}${query}`);
      // Astro's request adapter throws on methods such as TRACE; dashboard forms are small.
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
        return methodNotAllowed(res, 'GET, HEAD, POST');
      if (req.method === 'POST' && Number(req.headers['content-length'] ?? 0) > 4096) {
        closeAfter(req, res);
        return sendError(res, 413, 'too_large', 'dashboard forms are under 4096 bytes');
      }
      const scope: DashboardScope = {
        dashboard,
        request: { address: clientAddress(req, hops), secure: cameOverHttps(req, hops) },
      };
      return withRequestScope(scope, () => astro.handler(req, res));
    }
    if (path.startsWith('/go/')) {
      const code = goCode(path);
      if (code === undefined) return badRequest(res, 'the tracked-link code is not valid percent-encoding');
      return redirect(req, res, code);
    }
    // The site is read-only: anything but GET and HEAD is refused here, before Astro (whose request
    // adapter throws on methods such as TRACE).
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const slashed = withTrailingSlash(path);
    if (slashed) return redirectTo(req, res, `${slashed}${query}`);
    return astro.handler(req, res);
  };

  const fail = answerFailure;
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
  // Behind a proxy, idle connections are the proxy's, kept longer than its own idle timeout (60 s on the
  // common load balancers); facing readers directly, an idle connection is let go after 5 s, so readers
  // behind one carrier NAT do not pile up idle sockets against the per-address cap.
  server.keepAliveTimeout = hops ? 65_000 : 5_000;
  const perAddress =
    options.maxConnectionsPerAddress ?? Number(process.env['MAX_CONNECTIONS_PER_ADDRESS'] ?? 1000);
  // The cap on connections is guardConnections' (src/server/connections.ts), not Node's maxConnections,
  // which would refuse the next reader once an attacker has filled the server.
  guardConnections(server, {
    max: options.maxConnections ?? Number(process.env['MAX_CONNECTIONS'] ?? 10_000),
    perAddress: hops ? 0 : Math.max(0, perAddress),
    stalledMs: server.requestTimeout,
  });
  server.on('clientError', (_err, socket) => {
    // Answer 400, then close for good: end() alone would wait for the client to close its side, which
    // a client that never reads never does, and its socket would stay open for ever. The short wait
    // lets the answer go out; setImmediate lets whatever the client sent meanwhile be read first (closing
    // on unread data would reset the connection, and a reading client would lose the answer).
    if (socket.writable && !socket.destroyed) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      setTimeout(() => setImmediate(() => socket.destroy()), 500).unref();
    } else socket.destroy();
  });
  const port = options.port ?? Number(process.env['PORT'] ?? 4321);
  const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const stop = async () => {
    server.closeIdleConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    follower.stop();
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
  // Several machines on one PostgreSQL: the day's salt from SALT_SECRET, alike on every server and
  // worker (src/server/salt-secret.ts); without it, the primary's random salt, or this process's own.
  const secret = readSaltSecret();
  const secretSalt = secret && dailySaltFromSecret(secret);
  const started = (url: string, kind: string, location: string, n: number) =>
    console.log(
      `Counterpoint on ${url} (site, /api/collect, /go/<code>, /dashboard/; store ${kind}: ${location}${n > 1 ? `; ${n} workers` : ''}${secretSalt ? '; salt from SALT_SECRET' : ''})`,
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
    s = await startServer({
      sharedSalt: secretSalt ?? primary.sharedSalt,
      ...(serverEntry && { serverEntry }),
    });
    primary.ready({ url: s.url, owners: s.owners, store: s.store.kind, location: s.store.location });
    const shutdown = () => void s!.stop().then(() => process.exit(0));
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', () => {});
    return;
  }
  const s = await startServer({
    ...(secretSalt && { sharedSalt: secretSalt }),
    ...(serverEntry && { serverEntry }),
  });
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
