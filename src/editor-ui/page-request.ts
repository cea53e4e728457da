import type { APIContext } from 'astro';
import type { User } from '../core/auth/index.ts';
import {
  type AstroRequest,
  type DashboardRequest,
  jsonError,
  methodNotAllowed,
  signedIn,
} from '../dashboard/request.ts';
import { authoringRoot, type PageScreen, pageScreen } from './data.ts';

/**
 * What the editor's page routes (Page, Translate, Preview) each begin with: GET only, a signed-in
 * account, and the page of /dashboard/editor/<campaign>/<lang>/ that account may read — or the answer to
 * send instead (405, the sign-in redirect, 404). `existing`: the page's file must exist (Translate and
 * Preview); the page form also opens a page not yet written. `name`: the page's language in the
 * account's.
 */
export async function pageRequest(
  a: AstroRequest & Pick<APIContext, 'params'>,
  { existing = false } = {},
): Promise<
  | { r: DashboardRequest & { user: User }; screen: PageScreen; campaign: string; lang: string; name: string }
  | Response
> {
  if (a.request.method !== 'GET' && a.request.method !== 'HEAD') return methodNotAllowed('GET');
  const r = await signedIn(a, 'page');
  if (r instanceof Response) return r;
  const { campaign = '', lang = '' } = a.params;
  const screen = pageScreen(authoringRoot(), campaign, lang, r.user);
  if (!screen || (existing && !screen.exists)) return jsonError(404, 'not_found', 'no such page');
  const name = new Intl.DisplayNames([r.ui.lang], { type: 'language' }).of(lang) ?? lang;
  return { r, screen, campaign, lang, name };
}
