import type { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import type { ProxyRoute } from '../proxy/proxy-route.js';
import { routeKey, storeConnector } from '../proxy/store-connector.js';
import { dialHost } from './dial-host.js';
import type { TlsTrust, WireProtocol } from './transport-spec.js';

/** A connection nobody took by then is closed: the upload that dialled it needed no control call. */
const UNTAKEN_AFTER_MS = 30_000;

interface Predial {
  tls: TlsTrust;
  /** The proxy it was dialled through (routeKey), '' for none. */
  route: string;
  socket: Promise<TLSSocket | undefined>;
  timer: NodeJS.Timeout;
}

/**
 * TLS connections dialled before the session that will carry them exists. An upload's first control
 * call (the initiate) would otherwise wait for the protocol probe's handshake and then for a
 * handshake of its own: dialled beside the probe, its connection is ready when the probe names the
 * protocol. One per origin, taken by the first session opened there whose protocol the
 * connection's ALPN agrees with; any other session dials as usual.
 */
export class PredialledConnections {
  readonly #byOrigin = new Map<string, Predial>();

  /** Dials `origin` (https only) offering h2 where `offerH2`, unless a connection there is already waiting. */
  dial(origin: string, tls: TlsTrust, offerH2: boolean, proxy?: ProxyRoute): void {
    const url = new URL(origin);
    if (url.protocol !== 'https:' || this.#byOrigin.has(origin)) return;
    const connect = storeConnector(tls, offerH2, proxy);
    const socket = new Promise<TLSSocket | undefined>((resolve) => {
      connect({ hostname: dialHost(url), host: url.host, protocol: url.protocol, port: url.port }, (error, socket) => {
        // The probe reports what is wrong with the origin. undici's connector keeps an 'error'
        // listener on the socket: a reset while it waits destroys it, and is no one's failure.
        if (error || !socket) return resolve(undefined);
        socket.unref(); // waiting holds no process open
        resolve(socket as TLSSocket);
      });
    });
    const timer = setTimeout(() => this.#discard(origin), UNTAKEN_AFTER_MS).unref();
    this.#byOrigin.set(origin, { tls, route: routeKey(proxy), socket, timer });
  }

  /**
   * The connector for a new session: it hands over the waiting connection to the session's first
   * connect where trust and protocol match, and dials afresh otherwise (and for every reconnect).
   * Undefined where none waits: the session then uses undici's own connector.
   */
  connectorFor(origin: string, tls: TlsTrust, protocol: WireProtocol, proxy?: ProxyRoute): buildConnector.connector | undefined {
    const waiting = this.#byOrigin.get(origin);
    if (
      !waiting ||
      waiting.tls.ca !== tls.ca ||
      waiting.tls.rejectUnauthorized !== tls.rejectUnauthorized ||
      waiting.route !== routeKey(proxy) ||
      protocol === 'h2c'
    )
      return undefined;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    const dial = storeConnector(tls, protocol === 'h2', proxy);
    let first: Promise<TLSSocket | undefined> | undefined = waiting.socket;
    return (options, callback) => {
      const ready = first;
      first = undefined;
      if (!ready) return dial(options, callback);
      void ready.then((socket) => {
        const alpn = socket?.alpnProtocol || 'http/1.1';
        if (socket && !socket.destroyed && alpn === (protocol === 'h2' ? 'h2' : 'http/1.1')) {
          // Handed over as a fresh one is: undici's HTTP/1.1 client only refs a socket it unref'd itself.
          socket.ref();
          callback(null, socket);
        } else {
          socket?.destroy();
          dial(options, callback);
        }
      });
    };
  }

  close(): void {
    for (const origin of [...this.#byOrigin.keys()]) this.#discard(origin);
  }

  #discard(origin: string): void {
    const waiting = this.#byOrigin.get(origin);
    if (!waiting) return;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    void waiting.socket.then((socket) => socket?.destroy());
  }
}
