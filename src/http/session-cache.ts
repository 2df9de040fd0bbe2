import { threadId } from 'node:worker_threads';
import { Client, H2CClient, Pool, type Dispatcher } from 'undici';
import type { ConnectionEvent } from '../core/upload-event.js';
import type { TransportSpec } from './transport-spec.js';

/**
 * The long-lived HTTP sessions of one thread (a worker, or the main thread in inline mode), one per
 * origin and shape. undici 7 multiplexes HTTP/2 only on a single Client with pipelining > 1 (a Pool
 * would open a connection per concurrent request), so h2 gets exactly that; HTTP/1.1 gets a Pool of
 * `streams` connections that never pipeline.
 */
export class SessionCache {
  readonly #sessions = new Map<string, Dispatcher>();

  constructor(private readonly onConnection?: (event: ConnectionEvent) => void) {}

  get(spec: TransportSpec): Dispatcher {
    const key = `${spec.protocol}|${spec.streams}|${spec.origin}|${spec.tls.rejectUnauthorized}|${spec.tls.ca ?? ''}`;
    let session = this.#sessions.get(key);
    if (!session) {
      session = openSession(spec);
      this.#sessions.set(key, session);
      const tell = this.onConnection;
      if (tell) {
        session.on('connect', (origin) => tell({ change: 'connected', origin: originOf(origin), threadId }));
        session.on('disconnect', (origin, _targets, error) => tell({ change: 'disconnected', origin: originOf(origin), threadId, reason: error?.message }));
      }
    }
    return session;
  }

  async close(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}

function openSession(spec: TransportSpec): Dispatcher {
  const connect = { ca: spec.tls.ca, rejectUnauthorized: spec.tls.rejectUnauthorized };
  // Timeouts are per attempt and owned by sendPart; undici's own defaults (300 s) stay as a backstop.
  if (spec.protocol === 'h1') {
    return new Pool(spec.origin, { connections: spec.streams, pipelining: 1, connect, allowH2: false });
  }
  if (spec.protocol === 'h2c') {
    return new H2CClient(spec.origin, { pipelining: spec.streams, maxConcurrentStreams: Math.max(100, spec.streams) });
  }
  return new Client(spec.origin, {
    connect,
    allowH2: true,
    pipelining: spec.streams,
    // Node's HTTP/2 default advertises 100 concurrent streams; the server's SETTINGS can lower it.
    maxConcurrentStreams: Math.max(100, spec.streams),
  });
}

/** undici hands over a URL (with a trailing slash when printed); events name the bare origin. */
function originOf(origin: URL | string): string {
  return new URL(String(origin)).origin;
}
