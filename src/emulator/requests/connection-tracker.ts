import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

export interface ConnectionStats {
  id: number;
  /** 'h1' for HTTP/1.1 (over TLS or not), 'h2' for HTTP/2 (TLS ALPN or h2c). */
  protocol: 'h1' | 'h2';
  requests: number;
  inFlight: number;
  /** Most requests this connection had in flight at once: > 1 on h2 proves multiplexing. */
  maxInFlight: number;
}

/**
 * Gives every TCP connection (HTTP/1.1 socket or HTTP/2 session) an id and counts its requests, so
 * tests can see how a client really behaved: sessions per worker, streams per session.
 */
export class ConnectionTracker {
  readonly #byHandle = new WeakMap<object, ConnectionStats>();
  readonly connections: ConnectionStats[] = [];

  enter(req: IncomingMessage | Http2ServerRequest): ConnectionStats {
    const isH2 = req.httpVersionMajor === 2;
    const handle: object = isH2 ? (req as Http2ServerRequest).stream.session! : req.socket;
    let stats = this.#byHandle.get(handle);
    if (!stats) {
      stats = { id: this.connections.length + 1, protocol: isH2 ? 'h2' : 'h1', requests: 0, inFlight: 0, maxInFlight: 0 };
      this.#byHandle.set(handle, stats);
      this.connections.push(stats);
    }
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return stats;
  }

  leave(stats: ConnectionStats): void {
    stats.inFlight--;
  }
}
