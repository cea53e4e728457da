import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import type { QrShape, SiteCheck } from '../core/site/index.ts';

/** Where the campaigns are: `campaigns/`, or COUNTERPOINT_CAMPAIGNS (the build benchmark's generated set). */
export const campaignsRoot = (): string => process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';

interface Preload {
  root: string;
  check: Promise<SiteCheck | undefined>;
  qr: Promise<Record<string, QrShape> | undefined>;
}

/** Handed from the config hook to the content loader and the pages: same process, separate module graphs. */
const KEY = Symbol.for('counterpoint.preload');
const slot = globalThis as Record<symbol, Preload | undefined>;

/**
 * Starts checking the campaigns and drawing the flyers' QR codes on a worker thread as soon as the
 * build's config is known, so that work overlaps Astro's own start-up and Vite's bundling on a second
 * core. Anything that goes wrong on the worker resolves to `undefined`, and the work is then done in
 * the main thread as before: the worker only ever makes a build faster.
 */
export function preloadSite(): AstroIntegration {
  return {
    name: 'counterpoint-preload',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        const root = campaignsRoot();
        const worker = new Worker(new URL('../core/site/prepare-worker.ts', import.meta.url), {
          workerData: { root, locales: 'locales', site: config.site ?? 'http://localhost:4321' },
        });
        worker.unref();
        let check!: (c: SiteCheck | undefined) => void;
        let qr!: (q: Record<string, QrShape> | undefined) => void;
        slot[KEY] = { root, check: new Promise((r) => (check = r)), qr: new Promise((r) => (qr = r)) };
        worker.on('message', (m: { check?: SiteCheck; qr?: Record<string, QrShape> }) => {
          if (m.check) check(m.check);
          if (m.qr) qr(m.qr);
        });
        const giveUp = () => {
          check(undefined);
          qr(undefined);
        };
        worker.on('error', giveUp);
        worker.on('exit', giveUp);
      },
    },
  };
}

/** The worker's check of `root`, once: later loads (the dev watcher) read the files again. */
export function takePreloadedCheck(root: string): Promise<SiteCheck | undefined> | undefined {
  const p = slot[KEY];
  if (!p || p.root !== root) return undefined;
  const check = p.check;
  p.check = Promise.resolve(undefined);
  return check;
}

/** The worker's QR shapes of the flyers, by landing page URL, if a worker ran. */
export function preloadedQrShapes(): Promise<Record<string, QrShape> | undefined> {
  return slot[KEY]?.qr ?? Promise.resolve(undefined);
}
