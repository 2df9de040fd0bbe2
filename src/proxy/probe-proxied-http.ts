import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LinkFacts } from '../core/link-facts.js';
import { proxyError, proxyRefused, proxyUnreachable } from './proxy-error.js';
import { proxysOwnAnswer } from './proxy-own-answer.js';
import { proxyAddress, proxyDialOptions, type ProxyRoute } from './proxy-route.js';

const PROBE_TIMEOUT_MS = 10_000;

/**
 * The probe for a cleartext store behind a proxy (HTTP/1.1 is all a forward proxy relays: h2c has
 * no proxied form). One HEAD through the proxy tells, before any upload starts, a proxy that is
 * down, refuses the credentials (407) or cannot reach the store (502-504) apart from a store that
 * answers (whatever it answers); that answer times the round trip through the proxy.
 */
export async function probeProxiedHttp(url: URL, proxy: ProxyRoute): Promise<LinkFacts> {
  const { status, statusText, said, ms } = await headThroughProxy(url, proxy);
  // Only a proxy answers 407; 502-504 here is the proxy saying it could not reach the store; and
  // an answer the proxy marks as its own (a 403 from its rules) is the proxy's, not the store's.
  if (status === 407 || (status >= 502 && status <= 504) || (said && status >= 400)) {
    throw proxyRefused(proxy, url.host, status, statusText, said);
  }
  return { rttMs: ms, timedBy: 'first-answer' };
}

function headThroughProxy(url: URL, route: ProxyRoute): Promise<{ status: number; statusText?: string; said?: string; ms: number }> {
  const proxy = proxyAddress(route);
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const request = (proxy.tls ? httpsRequest : httpRequest)({
      ...proxyDialOptions(route),
      method: 'HEAD',
      path: `${url.origin}/`,
      headers: { host: url.host, ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}) },
      agent: false,
      timeout: PROBE_TIMEOUT_MS,
    });
    request.once('socket', (socket) => socket.once('connect', () => (sentAt = performance.now())));
    request.once('response', (response) => {
      const ms = performance.now() - sentAt;
      response.resume();
      request.destroy();
      resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage, said: proxysOwnAnswer(response.headers), ms });
    });
    request.once('error', (error: NodeJS.ErrnoException) => reject(proxyUnreachable(route, url.host, error)));
    request.once('timeout', () => {
      request.destroy();
      reject(proxyError(route, `the proxy ${route.proxy} did not answer for ${url.origin} within ${PROBE_TIMEOUT_MS / 1000} s`));
    });
    request.end();
  });
}
