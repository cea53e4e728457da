import type { IncomingMessage, ServerResponse } from 'node:http';

/** The one error shape every handler answers with: `{error: {code, message}}`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export const badRequest = (res: ServerResponse, message: string) => sendError(res, 400, 'bad_request', message);
export const notFound = (res: ServerResponse, message: string) => sendError(res, 404, 'not_found', message);
export const tooLarge = (res: ServerResponse, message: string) => sendError(res, 413, 'too_large', message);
export const tooMany = (res: ServerResponse, message: string) => sendError(res, 429, 'rate_limited', message);
export const methodNotAllowed = (res: ServerResponse, allow: string) => {
  res.setHeader('allow', allow);
  sendError(res, 405, 'method_not_allowed', `use ${allow}`);
};

export function noContent(res: ServerResponse): void {
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

/** Reads a request body up to `limit` bytes; undefined when it is longer (the rest is discarded). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The client address, used only in memory (rate limit, daily visitor hash) and never stored. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}
