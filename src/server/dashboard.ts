import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { authenticate, canSee, createSession, createThrottle, endSession, normaliseEmail, sessionUser, type User } from '../core/auth/index.ts';
import type { Store } from '../core/metrics/index.ts';
import { buildReport, formatEffectValue, parseFilter, reportToCsv, shareOf, type Report } from '../core/report/index.ts';
import { PrinterBusy } from '../views/pdf.ts';
import { esc, num, pct, REPORT_CSS, reportToHtml, span } from '../views/report-html.ts';
import { cameOverHttps, clientAddress, methodNotAllowed, notFound, readBody, sendError, tooLarge } from './http.ts';

const COOKIE = 'cp_session';

export const DASHBOARD_CSS = `${REPORT_CSS}
form.login{display:grid;gap:.5rem;max-width:20rem}input{font:inherit;padding:.4rem}button{font:inherit;padding:.4rem .8rem}.error{color:#a00000}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0}form.filters div{display:grid}figure.chart{margin:1.5rem 0}figure.chart figcaption{font-weight:600}details{margin:.5rem 0}`;

/** The dashboard's navigation: where you are, who you are, and a way out. */
export function dashboardNav(user: User): string {
  return `<nav aria-label="Dashboard"><ul><li><a href="/dashboard/">All campaigns</a></li><li>${esc(user.email)} (${esc(user.role)})</li><li><form method="post" action="/dashboard/logout"><button type="submit">Sign out</button></form></li></ul></nav>`;
}

function page(title: string, body: string, user?: User): string {
  return `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)} · Counterpoint</title><style>${DASHBOARD_CSS}</style></head><body>${user ? dashboardNav(user) : ''}<main id="main">${body}</main></body></html>\n`;
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  // Security headers (CSP, framing, referrer) are the server's, set in one place: src/server/security.ts.
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(html);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)cp_session=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

const sessionCookie = (token: string, secure: boolean, maxAge = 12 * 3600) =>
  `${COOKIE}=${token}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

function loginForm(error = '', next = '/dashboard/') {
  return page(
    'Sign in',
    `<h1>Sign in to the dashboards</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}<form class="login" method="post" action="/dashboard/login"><input type="hidden" name="next" value="${esc(next)}"><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required><button type="submit">Sign in</button></form>`,
  );
}

/**
 * Where to go after signing in: a dashboard path of this site and nothing else (no other host, no
 * `//evil`, no `/dashboard/../`), normalised by the URL parser; the overview otherwise.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return '/dashboard/';
  let url: URL;
  try {
    url = new URL(next, 'http://dashboard.invalid');
  } catch {
    return '/dashboard/';
  }
  if (url.origin !== 'http://dashboard.invalid' || !url.pathname.startsWith('/dashboard/')) return '/dashboard/';
  return `${url.pathname}${url.search}`;
}

type SortKey = 'title' | 'reach' | 'target' | 'cost';

function overview(reports: Report[], sort: SortKey, user: User): string {
  const targetOf = (r: Report) => r.reach.audiences.reduce((s, a) => s + (a.target ?? 0), 0);
  // Reach is a range (channels overlap): campaigns are ranked by what they can claim, its lower end,
  // then by the upper end; cost by its upper end (the cost if only the lower reach is real).
  const shareOfTarget = (r: Report) => shareOf(r.reach.total.reach, targetOf(r));
  const key: Record<SortKey, (r: Report) => [number | string, number]> = {
    title: (r) => [r.campaign.title, 0],
    reach: (r) => [-r.reach.total.reach.lower, -r.reach.total.reach.upper],
    target: (r) => [-(shareOfTarget(r)?.lower ?? 0), -(shareOfTarget(r)?.upper ?? 0)],
    cost: (r) => [r.cost.per1000Reached?.upper ?? Number.MAX_VALUE, r.cost.per1000Reached?.lower ?? Number.MAX_VALUE],
  };
  const order = (x: [number | string, number], y: [number | string, number]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]);
  const sorted = [...reports].sort((a, b) => order(key[sort](a), key[sort](b)));
  const th = (k: SortKey, label: string) => `<th scope="col"${sort === k ? ` aria-sort="${k === 'title' || k === 'cost' ? 'ascending' : 'descending'}"` : ''}><a href="?sort=${k}">${label}</a></th>`;
  const effects = (r: Report) =>
    r.outcomes
      .filter((o) => o.effect)
      .map((o) => {
        const f = (v: number) => formatEffectValue(v, o.kind);
        const e = o.effect!;
        return `${esc(o.indicator)}: ${f(e.estimate)} ${e.lower === null || e.upper === null ? '(no interval)' : `[${f(e.lower)}, ${f(e.upper)}]`}`;
      })
      .join('<br>') || '—';
  const score = (r: Report) => ['pass', 'warn', 'fail'].map((v) => `${r.scorecard.filter((s) => s.verdict === v).length} ${v}`).join(', ');
  const rows = sorted.map(
    (r) =>
      `<tr><th scope="row"><a href="/dashboard/${esc(r.campaign.id)}/">${esc(r.campaign.title)}</a></th><td>${span(r.reach.total.reach, (v) => num(v))}</td><td>${num(targetOf(r))} (${span(shareOfTarget(r), pct)})</td><td>${span(r.cost.per1000Reached, (v) => num(v, 2))} ${esc(r.cost.currency ?? '')}</td><td>${effects(r)}</td><td>${score(r)}</td></tr>`,
  );
  return page(
    'Campaigns',
    `<h1>Campaigns</h1><p>${user.role === 'admin' ? 'All campaigns.' : `Campaigns of ${esc(user.organisations.join(', '))}.`} People reached are a range: at least the largest single channel, at most the sum of all channels (not de-duplicated), capped at each audience's size; sorted by the lower end. Effects are differences with 95 % intervals.</p><table><caption>Campaigns compared</caption><thead><tr>${th('title', 'Campaign')}${th('reach', 'People reached (range)')}${th('target', 'Target (share reached, range)')}${th('cost', 'Media spend per 1,000 reached (range)')}<th scope="col">Outcome effects</th><th scope="col">Seven rules</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    user,
  );
}

/**
 * Evaluator dashboards: sign-in, the campaign comparison and each campaign's exports (the campaign page
 * is src/dashboard/campaign.astro). Every
 * route checks the session and, for a campaign, that the user's organisation owns it; another
 * organisation's campaign answers 404, as if it did not exist. The session cookie is HttpOnly,
 * SameSite=Strict and limited to /dashboard, so public pages stay cookie-free.
 */
export function createDashboard(opts: { store: Store; campaigns: LoadedCampaign[]; secureCookies?: boolean; proxyHops?: number; printPdf?: (html: string) => Promise<Buffer> }) {
  const { store } = opts;
  const hops = opts.proxyHops ?? 0;
  const byId = new Map(opts.campaigns.map((c) => [c.campaign.id, c]));
  // The throttle's keys are keyed hashes: neither e-mails nor addresses are kept in clear.
  const throttleKey = randomBytes(16);
  const keyOf = (v: string) => createHmac('sha256', throttleKey).update(v).digest('base64url');
  const throttle = createThrottle();
  const checking = {
    active: 0,
    waiting: [] as (() => void)[],
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (this.active >= 2) await new Promise<void>((go) => this.waiting.push(go));
      this.active++;
      try {
        return await work();
      } finally {
        this.active--;
        this.waiting.shift()?.();
      }
    },
  };
  const secure = (req: IncomingMessage) => !!opts.secureCookies || cameOverHttps(req, hops);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    if (path === '/dashboard/login') {
      if (req.method === 'GET') return send(res, 200, loginForm('', safeNext(url.searchParams.get('next'))));
      if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST');
      const body = await readBody(req, 4096, res);
      if (body === undefined) return tooLarge(res, 'sign-in form over 4096 bytes');
      const form = new URLSearchParams(body);
      const email = normaliseEmail(form.get('email') ?? '');
      const next = safeNext(form.get('next'));
      const gate = throttle.reserve(keyOf(email), keyOf(clientAddress(req, hops)));
      if (!gate.ok) {
        const minutes = Math.ceil(gate.retryAfterMs / 60_000);
        return send(res, 429, loginForm(`Too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, next), { 'retry-after': String(Math.ceil(gate.retryAfterMs / 1000)) });
      }
      // scrypt runs on libuv's thread pool, which also serves the site's file reads: at most two
      // password checks at once, a few more waiting, and past that "busy" (nothing counted).
      if (checking.active >= 2 && checking.waiting.length >= 16) {
        gate.cancelled();
        return send(res, 503, loginForm('The server is busy. Try again in a few seconds.', next), { 'retry-after': '5' });
      }
      let user: User | undefined;
      try {
        user = await checking.run(() => authenticate(store, email, form.get('password') ?? ''));
      } catch (e) {
        gate.failed();
        throw e;
      }
      if (!user) {
        gate.failed();
        return send(res, 401, loginForm('E-mail or password is not right.', next));
      }
      gate.succeeded();
      const token = await createSession(store, user);
      res.writeHead(303, { location: next, 'set-cookie': sessionCookie(token, secure(req)), 'cache-control': 'no-store' });
      return void res.end();
    }
    const token = cookieToken(req);
    const user = token ? await sessionUser(store, token) : undefined;
    if (path === '/dashboard/logout') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      if (token) await endSession(store, token);
      res.writeHead(303, { location: '/dashboard/login', 'set-cookie': sessionCookie('', secure(req), 0) });
      return void res.end();
    }
    if (!user) {
      if (/\.(json|csv|pdf)$/.test(path)) return sendError(res, 401, 'unauthorised', 'sign in at /dashboard/login');
      res.writeHead(303, { location: `/dashboard/login?next=${encodeURIComponent(path)}` });
      return void res.end();
    }
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    if (path === '/dashboard/' || path === '/dashboard') {
      const visible = opts.campaigns.filter((c) => canSee(user, c.campaign));
      const reports = await Promise.all(visible.map((c) => buildReport(store, c)));
      const sort = (['title', 'reach', 'target', 'cost'] as const).find((k) => k === url.searchParams.get('sort')) ?? 'title';
      return send(res, 200, overview(reports, sort, user));
    }
    // The campaign page itself (with its chart island) is an Astro page; its exports are answered here.
    const m = /^\/dashboard\/([a-z0-9-]+)\/report\.(json|csv|pdf)$/.exec(path);
    const loaded = m ? byId.get(m[1]!) : undefined;
    // Another organisation's campaign is "not found", so its existence is not revealed either.
    if (!m || !loaded || !canSee(user, loaded.campaign)) return notFound(res, 'no such campaign');
    const report = await buildReport(store, loaded, new Date(), parseFilter(url.searchParams, loaded.campaign));
    const format = m[2];
    const file = `${loaded.campaign.id}-report`;
    if (format === 'json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${file}.json"`, 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(report, null, 2));
    }
    if (format === 'csv') {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"`, 'cache-control': 'no-store' });
      return void res.end(reportToCsv(report));
    }
    if (!opts.printPdf) return notFound(res, 'PDF export needs Chromium on the server');
    let pdf: Buffer;
    try {
      pdf = await opts.printPdf(reportToHtml(report));
    } catch (e) {
      if (!(e instanceof PrinterBusy)) throw e;
      res.setHeader('retry-after', String(e.retryAfterSeconds));
      return sendError(res, 503, 'busy', `the PDF printer is busy; try again in ${e.retryAfterSeconds} seconds`);
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file}.pdf"`, 'cache-control': 'no-store' });
    res.end(pdf);
  }

  return { handle };
}
