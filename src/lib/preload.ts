import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import type { Problem } from '../core/campaign/errors.ts';
import type { SiteCheck } from '../core/site/check.ts';
import type { QrShape } from '../core/site/qr.ts';
import type { TrackedLink } from '../core/site/tracked-links.ts';

/** Where the campaigns are: `campaigns/`, or COUNTERPOINT_CAMPAIGNS (the build benchmark's generated set). */
export const campaignsRoot = (): string => process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';

/** Whether the campaigns are valid, known before their Markdown is rendered. */
export interface Verdict {
  problems: Problem[];
  links: TrackedLink[];
}

interface Preload {
  root: string;
  verdict: Promise<Verdict | undefined>;
  check: Promise<SiteCheck>;
  /** The check's Markdown as HTML, to put in place of its placeholders (`undefined`: nothing to fill). */
  html: Promise<RenderedMarkdown | undefined>;
  /** QR shapes received so far, by landing page URL. */
  qr: Map<string, QrShape>;
  /** Flyers waiting for their QR shape. */
  waiting: Map<string, (shape: QrShape | undefined) => void>;
  qrDone: boolean;
}

/** HTML for the placeholders of `nonce`: see src/core/campaign/deferred-markdown.ts. */
export interface RenderedMarkdown {
  nonce: string;
  html: string[];
}

type Message = {
  verdict?: Verdict;
  check?: SiteCheck;
  markdown?: { nonce: string; sources: string[] };
  qr?: Record<string, QrShape>;
  qrDone?: true;
  html?: string[];
};

/** Handed from the config hook to the content loader and the pages: same process, separate module graphs. */
const KEY = Symbol.for('counterpoint.preload');
const slot = globalThis as Record<symbol, Preload | undefined>;

/**
 * Starts checking the campaigns, rendering their Markdown and drawing the flyers' QR codes on a worker
 * thread (src/core/site/prepare-worker.ts) as soon as the build's config is known, so that work overlaps
 * Astro's own start-up, Vite's bundling and the first pages on a second core. Whatever the worker does
 * not deliver (it failed or stopped) is done in the main thread as without it: the worker only ever
 * makes a build faster, and COUNTERPOINT_BUILD_WORKER=0 turns it off. `astro dev` does not use it (it
 * reloads campaigns as authors save them).
 */
export function preloadSite(): AstroIntegration {
  return {
    name: 'counterpoint-preload',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build' || process.env['COUNTERPOINT_BUILD_WORKER'] === '0') return;
        const root = campaignsRoot();
        const worker = new Worker(new URL('../core/site/prepare-worker.ts', import.meta.url), {
          workerData: { root, locales: 'locales', site: config.site ?? 'http://localhost:4321' },
        });
        worker.unref();
        let verdict!: (v: Verdict | undefined) => void;
        let check!: (c: SiteCheck | Promise<SiteCheck>) => void;
        let html!: (h: RenderedMarkdown | undefined | Promise<RenderedMarkdown>) => void;
        const p: Preload = {
          root,
          verdict: new Promise((r) => (verdict = r)),
          check: new Promise((r) => (check = r)),
          html: new Promise((r) => (html = r)),
          qr: new Map(),
          waiting: new Map(),
          qrDone: false,
        };
        slot[KEY] = p;
        let checked = false;
        let markdown: { nonce: string; sources: string[] } | undefined;
        const endQr = () => {
          p.qrDone = true;
          for (const resolve of p.waiting.values()) resolve(undefined);
          p.waiting.clear();
        };
        worker.on('message', (m: Message) => {
          if (m.verdict) verdict(m.verdict);
          if (m.check) check(m.check), (checked = true), (markdown = m.markdown);
          if (m.html && markdown) html({ nonce: markdown.nonce, html: m.html }), (markdown = undefined);
          for (const [url, shape] of Object.entries(m.qr ?? {})) {
            p.qr.set(url, shape);
            p.waiting.get(url)?.(shape);
            p.waiting.delete(url);
          }
          if (m.qrDone) endQr();
        });
        // Settling a settled promise does nothing: only what the worker did not send is done here.
        const giveUp = () => {
          verdict(undefined);
          if (!checked) {
            checked = true;
            check(import('../core/site/check.ts').then((m) => m.checkSite(root)));
          }
          const sources = markdown;
          markdown = undefined;
          if (sources) html(import('../core/campaign/markdown.ts').then((m) => ({ nonce: sources.nonce, html: sources.sources.map(m.renderMarkdown) })));
          else html(undefined);
          endQr();
        };
        worker.on('error', giveUp);
        worker.on('exit', giveUp);
      },
    },
  };
}

const preload = (root = campaignsRoot()) => {
  const p = slot[KEY];
  return p && p.root === root ? p : undefined;
};

/** The worker's verdict on `root`: `undefined` when there is no worker or it stopped before saying. */
export function preloadedVerdict(root: string): Promise<Verdict | undefined> {
  return preload(root)?.verdict ?? Promise.resolve(undefined);
}

/**
 * The worker's check (its Markdown as placeholders until `preloadedHtml` fills them), or the whole
 * check made in this thread if the worker stopped early; `undefined` when no worker was started
 * (`astro dev`).
 */
export function preloadedCheck(): Promise<SiteCheck> | undefined {
  return preload()?.check;
}

/** HTML for the Markdown placeholders in the worker's check, once rendered; `undefined`: nothing to fill. */
export function preloadedHtml(): Promise<RenderedMarkdown | undefined> {
  return preload()?.html ?? Promise.resolve(undefined);
}

/**
 * The worker's QR shape for a flyer pointing at `url`, waiting for it if the worker has not drawn it
 * yet; `undefined` when there is no worker or it will not draw this one (the page then draws it).
 */
export function preloadedQrShape(url: string): QrShape | Promise<QrShape | undefined> | undefined {
  const p = preload();
  if (!p) return undefined;
  const shape = p.qr.get(url);
  if (shape || p.qrDone) return shape;
  return new Promise((resolve) => p.waiting.set(url, resolve));
}
