import { threadId } from 'node:worker_threads';
import type { buildConnector, Dispatcher } from 'undici';
import { Client, H2CClient } from './undici-parts.js';
import type { ConnectionEvent } from '../core/upload-event.js';
import { ProxiedHttpClient } from '../proxy/proxied-http-client.js';
import type { ProxyRoute } from '../proxy/proxy-route.js';
import { routeKey, storeConnector } from '../proxy/store-connector.js';
import { PredialledConnections } from './predialled-connections.js';
import type { TlsTrust, TransportSpec } from './transport-spec.js';

/**
 * The long-lived HTTP sessions of one thread (a worker, or the main thread in inline mode), per
 * origin and shape. undici 7 multiplexes HTTP/2 only on a single Client with pipelining > 1 (a Pool
 * would open a connection per concurrent request), so h2 gets groups of such Clients, up to
 * `connections` of them, each request going to the least busy. HTTP/1.1 gets such a group too, of
 * `streams` Clients that never pipeline, one connection each: an undici Pool counts a connection
 * busy until a moment after its answer has been read, so a call made right after another (the
 * check after a Complete) opened a connection of its own, a handshake's round trip.
 */
export class SessionCache {
  /**
   * By shape, then by CA. The CA is a key of its own, never part of a joined string: a CA bundle
   * (AWS_CA_BUNDLE is often the system's, ~200 KB) would be copied and hashed on every request.
   */
  readonly #groups = new Map<string, Map<string, SessionGroup>>();
  /** Origins some group here reaches. */
  readonly #origins = new Set<string>();
  readonly #predialled = new PredialledConnections();

  readonly #onConnection: ((event: ConnectionEvent) => void) | undefined;
  constructor(onConnection?: (event: ConnectionEvent) => void) {
    this.#onConnection = onConnection;
  }

  /** The session for the next request: call it right before the request, which it counts on. */
  get(spec: TransportSpec): Dispatcher {
    return this.#group(spec).pick();
  }

  /**
   * Dials `origin` ahead of its first session (see PredialledConnections): only where this thread
   * has none there yet, for a warm one would carry the request without a handshake.
   */
  predial(origin: string, tls: TlsTrust, offerH2: boolean, proxy?: ProxyRoute): void {
    if (!this.#origins.has(origin)) this.#predialled.dial(origin, tls, offerH2, proxy);
  }

  /** A request on `session` failed without an answer (reset, GOAWAY, stall): its group avoids it for a while. */
  reportFailure(spec: TransportSpec, session: Dispatcher): void {
    this.#group(spec).avoid(session);
  }

  #group(spec: TransportSpec): SessionGroup {
    const connections = spec.protocol === 'h1' ? spec.inFlight : (spec.connections ?? 1);
    const shape = `${spec.protocol}|${spec.inFlight}|${connections}|${spec.origin}|${spec.tls.rejectUnauthorized}|${routeKey(spec.proxy)}`;
    let byCa = this.#groups.get(shape);
    if (!byCa) this.#groups.set(shape, (byCa = new Map<string, SessionGroup>()));
    const ca = spec.tls.ca ?? '';
    let group = byCa.get(ca);
    if (!group) {
      group = new SessionGroup(() => this.#open(spec), connections);
      byCa.set(ca, group);
      this.#origins.add(spec.origin);
    }
    return group;
  }

  #open(spec: TransportSpec): Dispatcher {
    const session = openSession(spec, this.#predialled.connectorFor(spec.origin, spec.tls, spec.protocol, spec.proxy));
    const tell = this.#onConnection;
    if (tell) {
      session.on('connect', (origin) => tell({ change: 'connected', origin: originOf(origin), threadId }));
      session.on('disconnect', (origin, _targets, error) =>
        tell({ change: 'disconnected', origin: originOf(origin), threadId, reason: error?.message }),
      );
    }
    return session;
  }

  async close(): Promise<void> {
    const groups = [...this.#groups.values()].flatMap((byCa) => [...byCa.values()]);
    this.#groups.clear();
    this.#origins.clear();
    this.#predialled.close();
    await Promise.allSettled(groups.map((g) => g.close()));
  }
}

/** A session beyond a group's first is closed after this long without a request. */
const SHED_AFTER_MS = 30_000;

type Session = Dispatcher & { stats: { running: number; pending: number } };

/** How long a session where a request failed without an answer is passed over, while others can serve. */
const AVOID_AFTER_FAILURE_MS = 10_000;

/**
 * Up to `max` sessions to one origin. A request goes to the least busy; a new session opens only
 * when every open one is carrying something, so parts spread one per session before any session
 * carries two. A session where a request was just reset is passed over while another can take the
 * request (one opened if need be): its retry must not meet the same fault on the same connection.
 */
class SessionGroup {
  readonly #sessions: Array<{ session: Session; lastPicked: number; failedAt: number }> = [];

  readonly #open: () => Dispatcher;
  readonly #max: number;

  constructor(open: () => Dispatcher, max: number) {
    this.#open = open;
    this.#max = max;
  }

  pick(): Dispatcher {
    const now = Date.now();
    this.#shedIdle(now);
    const healthy = this.#sessions.filter((e) => now - e.failedAt > AVOID_AFTER_FAILURE_MS);
    // None healthy: a new session if there is room, else the least busy of all.
    const pool = healthy.length > 0 ? healthy : this.#sessions.length < this.#max ? [] : this.#sessions;
    let best = pool[0];
    for (const entry of pool) if (load(entry.session) < load(best!.session)) best = entry;
    if (!best || (load(best.session) > 0 && this.#sessions.length < this.#max)) {
      best = { session: this.#open() as Session, lastPicked: now, failedAt: Number.NEGATIVE_INFINITY };
      this.#sessions.push(best);
    }
    best.lastPicked = now;
    return best.session;
  }

  avoid(session: Dispatcher): void {
    const entry = this.#sessions.find((e) => e.session === session);
    if (entry) entry.failedAt = Date.now();
  }

  #shedIdle(now: number): void {
    for (let i = this.#sessions.length - 1; i > 0; i--) {
      const { session, lastPicked } = this.#sessions[i]!;
      if (load(session) === 0 && now - lastPicked > SHED_AFTER_MS) {
        this.#sessions.splice(i, 1);
        void session.close().catch(() => {});
      }
    }
  }

  async close(): Promise<void> {
    const sessions = this.#sessions.splice(0).map((e) => e.session);
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}

function load(session: Session): number {
  const { running, pending } = session.stats;
  return running + pending;
}

function openSession(spec: TransportSpec, connector?: buildConnector.connector): Dispatcher {
  // A cleartext store behind a proxy gets proxied requests, never a tunnel (negotiateProtocol
  // chose HTTP/1.1 for it); an https:// one, a tunnel under each connection.
  if (spec.proxy && spec.origin.startsWith('http:')) return new ProxiedHttpClient(spec.origin, spec.proxy);
  const connect =
    connector ??
    (spec.proxy
      ? storeConnector(spec.tls, spec.protocol === 'h2', spec.proxy)
      : { ca: spec.tls.ca, rejectUnauthorized: spec.tls.rejectUnauthorized });
  // Timeouts are per attempt and owned by sendPart; undici's own defaults (300 s) stay as a backstop.
  if (spec.protocol === 'h1') {
    return new Client(spec.origin, { pipelining: 1, connect, allowH2: false });
  }
  if (spec.protocol === 'h2c') {
    return new H2CClient(spec.origin, { pipelining: spec.inFlight, maxConcurrentStreams: Math.max(100, spec.inFlight) });
  }
  return new Client(spec.origin, {
    connect,
    allowH2: true,
    pipelining: spec.inFlight,
    // Node's HTTP/2 default advertises 100 concurrent streams; the server's SETTINGS can lower it.
    maxConcurrentStreams: Math.max(100, spec.inFlight),
  });
}

/** undici hands over a URL (with a trailing slash when printed); events name the bare origin. */
function originOf(origin: URL | string): string {
  return new URL(String(origin)).origin;
}
