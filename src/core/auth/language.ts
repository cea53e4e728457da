/**
 * The languages the dashboards are translated into. Other locales of the public site have no dashboard
 * strings (`dashboard.*` keys are checked for these three only; see src/core/i18n/locales.ts).
 */
export const DASHBOARD_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];

export const isDashboardLanguage = (v: unknown): v is DashboardLanguage =>
  typeof v === 'string' && (DASHBOARD_LANGUAGES as readonly string[]).includes(v);

/**
 * The best of `supported` for an `Accept-Language` header (RFC 9110 §12.5.4): ranges by quality, then
 * order; a range matches a language or any of its regional forms (`fr-SN` → `fr`), `*` the first
 * supported one. Malformed parts are skipped; nothing acceptable gives undefined.
 *
 * @example negotiateLanguage('ar-MA,ar;q=0.9,fr;q=0.8', ['en', 'fr', 'ar']) // 'ar'
 */
export function negotiateLanguage<T extends string>(
  header: string | null | undefined,
  supported: readonly T[],
): T | undefined {
  if (!header) return undefined;
  const ranges = header
    .slice(0, 1000)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? (params.length ? -1 : 1) : Number(q), i };
    })
    .filter((r) => r.q > 0 && /^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(r.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    if (tag === '*') return supported[0];
    const found =
      supported.find((s) => s.toLowerCase() === tag) ??
      supported.find((s) => tag.startsWith(`${s.toLowerCase()}-`));
    if (found) return found;
  }
  return undefined;
}

/**
 * The language a dashboard page is shown in: the account's setting, else the one chosen with the
 * switcher before signing in (its cookie), else the browser's Accept-Language, else English.
 */
export function dashboardLanguage(opts: {
  account?: string | null | undefined;
  chosen?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
}): DashboardLanguage {
  if (isDashboardLanguage(opts.account)) return opts.account;
  if (isDashboardLanguage(opts.chosen)) return opts.chosen;
  return negotiateLanguage(opts.acceptLanguage, DASHBOARD_LANGUAGES) ?? 'en';
}
