import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_HEADERS } from './security.ts';

/**
 * The one error shape every handler answers with: `{error: {code, message}}`. An answer without a
 * content security policy yet (the collector's, whose headers are not set ahead: security.ts) gets the
 * API's security headers with it.
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  };
  if (!res.hasHeader('content-security-policy'))
    for (const [name, value] of API_HEADERS) headers[name] = value;
  res.writeHead(status, headers);
  res.end(body);
}

export const badRequest = (res: ServerResponse, message: string) =>
  sendError(res, 400, 'bad_request', message);
export const notFound = (res: ServerResponse, message: string) => sendError(res, 404, 'not_found', message);
export const tooLarge = (res: ServerResponse, message: string) => sendError(res, 413, 'too_large', message);
export const tooMany = (res: ServerResponse, message: string) => sendError(res, 429, 'rate_limited', message);
export const methodNotAllowed = (res: ServerResponse, allow: string) => {
  res.setHeader('allow', allow);
  sendError(res, 405, 'method_not_allowed', `use ${allow}`);
};

/** The collector's 204: the API's security headers and no-store, as one list in one call. */
const NO_CONTENT = [...API_HEADERS.flat(), 'cache-control', 'no-store'];
export function noContent(res: ServerResponse): void {
  res.writeHead(204, NO_CONTENT);
  res.end();
}

/**
 * For an answer sent before the request body was read (too large, refused): the connection closes once
 * the answer is out, instead of the server draining a body the client may never finish sending.
 */
export function closeAfter(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.socket.destroy());
}

/**
 * Reads a request body up to `limit` bytes, then calls `then` once only: with the body; with undefined as
 * soon as it passes the limit (reading stops there: the rest is not buffered, and the connection is
 * closed once the answer is sent); or with undefined and the stream's error. The callback form is the
 * collector's, where a promise per request shows in its CPU per beacon.
 */
export function readBodyThen(
  req: IncomingMessage,
  limit: number,
  res: ServerResponse | undefined,
  then: (body: string | undefined, error?: unknown) => void,
): void {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let size = 0;
  // Once only: a stream error after the body was read (the client gone) must not answer it again.
  let called = false;
  const once = (body: string | undefined, error?: unknown) => {
    if (called) return;
    called = true;
    then(body, error);
  };
  const onData = (c: Buffer) => {
    size += c.length;
    if (size <= limit) {
      if (first === undefined) first = c;
      else (more ??= [first]).push(c);
      return;
    }
    req.off('data', onData);
    req.off('end', onEnd);
    req.pause();
    // Close the connection after the 413 instead of draining a body the client may never finish.
    if (res) closeAfter(req, res);
    once(undefined);
  };
  const onEnd = () => once(more ? Buffer.concat(more).toString('utf8') : first ? first.toString('utf8') : '');
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', (e) => once(undefined, e));
}

/** readBodyThen as a promise, rejected with the stream's error. */
export function readBody(
  req: IncomingMessage,
  limit: number,
  res?: ServerResponse,
): Promise<string | undefined> {
  return new Promise((resolve, reject) =>
    readBodyThen(req, limit, res, (body, error) => (error ? reject(error) : resolve(body))),
  );
}

/**
 * A request whose handling failed unexpectedly: a 500 in the one error shape if nothing was sent yet,
 * else the connection is closed. Only the message is logged: a request's URL or body may hold what a
 * reader typed.
 */
export function answerFailure(res: ServerResponse, e: unknown): void {
  console.error(`counterpoint server: request failed: ${(e as Error)?.message ?? e}`);
  if (res.headersSent) return void res.destroy();
  try {
    sendError(res, 500, 'internal', 'something went wrong on the server; try again');
  } catch {
    res.destroy();
  }
}

/**
 * How many reverse proxies in front of this server may be trusted (`TRUST_PROXY`: `1` for one proxy
 * such as nginx, `2` for a CDN in front of it, …; unset or 0 for none).
 */
export function trustedHops(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env['TRUST_PROXY'] ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(',') : v) ?? '';
};

/**
 * The client address, used only in memory (rate limit, daily visitor hash) and never stored. Behind
 * `hops` trusted proxies it is the address the outermost trusted proxy saw: each proxy appends the
 * address it was reached from to X-Forwarded-For, so it is the `hops`-th entry from the right. Entries
 * further left were written by the client and can say anything.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const socket = req.socket.remoteAddress ?? '';
  if (!hops) return socket;
  const chain = header(req, 'x-forwarded-for')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? chain[0] ?? socket;
}

/** Whether the request reached us over https: directly, or as the outermost trusted proxy says. */
export function cameOverHttps(req: IncomingMessage, hops: number): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!hops) return false;
  const chain = header(req, 'x-forwarded-proto')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return (chain[chain.length - hops] ?? chain[0]) === 'https';
}
