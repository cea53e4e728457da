import type { IncomingMessage, ServerResponse } from 'node:http';
import { pingStore } from '../core/metrics/queries/ping.ts';
import type { Store } from '../core/metrics/index.ts';
import { methodNotAllowed } from './http.ts';

/**
 * `GET /healthz`: 200 when the store answers a query within two seconds, 503 otherwise. For the
 * process manager, the reverse proxy and uptime monitors; it says nothing about readers.
 */
export function createHealthCheck(store: Store, timeoutMs = 2000) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    let timer: NodeJS.Timeout | undefined;
    const ok = await Promise.race([
      pingStore(store).then(
        () => true,
        () => false,
      ),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    const body = JSON.stringify({ status: ok ? 'ok' : 'unavailable', store: store.kind });
    res.writeHead(ok ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/**
 * One JSON line per request on standard output (`REQUEST_LOG=json`), for journald or any log shipper:
 * time, method, path (no query string: it may carry what a reader typed), status, duration and size.
 * Never the address, the user agent or the referrer: the logs are kept longer than the collector's
 * daily hashes, and would otherwise say who read what.
 */
export function logRequest(
  req: IncomingMessage,
  res: ServerResponse,
  write = (line: string) => process.stdout.write(line),
) {
  const started = performance.now();
  res.once('close', () => {
    const path = (req.url ?? '').split('?')[0]!.slice(0, 200);
    const line = {
      time: new Date().toISOString(),
      method: (req.method ?? '').slice(0, 10),
      path,
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
      bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
      ...(!res.writableFinished && { aborted: true }),
    };
    write(`${JSON.stringify(line)}\n`);
  });
}
