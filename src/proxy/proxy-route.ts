import { isIP } from 'node:net';

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
  /**
   * PEM of the CA that an https:// proxy's certificate is checked against (`proxyCa`, --proxy-ca),
   * apart from the store's `ca`: a company's TLS proxy has its own CA, the store behind it another.
   * None: the system's roots (and NODE_EXTRA_CA_CERTS), as curl checks a proxy without --proxy-cacert.
   */
  ca?: string;
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
 * The options of a connection to the proxy itself (node:http or node:https request options): its
 * address, and for an https:// proxy the CA to check it with, and the name it must carry (SNI and
 * the certificate check want the host name; an IP literal is checked against the IP SAN).
 */
export function proxyDialOptions(route: ProxyRoute): { host: string; port: number; ca?: string; servername?: string } {
  const { host, port, tls } = proxyAddress(route);
  if (!tls) return { host, port };
  return { host, port, ...(route.ca ? { ca: route.ca } : {}), ...(isIP(host) ? {} : { servername: host }) };
}

/**
 * How the store's certificate is checked inside a tunnel: the same shape as http/transport-spec's
 * TlsTrust, restated so that this folder needs nothing from src/http (which builds on it).
 */
export interface StoreTrust {
  ca?: string;
  rejectUnauthorized: boolean;
}
