import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { formatProblem, type Problem } from '../core/campaign/errors.ts';
import type { SiteCheck } from '../core/site/check.ts';
import { verdictOf, type Verdict, type WorkerMessage } from '../core/site/prepare.ts';
import { buildState, campaignsRoot, setBuildState, siteUrlFromEnv, type BuildState, type RenderedMarkdown } from './build-state.ts';
import { checkHere } from './check-here.ts';
import { shareTrackedLinks } from './go-pages.ts';

const isError = (p: Problem) => p.severity === 'error';

/** Checks and renders in this thread: COUNTERPOINT_BUILD_WORKER=0. */
function inThisThread(root: string, site: string): BuildState {
  const check = checkHere(root);
  return { root, site, verdict: check.then(verdictOf), check, html: Promise.resolve(undefined), qr: new Map(), waiting: new Map(), qrDone: true };
}

/**
 * Checks the campaigns, draws the flyers' QR codes and renders the Markdown on a worker thread
 * (src/core/site/prepare-worker.ts), so that work overlaps Astro's own start-up, Vite's bundling and
 * the first pages on a second core. Whatever the worker does not deliver (it failed or stopped) is done
 * in this thread instead: the worker only ever makes a build faster.
 */
function onWorker(root: string, site: string): BuildState {
  const worker = new Worker(new URL('../core/site/prepare-worker.ts', import.meta.url), { workerData: { root, locales: 'locales', site } });
  worker.unref();
  let verdict!: (v: Verdict | Promise<Verdict>) => void;
  let check!: (c: SiteCheck | Promise<SiteCheck>) => void;
  let html!: (h: RenderedMarkdown | undefined | Promise<RenderedMarkdown>) => void;
  const p: BuildState = {
    root,
    site,
    verdict: new Promise((r) => (verdict = r)),
    check: new Promise((r) => (check = r)),
    html: new Promise((r) => (html = r)),
    qr: new Map(),
    waiting: new Map(),
    qrDone: false,
    stop: () => void worker.terminate(),
  };
  let verdicted = false;
  /** True once the campaigns arrived, or are known to have errors (the build stops: nothing to redo). */
  let checked = false;
  let markdown: WorkerMessage['markdown'];
  const endQr = () => {
    p.qrDone = true;
    for (const waiters of p.waiting.values()) for (const resolve of waiters) resolve(undefined);
    p.waiting.clear();
  };
  worker.on('message', (m: WorkerMessage) => {
    if (m.verdict) verdict(m.verdict), (verdicted = true), (checked ||= m.verdict.problems.some(isError));
    if (m.check) check(m.check), (checked = true), (markdown = m.markdown);
    if (m.html && markdown) html({ nonce: markdown.nonce, html: m.html }), (markdown = undefined);
    for (const [url, shape] of Object.entries(m.qr ?? {})) {
      p.qr.set(url, shape);
      for (const resolve of p.waiting.get(url) ?? []) resolve(shape);
      p.waiting.delete(url);
    }
    if (m.qrDone) endQr();
  });
  // Node emits 'exit' after every message the worker sent has been delivered, also after an 'error';
  // only then is it known what the worker did not send, and that is done here.
  worker.on('error', (e: Error) => console.warn(`build worker stopped (${e.message}); the main thread takes over`));
  worker.on('exit', () => {
    if (!checked) {
      checked = true;
      const here = checkHere(root);
      check(here);
      if (!verdicted) verdict(here.then(verdictOf));
    }
    const sources = markdown;
    markdown = undefined;
    if (sources) html(import('../core/campaign/markdown.ts').then((m) => ({ nonce: sources.nonce, html: sources.sources.map(m.renderMarkdown) })));
    else html(undefined);
    endQr();
  });
  return p;
}

/**
 * Starts getting the campaigns of a build, on a worker thread unless COUNTERPOINT_BUILD_WORKER=0.
 * `npm run build` calls it before it even loads Astro (scripts/build.ts), so the check overlaps Astro's
 * start-up; the integration below calls it otherwise, or again if the config names another site.
 */
export function startBuildCampaigns(root: string, site: string): void {
  buildState()?.stop?.();
  setBuildState(process.env['COUNTERPOINT_BUILD_WORKER'] === '0' ? inThisThread(root, site) : onWorker(root, site));
}

/**
 * How a build gets its campaigns: checked as soon as possible (see `startBuildCampaigns`), and
 * validated before Astro writes anything: on any error the build stops with every problem located,
 * and the output folder is left as it was. The pages then take the campaigns from the build state
 * (src/lib/site.ts). `astro dev` reads them through the content collection instead, which reloads them
 * as authors save (src/content.config.ts).
 */
export function buildCampaigns(): AstroIntegration {
  return {
    name: 'counterpoint-campaigns',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        const root = campaignsRoot();
        const site = config.site ?? siteUrlFromEnv();
        const started = buildState();
        if (!started || started.root !== root || started.site !== site) startBuildCampaigns(root, site);
      },
      // Before Vite empties the output folder.
      'astro:build:start': async ({ logger }) => {
        const p = buildState();
        if (!p) return;
        const { problems, links } = await p.verdict;
        const errors = problems.filter(isError);
        if (errors.length) {
          // An author's mistake, not a crash: say what and where, no stack trace, write nothing.
          logger.error(`campaigns have errors, nothing was built:\n${errors.map(formatProblem).join('\n')}`);
          process.exit(1);
        }
        for (const w of problems) logger.warn(formatProblem(w));
        shareTrackedLinks(links);
      },
    },
  };
}
