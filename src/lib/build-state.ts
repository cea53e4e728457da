import type { SiteCheck } from '../core/site/check.ts';
import type { Verdict } from '../core/site/prepare.ts';
import type { QrShape } from '../core/site/qr.ts';

// What a build knows about its campaigns, shared by the build integration (src/lib/build-worker.ts),
// the content config and the pages: same process, separate module graphs, hence a global slot.
export type { Verdict };

/** Where the campaigns are: `campaigns/`, or COUNTERPOINT_CAMPAIGNS (the build benchmark's generated set). */
export const campaignsRoot = (): string => process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';

/** HTML for the placeholders of `nonce`: see src/core/campaign/deferred-markdown.ts. */
export interface RenderedMarkdown {
  nonce: string;
  html: string[];
}

/** The public address (share links, QR codes, hreflang) the config takes: SITE_URL, or the local preview's. */
export const siteUrlFromEnv = (): string => process.env['SITE_URL'] ?? 'http://localhost:4321';

export interface BuildState {
  /** The campaigns folder and site address this state was made for. */
  root: string;
  site: string;
  verdict: Promise<Verdict>;
  check: Promise<SiteCheck>;
  /** The check's Markdown as HTML, to put in place of its placeholders (`undefined`: nothing to fill). */
  html: Promise<RenderedMarkdown | undefined>;
  /** QR shapes received so far, by landing page URL. */
  qr: Map<string, QrShape>;
  /** Flyers waiting for their QR shape, by URL. */
  waiting: Map<string, ((shape: QrShape | undefined) => void)[]>;
  qrDone: boolean;
  /** Stops the work (a state replaced because the config names another site). */
  stop?: () => void;
}

const KEY = Symbol.for('counterpoint.build');
const slot = globalThis as Record<symbol, BuildState | undefined>;

/** Set by `startBuildCampaigns` (src/lib/build-worker.ts): by scripts/build.ts, or by the integration. */
export function setBuildState(state: BuildState): void {
  slot[KEY] = state;
}

/** True when a build state exists, that is during `astro build`: campaigns come from it, not the content collection. */
export function building(): boolean {
  return slot[KEY] !== undefined;
}

/** The build's check (its Markdown as placeholders until `buildHtml` fills them); `undefined` outside a build. */
export function buildCheck(): Promise<SiteCheck> | undefined {
  return slot[KEY]?.check;
}

/** HTML for the Markdown placeholders in the build's check, once rendered; `undefined`: nothing to fill. */
export function buildHtml(): Promise<RenderedMarkdown | undefined> {
  return slot[KEY]?.html ?? Promise.resolve(undefined);
}

/**
 * The worker's QR shape for a flyer pointing at `url`, waiting for it if the worker has not drawn it
 * yet; `undefined` when it will not draw this one (the page then draws it).
 */
export function buildQrShape(url: string): QrShape | Promise<QrShape | undefined> | undefined {
  const p = slot[KEY];
  if (!p) return undefined;
  const shape = p.qr.get(url);
  if (shape || p.qrDone) return shape;
  return new Promise((resolve) => p.waiting.set(url, [...(p.waiting.get(url) ?? []), resolve]));
}

/** The build's state, if this is a build. */
export function buildState(): BuildState | undefined {
  return slot[KEY];
}
