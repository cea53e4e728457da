import { AsyncLocalStorage } from 'node:async_hooks';
import { relative, resolve, sep } from 'node:path';
import type { i18n as I18n } from 'i18next';
import { formatProblem, type LoadedCampaign, type Problem } from '../core/campaign/index.ts';
import { createI18n, readLocales, type TFunction } from '../core/i18n/locales.ts';
import { openStore, type Store } from '../core/metrics/index.ts';
import { publishedInOrder } from '../core/site/prepare.ts';
import { checkSite, type SiteCheck } from '../core/workspace/index.ts';

/**
 * The application context: the one place that reads the campaigns folder (through the workspace step,
 * src/core/workspace/), builds i18next and opens the store, each once per process, for every entry:
 * the build (src/lib/ hands it to the pages), the server, the dashboards, the editor API and the CLI.
 *
 * The build's pages are bundled by Vite into another module graph than astro.config.mjs's; the bundle
 * keeps this file external (astro.config.mjs), so both graphs share this one module and the check the
 * build made before writing anything is the one the pages render. The server's dashboard pages reach
 * the server's store and campaigns the same way.
 */
export interface AppContext {
  /** The campaigns folder (COUNTERPOINT_CAMPAIGNS, default `campaigns`), as given. */
  readonly campaignsRoot: string;
  readonly localesDir: string;
  /** Every campaign checked as `counterpoint validate` checks them; read on first use, then kept. */
  check(): SiteCheck;
  /** Reads the campaigns folder again (the dev preview after a save, a publish). */
  reload(): SiteCheck;
  /** The campaigns loaded without error (drafts included). */
  campaigns(): LoadedCampaign[];
  /** One campaign loaded without error, by id. */
  campaign(id: string): LoadedCampaign | undefined;
  /** Published campaigns (active and ended), sorted by id; throws with every error located. */
  published(): LoadedCampaign[];
  /**
   * The dev preview's campaigns: the folder read afresh, so the preview shows what was saved last; while
   * an author fixes a file, the last version without errors, with what is wrong said in the terminal.
   */
  preview(): LoadedCampaign[];
  /** The one i18next instance of the process. */
  i18n(): Promise<I18n>;
  /** UI strings of one language (i18next's fixed `t`). */
  t(language: string): Promise<TFunction>;
  /** The store (DATABASE_URL), opened on first use. */
  store(): Promise<Store>;
  /** Uses a store opened elsewhere (the server's, a test's) instead of opening one. */
  useStore(store: Store): void;
  /** Closes the store if this context opened it. */
  close(): Promise<void>;
}

export interface AppOptions {
  campaignsRoot?: string;
  localesDir?: string;
  /** The check to start from (one made just before, by a publish); read from the folder otherwise. */
  checked?: SiteCheck;
  /**
   * The server before any publish: a campaign whose own folder has errors (an author's draft saved with
   * its problems) is left out, said on the console, instead of keeping the whole server from starting;
   * an error outside every campaign's folder still stops it. The static build stays strict.
   */
  leaveOutBroken?: boolean;
}

/**
 * The campaigns whose own folder holds an error, or undefined when an error lies outside every
 * campaign's folder (shared messages, locales: nothing can be served without it).
 */
export function brokenCampaigns(check: SiteCheck, root: string): Set<string> | undefined {
  const broken = new Set<string>();
  for (const p of check.problems) {
    if (p.severity !== 'error') continue;
    const inside = relative(resolve(root), resolve(p.file)).split(sep);
    const id = inside[0];
    if (inside.length < 2 || !id || id === '..' || id.startsWith('_')) return undefined;
    broken.add(id);
  }
  return broken;
}

const isError = (p: Problem) => p.severity === 'error';

/** Where the campaigns are: `campaigns/`, or COUNTERPOINT_CAMPAIGNS (tests, the build benchmark, builds). */
export const campaignsRootFromEnv = (): string => process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';

/**
 * One campaign of an authors' folder checked afresh, as `validate` would (the editor's screens: drafts
 * change with every save, so nothing is kept).
 */
export const checkDraft = (root: string, localesDir: string, id: string): SiteCheck =>
  checkSite(root, localesDir, id);

/** A context over one campaigns folder; most callers want the process's own, `appContext()`. */
export function createAppContext(opts: AppOptions = {}): AppContext {
  const campaignsRoot = opts.campaignsRoot ?? campaignsRootFromEnv();
  const localesDir = opts.localesDir ?? 'locales';
  let checked = opts.checked;
  let i18n: Promise<I18n> | undefined;
  let store: Promise<Store> | undefined;
  let owned = false;
  let publishedOf: { check: SiteCheck; campaigns: LoadedCampaign[] } | undefined;
  let lastGood: LoadedCampaign[] | undefined;
  const errorText = (check: SiteCheck) => check.problems.filter(isError).map(formatProblem).join('\n');
  const context: AppContext = {
    campaignsRoot,
    localesDir,
    check: () => (checked ??= checkSite(campaignsRoot, localesDir)),
    reload: () => (checked = checkSite(campaignsRoot, localesDir)),
    campaigns: () => context.check().result.campaigns,
    campaign: (id) => context.campaigns().find((c) => c.campaign.id === id),
    published: () => {
      const check = context.check();
      if (publishedOf?.check === check) return publishedOf.campaigns;
      let campaigns = check.result.campaigns;
      if (check.problems.some(isError)) {
        const broken = opts.leaveOutBroken ? brokenCampaigns(check, campaignsRoot) : undefined;
        if (!broken) throw new Error(`campaigns have errors:\n${errorText(check)}`);
        console.error(
          `left out until their errors are fixed: ${[...broken].join(', ')}\n${errorText(check)}`,
        );
        campaigns = campaigns.filter((c) => !broken.has(c.campaign.id));
      }
      publishedOf = { check, campaigns: publishedInOrder(campaigns) };
      return publishedOf.campaigns;
    },
    preview: () => {
      const check = context.reload();
      if (check.problems.some(isError) && lastGood) {
        console.error(
          `campaigns have errors; the preview shows the last valid version:\n${errorText(check)}`,
        );
        return lastGood;
      }
      lastGood = context.published();
      return lastGood;
    },
    i18n: () => (i18n ??= createI18n(readLocales(resolve(localesDir)))),
    t: async (language) => (await context.i18n()).getFixedT(language),
    store: () => {
      if (!store) {
        owned = true;
        store = openStore();
      }
      return store;
    },
    useStore: (s) => {
      store = Promise.resolve(s);
      owned = false;
    },
    close: async () => {
      if (store && owned) await (await store).close();
      store = undefined;
    },
  };
  return context;
}

/**
 * What a server hands the pages it has Astro render for one request (src/dashboard/context.ts: the
 * server's dashboard context and what it knows of the request). Astro's standalone handler takes no
 * `locals`, so it travels with the request's async context; it lives here, in the one module the
 * server and the pages' bundle share, so several servers in one process each hand over their own.
 */
const requestScopes = new AsyncLocalStorage<object>();

/** Runs a request's handling with what the server hands its pages. */
export const withRequestScope = <T>(scope: object, run: () => T): T => requestScopes.run(scope, run);

/** What the server handed the current request's pages; undefined without a server in front. */
export const requestScope = (): object | undefined => requestScopes.getStore();

let current: AppContext | undefined;

/** The process's application context, made on first use from the environment. */
export function appContext(): AppContext {
  // The server's build (npm start) leaves out a broken draft rather than stop (see leaveOutBroken).
  current ??= createAppContext({ leaveOutBroken: process.env['COUNTERPOINT_MODE'] === 'server' });
  return current;
}

/** Replaces the process's context (the server after a publish switched the campaigns folder). */
export function setAppContext(context: AppContext): AppContext {
  current = context;
  return context;
}
