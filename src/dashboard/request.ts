import type { APIContext } from 'astro';
import { canSee, dashboardLanguage, sessionUser, type User } from '../core/auth/index.ts';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { FILTER_DATES, type FilterProblem } from '../core/report/index.ts';
import { dashboardContext, dashboardScope, type DashboardContext } from './context.ts';
import { uiFor, type Ui } from './ui.ts';

/** What a page or endpoint of /dashboard gets from Astro (`Astro` in a page, the context in an endpoint). */
export type AstroRequest = Pick<APIContext, 'cookies' | 'request' | 'url' | 'clientAddress'>;

export const SESSION_COOKIE = 'cp_session';
/** The language chosen with the switcher before signing in; signed in, the account keeps it. */
export const LANGUAGE_COOKIE = 'cp_lang';

export interface DashboardRequest {
  context: DashboardContext;
  user: User | undefined;
  ui: Ui;
  /** The client's address (for the sign-in throttle only; never stored). */
  address: string;
  /** Whether cookies must be Secure: the site is on https, or this request came over it. */
  secure: boolean;
}

/** The one error shape of the server: `{error: {code, message}}`. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Session cookie: HttpOnly, SameSite=Strict and limited to /dashboard, so public pages stay cookie-free. */
export function sessionCookie(token: string, secure: boolean, maxAge = 12 * 3600): string {
  return `${SESSION_COOKIE}=${token}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

const cookieValue = (a: AstroRequest, name: string, pattern: RegExp) => {
  const v = a.cookies.get(name)?.value;
  return v && pattern.test(v) ? v : undefined;
};

/**
 * Everything a dashboard page needs about its request: the shared context, the signed-in user (if any),
 * the language (the account's, else the switcher's cookie, else Accept-Language), the address and https.
 */
export async function dashboardRequest(a: AstroRequest): Promise<DashboardRequest> {
  const scope = dashboardScope();
  const context = await dashboardContext(scope);
  const token = cookieValue(a, SESSION_COOKIE, /^[A-Za-z0-9_-]{1,100}$/);
  const user = token ? await sessionUser(context.store, token) : undefined;
  const lang = dashboardLanguage({
    account: user?.language,
    chosen: cookieValue(a, LANGUAGE_COOKIE, /^[a-z]{2}$/),
    acceptLanguage: a.request.headers.get('accept-language'),
  });
  const facts = scope?.request;
  let address = facts?.address;
  if (address === undefined) {
    try {
      address = a.clientAddress;
    } catch {
      address = '';
    }
  }
  return {
    context,
    user,
    ui: uiFor(lang, context.t),
    address,
    secure: context.secureCookies || (facts?.secure ?? a.url.protocol === 'https:'),
  };
}

/**
 * Authorisation, in one place: a page without a session is sent to sign in (303, back here after), an
 * export answers 401; a campaign of another organisation is "not found", so its existence is not
 * revealed either.
 */
export async function signedIn(
  a: AstroRequest,
  kind: 'page' | 'export',
): Promise<(DashboardRequest & { user: User }) | Response> {
  const r = await dashboardRequest(a);
  if (r.user) return r as DashboardRequest & { user: User };
  if (kind === 'export') return jsonError(401, 'unauthorised', 'sign in at /dashboard/login/');
  return new Response(null, {
    status: 303,
    headers: {
      location: `/dashboard/login/?next=${encodeURIComponent(a.url.pathname)}`,
      'cache-control': 'no-store',
    },
  });
}

/** The campaign a signed-in user may see, or a 404 Response. */
export function visibleCampaign(
  r: DashboardRequest & { user: User },
  id: string | undefined,
): LoadedCampaign | Response {
  const loaded = r.context.campaigns.get(id ?? '');
  if (!loaded || !canSee(r.user, loaded.campaign)) return jsonError(404, 'not_found', 'no such campaign');
  return loaded;
}

/**
 * A form body of at most `limit` bytes, or undefined as soon as it passes the limit: the rest is not
 * read (the server closes the connection once the answer is out).
 */
export async function readForm(request: Request, limit: number): Promise<URLSearchParams | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return undefined;
  if (!request.body) return new URLSearchParams();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export const methodNotAllowed = (allow: string) =>
  jsonError(405, 'method_not_allowed', `use ${allow}`, { allow });

/** Why a report filter in the link cannot be used, in the page's language, naming the parameter. */
export const filterProblemText = (ui: Ui, p: FilterProblem) =>
  ui.t(`dashboard.filter.invalid.${p.problem}`, {
    param: p.param,
    value: p.value.length > 40 ? `${p.value.slice(0, 40)}…` : p.value,
    min: FILTER_DATES.min,
    max: FILTER_DATES.max,
  });
