/**
 * How one origin is reached through a proxy, as plain data: decided on the main thread, carried by
 * every part task so each worker's sessions dial the same proxy. The credentials never sit in a URL
 * here, only in `authorization`: anything that prints a route prints `proxy`, which holds none.
 */
export interface ProxyRoute {
  /** The proxy's origin, e.g. `http://proxy.corp:3128`: no user name, no password. */
  proxy: string;
  /** `Basic ...`, from the proxy URL's user info, sent as Proxy-Authorization. */
  authorization?: string;
}

/**
 * What the `proxy` option asks for: a proxy URL (overriding the environment), `false` (no proxy,
 * whatever the environment says), or undefined (the environment decides, as curl reads it).
 */
export type ProxyOption = string | false | undefined;

/** Where to dial the proxy: its host (an IPv6 address without the URL's brackets), port, and whether over TLS. */
export function proxyAddress(route: ProxyRoute): { host: string; port: number; tls: boolean } {
  const url = new URL(route.proxy);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port), tls: url.protocol === 'https:' };
}

/**
 * How the store's certificate is checked inside a tunnel: the same shape as http/transport-spec's
 * TlsTrust, restated so that this folder needs nothing from src/http (which builds on it).
 */
export interface StoreTrust {
  ca?: string;
  rejectUnauthorized: boolean;
}
