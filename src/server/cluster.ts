import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';

/**
 * `npm start` on every core. The primary process serves nothing: it forks the workers (one per core, or
 * `WORKERS=n`), draws each day's visitor salt and hands it to them over their IPC channels, so that a
 * reader whose requests reach two workers is hashed alike and counted once. The salt is never written
 * anywhere: it lives in the memory of these processes, for today and tomorrow (handed over a day early,
 * so no worker is ever without the salt of the day it is in, midnight included), and is wiped at the
 * end of its day. A worker that dies is replaced; if the primary dies, the workers finish what they
 * were writing and exit (the service manager then restarts the whole).
 */
const SALTS = 'counterpoint:salts';
const WANT = 'counterpoint:want-salts';
const READY = 'counterpoint:ready';
const DAY_MS = 86_400_000;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface WorkerReady {
  url: string;
  owners: string[];
  store: string;
  location: string;
}

/** The number of workers asked for: `WORKERS`, else one per core. */
export function workerCount(env: Record<string, string | undefined>, cores: number): number {
  const n = Number(env['WORKERS'] ?? cores);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 64) : cores;
}

/** In the primary: forks `count` workers and keeps them, and their salts, going. */
export function runPrimary(count: number, now: () => number = Date.now) {
  const salts = new Map<string, Buffer>();
  const refresh = () => {
    const today = dayOf(now());
    const tomorrow = dayOf(now() + DAY_MS);
    for (const [day, bytes] of salts)
      if (day !== today && day !== tomorrow) {
        bytes.fill(0);
        salts.delete(day);
      }
    for (const day of [today, tomorrow]) if (!salts.has(day)) salts.set(day, randomBytes(32));
  };
  const message = () => ({
    type: SALTS,
    salts: Object.fromEntries([...salts].map(([day, bytes]) => [day, bytes.toString('base64')])),
  });
  const send = (w: Worker) => {
    if (w.isConnected()) w.send(message());
  };
  refresh();
  let timer: NodeJS.Timeout;
  const atMidnight = () => {
    const t = now();
    timer = setTimeout(
      () => {
        refresh();
        for (const w of Object.values(cluster.workers ?? {})) if (w) send(w);
        atMidnight();
      },
      Math.floor(t / DAY_MS) * DAY_MS + DAY_MS - t + 50,
    );
  };
  atMidnight();

  let stopping = false;
  const ready = new Map<number, WorkerReady>();
  let announce: (r: WorkerReady[]) => void;
  const allReady = new Promise<WorkerReady[]>((ok) => (announce = ok));
  cluster.on('message', (w, m: { type?: string } & Partial<WorkerReady>) => {
    if (m?.type === WANT) send(w);
    if (m?.type === READY) {
      ready.set(w.id, m as WorkerReady);
      if (ready.size === count) announce([...ready.values()]);
    }
  });
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    console.error(
      `counterpoint: worker ${w.process.pid} ended (${signal ?? `exit ${code}`}); starting another`,
    );
    setTimeout(() => !stopping && cluster.fork(), 1000).unref();
  });
  for (let i = 0; i < count; i++) cluster.fork();

  const stop = async () => {
    stopping = true;
    clearTimeout(timer);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((ok) => {
            if (w.isDead()) return ok();
            w.once('exit', () => ok());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    for (const bytes of salts.values()) bytes.fill(0);
  };
  return { ready: allReady, stop };
}

/**
 * In a worker: resolves with the salt source once the primary has handed the salts over. The worker
 * exits when the primary is gone (`onOrphaned` finishes its writes first).
 */
export async function joinPrimary(onOrphaned: () => Promise<void>) {
  let salts = new Map<string, Buffer>();
  const first = new Promise<void>((ok) => {
    process.on('message', (m: { type?: string; salts?: Record<string, string> }) => {
      if (m?.type !== SALTS || !m.salts) return;
      const next = new Map(Object.entries(m.salts).map(([day, b64]) => [day, Buffer.from(b64, 'base64')]));
      for (const [day, bytes] of salts) if (!next.has(day)) bytes.fill(0);
      salts = next;
      ok();
    });
  });
  process.on('disconnect', () => void onOrphaned().finally(() => process.exit(0)));
  process.send?.({ type: WANT });
  await first;
  return {
    sharedSalt: (day: string) => salts.get(day),
    ready: (r: WorkerReady) => process.send?.({ type: READY, ...r }),
  };
}
