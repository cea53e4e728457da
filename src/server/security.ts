import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beaconScript } from '../core/site/beacon.ts';
import { chartScriptHash } from '../views/chart-script.ts';
import { isDashboardPath } from './paths.ts';

/** A CSP source for an inline script: `'sha256-…'` of its exact text. */
export const scriptHash = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const COMMON =
  "default-src 'none'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface SecurityPolicy {
  /** Every header but the CSP, the same on every response. */
  headers: Record<string, string>;
  /** CSP of public pages: the one inline script they may run is the beacon, by its hash. */
  site: string;
  /**
   * CSP of the dashboards: only their own scripts, same-origin (the charts' script at
   * /dashboard/charts.js) or the same script inline in the HTML report, by its hash.
   */
  dashboard: string;
  /**
   * CSP of the authors' editor (/dashboard/editor/): scripts from this server only, by file (its forms
   * are React, bundled by the build); no inline script and no 'unsafe-eval' (form validators are
   * compiled at build time).
   */
  editor: string;
  /**
   * Headers of the collector's answers, which are never documents (204 or a JSON error): what OWASP's
   * REST cheat sheet asks of an API, and nothing a browser only reads on a page. Short, since every
   * beacon pays for each byte of them.
   */
  api: [string, string][];
}

/**
 * The security headers of every response, decided in one place (the server applies them before any
 * handler runs). Styles stay inline-allowed: pages inline their CSS to fit one round trip, and a style
 * cannot run code.
 */
export async function securityPolicy(collectUrl = '/api/collect'): Promise<SecurityPolicy> {
  return {
    headers: {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    },
    site: `${COMMON}; script-src ${scriptHash(beaconScript(collectUrl))}; style-src 'unsafe-inline'`,
    dashboard: `${COMMON}; script-src 'self' ${chartScriptHash()}; style-src 'unsafe-inline'`,
    editor: `${COMMON}; script-src 'self'; style-src 'unsafe-inline'`,
    api: API_HEADERS,
  };
}

/**
 * The headers of answers that are never documents (the collector's 204s, every JSON error): what
 * OWASP's REST cheat sheet asks of an API. Short, since every beacon pays for each byte of them.
 * src/server/http.ts writes them with each such answer, in the same call as its status.
 */
export const API_HEADERS: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
];

/** The authors' editor pages, which run the editor's bundled scripts (and nothing else does). */
export const EDITOR_PAGES = '/dashboard/editor/';

/** `path` is the request's canonical path (src/server/paths.ts), the one its handler is chosen by. */
export function applySecurityHeaders(res: ServerResponse, policy: SecurityPolicy, path: string): void {
  // The collector answers only 204s and JSON errors, and those carry policy.api (API_HEADERS) in the
  // call that writes their status (http.ts): set here one by one, they would cost every beacon twice.
  if (path === '/api/collect') return;
  for (const [name, value] of Object.entries(policy.headers)) res.setHeader(name, value);
  // The embed script is loaded by partner sites' pages (src/pages/embed/): it must be readable
  // cross-origin. It is public and holds nothing of any reader.
  if (path.startsWith('/embed/')) res.setHeader('cross-origin-resource-policy', 'cross-origin');
  res.setHeader(
    'content-security-policy',
    path.startsWith(EDITOR_PAGES) ? policy.editor : isDashboardPath(path) ? policy.dashboard : policy.site,
  );
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Whether a POST comes from a page of this site (CSRF defence). Browsers say so in `Sec-Fetch-Site`;
 * older ones send `Origin`, which must then be this site's (its public address or the Host it was asked
 * under). A request with neither is not from a browser form; `requireBrowserProof` (sign-in, sign-out)
 * refuses it too, while the collector lets it through, since anyone can send a beacon without a browser.
 */
export function fromThisSite(
  req: IncomingMessage,
  opts: { siteOrigin?: string; secure: boolean; requireBrowserProof: boolean },
): boolean {
  const site = first(req.headers['sec-fetch-site']);
  if (site) return site === 'same-origin' || site === 'none';
  const origin = first(req.headers['origin']);
  if (origin) {
    if (origin === 'null') return false;
    const host = first(req.headers['host']);
    const own = [opts.siteOrigin, host && `${opts.secure ? 'https' : 'http'}://${host}`].filter(Boolean);
    return own.includes(origin);
  }
  return !opts.requireBrowserProof;
}
