import type { APIRoute } from 'astro';
import { endSession } from '../../core/auth/index.ts';
import { dashboardRequest, methodNotAllowed, SESSION_COOKIE, sessionCookie } from '../request.ts';

export const prerender = false;

/** Signing out ends the session on the server, not only in the browser. */
export const POST: APIRoute = async (a) => {
  const r = await dashboardRequest(a);
  const token = a.cookies.get(SESSION_COOKIE)?.value;
  if (token) await endSession(r.context.store, token);
  return new Response(null, {
    status: 303,
    headers: {
      location: '/dashboard/login/',
      'set-cookie': sessionCookie('', r.secure, 0),
      'cache-control': 'no-store',
    },
  });
};

export const ALL: APIRoute = () => methodNotAllowed('POST');
