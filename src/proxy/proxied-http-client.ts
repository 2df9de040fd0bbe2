import type * as Undici from 'undici';
import { Client, Dispatcher, buildConnector } from '../http/undici-parts.js';
import { proxyUnreachable } from './proxy-error.js';
import { proxyDialOptions, type ProxyRoute } from './proxy-route.js';

/**
 * One HTTP/1.1 connection to the proxy carrying requests for a cleartext (http://) store as proxied
 * requests: the absolute URL in the request line and the store's Host, as a forward proxy expects
 * (RFC 9112 section 3.2.2), plus Proxy-Authorization. The same one-connection, never-pipelined
 * shape as a direct HTTP/1.1 session, so the session cache treats both alike: it reads `stats`,
 * and hears `connect` and `disconnect` named after the store, not the proxy. (undici's ProxyAgent
 * does the same with `proxyTunnel: false`, behind an Agent that hides both.)
 */
export class ProxiedHttpClient extends Dispatcher {
  readonly #client: Undici.Client;
  readonly #origin: string;
  readonly #authorization: string | undefined;

  constructor(origin: string, route: ProxyRoute) {
    super();
    this.#origin = origin;
    this.#authorization = route.authorization;
    // An https:// proxy: TLS to the proxy, checked with the proxy's own CA (never the store's).
    const { ca, servername } = proxyDialOptions(route);
    const store = new URL(origin);
    const dial = buildConnector({ ca, servername, allowH2: false });
    // A proxy that went away mid-upload is named as the proxy, not as a bare ECONNREFUSED on its address.
    const connect: Undici.buildConnector.connector = (options, callback) =>
      dial(options, (error, socket) => (error ? callback(proxyUnreachable(route, store.host, error), null) : callback(null, socket)));
    this.#client = new Client(route.proxy, { pipelining: 1, allowH2: false, connect });
    this.#client.on('connect', (_proxy, targets) => this.emit('connect', store, targets));
    this.#client.on('disconnect', (_proxy, targets, error) => this.emit('disconnect', store, targets, error));
  }

  get stats(): Undici.Client['stats'] {
    return this.#client.stats;
  }

  override dispatch(options: Undici.Dispatcher.DispatchOptions, handler: Undici.Dispatcher.DispatchHandler): boolean {
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    if (this.#authorization) headers['proxy-authorization'] = this.#authorization;
    return this.#client.dispatch({ ...options, path: `${this.#origin}${options.path}`, headers }, handler);
  }

  override close(callback: () => void): void;
  override close(): Promise<void>;
  override close(callback?: () => void): Promise<void> | void {
    return callback ? this.#client.close(callback) : this.#client.close();
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    if (typeof errOrCallback === 'function') return this.#client.destroy(errOrCallback);
    if (callback) return this.#client.destroy(errOrCallback ?? null, callback);
    return this.#client.destroy(errOrCallback ?? null);
  }
}
