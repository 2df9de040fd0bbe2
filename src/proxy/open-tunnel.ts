import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { proxyError, proxyRefused, proxyUnreachable } from './proxy-error.js';
import { proxyAddress, proxyDialOptions, type ProxyRoute } from './proxy-route.js';

/** How long the proxy may take to connect and to answer the CONNECT (it dials the store in between). */
const TUNNEL_TIMEOUT_MS = 10_000;

/**
 * A TCP tunnel to `hostname:port` through the proxy (HTTP CONNECT, RFC 9110 section 9.3.6), on a
 * connection of its own: each session gets its own tunnel, as it would get its own connection
 * without a proxy, so HTTP/2 sessions and HTTP/1.1 connections keep their shape through it. The
 * caller speaks TLS inside (ALPN then picks h2 or http/1.1 with the store itself, not the proxy).
 * Fails with PARTPUSH_PROXY_ERROR naming the proxy: unreachable, or its answer when not 200.
 */
export function openTunnel(route: ProxyRoute, hostname: string, port: number, signal?: AbortSignal): Promise<Socket> {
  const target = `${isIP(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
  const proxy = proxyAddress(route);
  return new Promise((resolve, reject) => {
    const request = (proxy.tls ? httpsRequest : httpRequest)({
      ...proxyDialOptions(route),
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}) },
      agent: false,
      timeout: TUNNEL_TIMEOUT_MS,
      signal,
    });
    request.once('connect', (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(proxyRefused(route, target, response.statusCode ?? 0, response.statusMessage));
        return;
      }
      socket.setTimeout(0);
      // Bytes the proxy sent after its answer belong to what runs inside the tunnel.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('error', (error: NodeJS.ErrnoException) =>
      // A cancelled upload is no proxy's fault.
      reject(error.name === 'AbortError' ? error : proxyUnreachable(route, target, error)),
    );
    request.once('timeout', () => {
      request.destroy();
      reject(proxyError(route, `the proxy ${route.proxy} did not open a tunnel to ${target} within ${TUNNEL_TIMEOUT_MS / 1000} s`));
    });
    request.end();
  });
}
