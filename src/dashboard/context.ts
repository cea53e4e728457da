import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { createI18n, readLocales, type TFunction } from '../core/i18n/index.ts';
import { openStore, type Store } from '../core/metrics/index.ts';
import { published } from '../core/site/index.ts';
import { checkSite } from '../core/workspace/index.ts';
import { createSignInGate, type SignInGate } from './sign-in.ts';

/** What every dashboard page and export shares: opened once per process. */
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

// The server build bundles its own copy of this module, so the one shared slot is on globalThis, under
// a registered symbol: src/server/main.ts fills it, the pages in the bundle read it.
const SLOT = Symbol.for('counterpoint.dashboard-context');
type Slot = { context?: Promise<DashboardContext>; requests: AsyncLocalStorage<RequestFacts> };
const slot = ((globalThis as Record<symbol, Slot | undefined>)[SLOT] ??= {
  requests: new AsyncLocalStorage<RequestFacts>(),
});

async function translations() {
  const i18n = await createI18n(readLocales(resolve('locales')));
  return (language: string) => i18n.getFixedT(language);
}

/** The server (src/server/main.ts) hands its store, campaigns and printer to the dashboard pages. */
export function provideDashboardContext(opts: {
  store: Store;
  campaigns: LoadedCampaign[];
  printPdf?: (html: string) => Promise<Buffer>;
  secureCookies: boolean;
}): void {
  slot.context = translations().then((t) => ({
    store: opts.store,
    campaigns: new Map(opts.campaigns.map((c) => [c.campaign.id, c])),
    signIn: createSignInGate(opts.store),
    ...(opts.printPdf && { printPdf: opts.printPdf }),
    secureCookies: opts.secureCookies,
    t,
  }));
}

/**
 * After a publish: the dashboard pages read the new campaign list (a new map swapped in, so a page
 * already running keeps a whole list, the old one).
 */
export async function replaceDashboardCampaigns(campaigns: LoadedCampaign[]): Promise<void> {
  const context = await slot.context;
  if (!context) return;
  context.campaigns = new Map(campaigns.map((c) => [c.campaign.id, c]));
}

/** Runs a request's handling with what the server knows of it (its address, https). */
export function withRequestFacts<T>(facts: RequestFacts, run: () => T): T {
  return slot.requests.run(facts, run);
}

/** What the server said of the current request; undefined when the bundle runs without src/server/main.ts. */
export const requestFacts = (): RequestFacts | undefined => slot.requests.getStore();

/**
 * The shared context. Without the Node server in front (the server build started on its own), the
 * pages open the store and read the campaigns themselves, once; there is no PDF printer then.
 */
export function dashboardContext(): Promise<DashboardContext> {
  slot.context ??= (async () => {
    const { result } = checkSite(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
    const store = await openStore();
    return {
      store,
      campaigns: new Map(published(result.campaigns).map((c) => [c.campaign.id, c])),
      signIn: createSignInGate(store),
      secureCookies: (process.env['SITE_URL'] ?? '').startsWith('https:'),
      t: await translations(),
    };
  })();
  return slot.context;
}
