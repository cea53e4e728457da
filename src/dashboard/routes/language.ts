import type { APIRoute } from 'astro';
import { isDashboardLanguage, setUserLanguage } from '../../core/auth/index.ts';
import { safeNext } from '../sign-in.ts';
import { dashboardRequest, jsonError, LANGUAGE_COOKIE, methodNotAllowed, readForm } from '../request.ts';

export const prerender = false;

/**
 * The language switcher's form: signed in, the choice is the account's (every device follows it);
 * before signing in, a dashboard-only cookie keeps it. Then back to the page it was made on.
 */
export const POST: APIRoute = async (a) => {
  const form = await readForm(a.request, 1024);
  if (!form) return jsonError(413, 'too_large', 'language form over 1024 bytes');
  const language = form.get('language');
  if (!isDashboardLanguage(language)) return jsonError(400, 'bad_request', 'language: expected en, fr or ar');
  const r = await dashboardRequest(a);
  if (r.user) await setUserLanguage(r.context.store, r.user.id, language);
  const cookie = `${LANGUAGE_COOKIE}=${language}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=31536000${r.secure ? '; Secure' : ''}`;
  return new Response(null, {
    status: 303,
    headers: { location: safeNext(form.get('next')), 'set-cookie': cookie, 'cache-control': 'no-store' },
  });
};

export const ALL: APIRoute = () => methodNotAllowed('POST');
