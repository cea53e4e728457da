/**
 * The one canonical form of a request path, decided once before routing (issue 15): which security
 * policy applies and which handler runs are both read from it, so no alias (`/%64ashboard/`,
 * `//dashboard/`, `/./dashboard/`, `/a/../dashboard/`, `/\dashboard/`) can reach a dashboard page with
 * the public pages' policy, or a public page under a dashboard cookie path.
 */
export type PathDecision =
  /** The path is canonical. */
  | { kind: 'canonical'; path: string }
  /** The path is an alias: redirect to `path`. */
  | { kind: 'alias'; path: string }
  | { kind: 'invalid'; status: 400 | 404; message: string };

/** Characters a canonical path segment holds as they are (RFC 3986 pchar without percent). */
const PLAIN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
/** A path that is canonical already: no empty, `.` or `..` segment, nothing to decode. */
const FAST = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]+)*\/?$/;

const encodeSegment = (s: string) => {
  let out = '';
  for (const ch of s) {
    if (PLAIN.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
};

/** Whether a canonical path is one of the dashboards' (which get their own policy and handler). */
export const isDashboardPath = (path: string) => path === '/dashboard' || path.startsWith('/dashboard/');

/**
 * The canonical form of `raw` (the request target's path, without its query): percent-encoding decoded
 * and re-encoded one way (upper-case hex, only what must be encoded), `.` and `..` resolved, empty
 * segments (double slashes) dropped, a backslash read as a slash (as browsers and the URL parser do).
 * Malformed percent-encoding or a control character is 400; an encoded slash or backslash, which would
 * make one segment two for whoever decodes it next, is 404, as is any case variant of `dashboard`.
 */
export function canonicalPath(raw: string): PathDecision {
  if (!raw.startsWith('/'))
    return { kind: 'invalid', status: 400, message: 'the request target must be a path' };
  let path = raw;
  if (!FAST.test(raw)) {
    const segments = raw.replaceAll('\\', '/').split('/').slice(1);
    const out: string[] = [];
    for (const segment of segments) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return { kind: 'invalid', status: 400, message: 'the path is not valid percent-encoding' };
      }
      if (/[\u0000-\u001f\u007f]/.test(decoded))
        return { kind: 'invalid', status: 400, message: 'the path holds a control character' };
      if (/[/\\]/.test(decoded)) return { kind: 'invalid', status: 404, message: 'no such page' };
      if (decoded === '' || decoded === '.') continue;
      if (decoded === '..') out.pop();
      else out.push(encodeSegment(decoded));
    }
    const last = segments.at(-1) ?? '';
    const directory = /^(|\.|\.\.|%2e|\.%2e|%2e\.|%2e%2e)$/i.test(last);
    path = out.length ? `/${out.join('/')}${directory ? '/' : ''}` : '/';
  }
  const first = path.split('/')[1] ?? '';
  if (first !== 'dashboard' && first.toLowerCase() === 'dashboard')
    return { kind: 'invalid', status: 404, message: 'no such page' };
  return path === raw ? { kind: 'canonical', path } : { kind: 'alias', path };
}

/**
 * Where a page path without its trailing slash is redirected (the site's URLs all end in one), or
 * undefined: paths with a file extension and Astro's internal `/_…` paths are left alone.
 */
export function withTrailingSlash(path: string): string | undefined {
  if (path.endsWith('/') || path.startsWith('/_')) return undefined;
  if (/\.[0-9a-z]+$/i.test(path.slice(path.lastIndexOf('/')))) return undefined;
  return `${path}/`;
}

/** A redirect's status: 301 for GET, 308 for anything else, so a form's POST is replayed as a POST. */
export const redirectStatus = (method: string | undefined) => (method === 'GET' ? 301 : 308);
