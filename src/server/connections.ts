import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open connections at once. When full, the address holding the most gives one up to a newcomer. */
  max: number;
  /** Open connections per address (0: no such cap, e.g. behind a proxy, whose address all share). */
  perAddress: number;
  /**
   * A connection whose answer stops moving for this long is closed (ms; the request timeout): a client
   * that never reads what it asked for keeps nothing open past it.
   */
  stalledMs: number;
  /** How often the open connections are checked (ms). */
  checkEveryMs?: number;
}

interface Tracked {
  address: string;
  /** Requests being answered on it now. */
  busy: number;
  /** bytesWritten when its unsent data was last seen to move, and since when it has not. */
  written: number;
  stalledSince: number;
}

/**
 * Keeps one client, or many, from holding every connection (issue 15). Node's own `maxConnections`
 * refuses whoever comes next once the server is full, which hands the server to whoever filled it; here
 * a full server takes a connection from the address that holds the most (an idle one first) and gives
 * it to a newcomer from an address that holds fewer, so a reader from another address always gets in.
 * A connection whose answer is not read is closed after the request timeout (one that never finishes
 * its request is Node's requestTimeout's, then the server's clientError handler's): no socket outlives
 * the request timeout without making progress.
 */
export function guardConnections(server: Server, limits: ConnectionLimits) {
  const byAddress = new Map<string, Set<Socket>>();
  const state = new Map<Socket, Tracked>();
  // The address holding the most connections, kept lazily: recomputed only when it may have changed.
  let heaviest: string | undefined;
  let heaviestStale = false;
  const heaviestAddress = () => {
    if (heaviestStale || heaviest === undefined) {
      heaviest = undefined;
      let n = 0;
      for (const [address, sockets] of byAddress)
        if (sockets.size > n) [heaviest, n] = [address, sockets.size];
      heaviestStale = false;
    }
    return heaviest;
  };

  const evictFrom = (sockets: Set<Socket>) => {
    let victim: Socket | undefined;
    for (const s of sockets) {
      victim ??= s;
      if (state.get(s)?.busy === 0) {
        victim = s;
        break;
      }
    }
    victim?.destroy();
    if (victim) forget(victim);
  };

  const forget = (socket: Socket) => {
    const t = state.get(socket);
    if (!t) return;
    state.delete(socket);
    const mine = byAddress.get(t.address);
    mine?.delete(socket);
    if (mine && mine.size === 0) byAddress.delete(t.address);
    if (t.address === heaviest) heaviestStale = true;
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const mine = byAddress.get(address);
    const have = mine?.size ?? 0;
    if (limits.perAddress > 0 && have >= limits.perAddress) return void socket.destroy();
    if (state.size >= limits.max) {
      const top = heaviestAddress();
      const theirs = top === undefined ? undefined : byAddress.get(top);
      // This address already holds as many as anyone: it is the one to wait.
      if (!theirs || top === address || theirs.size <= have + 1) return void socket.destroy();
      evictFrom(theirs);
    }
    const sockets = mine ?? new Set<Socket>();
    if (!mine) byAddress.set(address, sockets);
    sockets.add(socket);
    const now = Date.now();
    state.set(socket, { address, busy: 0, written: 0, stalledSince: now });
    const top = heaviest === undefined ? undefined : byAddress.get(heaviest);
    if (!heaviestStale && (!top || sockets.size > top.size)) heaviest = address;
    socket.once('close', () => forget(socket));
  });

  server.on('request', (req, res) => {
    const t = state.get(req.socket);
    if (!t) return;
    t.busy++;
    res.once('close', () => t.busy--);
  });

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, t] of state) {
      if (socket.writableLength === 0 || socket.bytesWritten !== t.written) {
        t.written = socket.bytesWritten;
        t.stalledSince = now;
      } else if (now - t.stalledSince > limits.stalledMs) {
        socket.destroy();
        forget(socket);
      }
    }
  }, limits.checkEveryMs ?? 1000);
  sweep.unref();
  server.once('close', () => clearInterval(sweep));

  return { open: () => state.size };
}
