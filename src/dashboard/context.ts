import { type AppContext, appContext, requestScope } from '../app/context.ts';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import type { TFunction } from '../core/i18n/index.ts';
import { published } from '../core/site/index.ts';
import type { Store } from '../core/metrics/index.ts';
import { createSignInGate, type SignInGate } from './sign-in.ts';

/** What every dashboard page and export shares: made once per process. */
export interface DashboardContext {
  store: Store;
  campaigns: Map<string, LoadedCampaign>;
  signIn: SignInGate;
  /** Prints HTML to a PDF (src/views/pdf.ts); absent where no Chromium is installed. */
  printPdf?: (html: string) => Promise<Buffer>;
  /** The site is served over https (SITE_URL): session cookies are Secure whatever the request says. */
  secureCookies: boolean;
  /** UI strings of one language (`dashboard.*` keys of locales/<code>.json). */
  t(language: string): TFunction;
}

/** What the Node server knows of a request that the Request Astro is given does not say reliably. */
export interface RequestFacts {
  /** The client's address, behind trusted proxies the one the outermost proxy saw (never stored). */
  address: string;
  /** Came over https, directly or as the trusted proxy says. */
  secure: boolean;
}

/**
 * What src/server/main.ts hands each dashboard request (withRequestScope, src/app/context.ts): the
 * server's context and what it knows of the request.
 */
export interface DashboardScope {
  dashboard?: DashboardContext;
  request?: RequestFacts;
}

/** The server's dashboard context, from its application context (store and i18next made there once). */
export async function createDashboardContext(
  app: AppContext,
  opts: { campaigns: LoadedCampaign[]; printPdf?: (html: string) => Promise<Buffer>; secureCookies: boolean },
): Promise<DashboardContext> {
  const store = await app.store();
  const i18n = await app.i18n();
  return {
    store,
    campaigns: new Map(opts.campaigns.map((c) => [c.campaign.id, c])),
    signIn: createSignInGate(store),
    ...(opts.printPdf && { printPdf: opts.printPdf }),
    secureCookies: opts.secureCookies,
    t: (language) => i18n.getFixedT(language),
  };
}

/**
 * After a publish: the dashboard pages read the new campaign list (a new map swapped in, so a page
 * already running keeps a whole list, the old one).
 */
export function replaceDashboardCampaigns(context: DashboardContext, campaigns: LoadedCampaign[]): void {
  context.campaigns = new Map(campaigns.map((c) => [c.campaign.id, c]));
}

let own: Promise<DashboardContext> | undefined;

/** What the server handed the current request, if a server is in front. */
export const dashboardScope = (): DashboardScope | undefined => requestScope() as DashboardScope | undefined;

/**
 * The request's context: the one the server handed over. Without the Node server in front (the server
 * build started on its own), one made here from the application context, once; there is no PDF
 * printer then.
 */
export function dashboardContext(scope = dashboardScope()): Promise<DashboardContext> {
  if (scope?.dashboard) return Promise.resolve(scope.dashboard);
  own ??= (async () => {
    const app = appContext();
    return createDashboardContext(app, {
      campaigns: published(app.campaigns()),
      secureCookies: (process.env['SITE_URL'] ?? '').startsWith('https:'),
    });
  })();
  return own;
}
