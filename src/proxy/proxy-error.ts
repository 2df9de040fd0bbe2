import { firstLine } from '../core/first-line.js';
import { PartpushError } from '../errors.js';
import type { ProxyRoute } from './proxy-route.js';

/** What to do about a proxy that stands in the way, said once for every proxy error. */
const WAYS_OUT = 'check HTTPS_PROXY / HTTP_PROXY or --proxy, or bypass the proxy for this store with NO_PROXY or --no-proxy';

/**
 * The proxy could not be reached, or dropped the connection before it answered: a proxy that is
 * down or restarting may come back, so a part may try again; the protocol probe before the first
 * part does not retry, so a dead proxy fails the upload at once (never a silent direct upload).
 */
export function proxyUnreachable(route: ProxyRoute, target: string, error: NodeJS.ErrnoException): PartpushError {
  const code = error.code;
  if (code && UNTRUSTED_CERTIFICATE.test(code)) return proxyUntrusted(route, target, error, code);
  // An https:// proxy URL for a proxy that speaks cleartext: OpenSSL reads its HTTP answer as a bad record.
  if (route.proxy.startsWith('https:') && /wrong version number|packet length too long/i.test(error.message)) {
    return new PartpushError(
      'PARTPUSH_PROXY_ERROR',
      `the proxy ${route.proxy} does not speak TLS (on the way to ${target}); if it is a plain HTTP proxy, give it as ${route.proxy.replace('https:', 'http:')}`,
      { causeCode: code, proxy: route.proxy, retryable: false },
      { cause: error },
    );
  }
  return new PartpushError(
    'PARTPUSH_PROXY_ERROR',
    `cannot reach the proxy ${route.proxy} (on the way to ${target}): ${code ? `${code}: ` : ''}${firstLine(error.message)}; ${WAYS_OUT}`,
    { causeCode: code, proxy: route.proxy, retryable: true },
    { cause: error },
  );
}

/** OpenSSL's and Node's ways of saying a certificate did not verify (chain, expiry, or name). */
const UNTRUSTED_CERTIFICATE =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|CERT_(HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

/**
 * An https:// proxy whose certificate does not verify: no retry makes it verify, and it is the
 * proxy's certificate, not the store's, so the way out is the proxy's CA (--proxy-ca), not --ca.
 */
function proxyUntrusted(route: ProxyRoute, target: string, error: Error, code: string): PartpushError {
  return new PartpushError(
    'PARTPUSH_PROXY_ERROR',
    `the proxy ${route.proxy}'s TLS certificate is not trusted (on the way to ${target}): ${code}: ${firstLine(error.message)}; pass the proxy's CA with --proxy-ca FILE (the proxyCa option)`,
    { causeCode: code, proxy: route.proxy, retryable: false },
    { cause: error },
  );
}

/**
 * The proxy answered a CONNECT (or a proxied request) with something other than success: a 407
 * (credentials missing or refused) and a 403 (its rules refuse this store) will not change on a
 * retry; a 502, 503 or 504 says the proxy could not reach the store, which may pass.
 */
export function proxyRefused(
  route: ProxyRoute,
  target: string,
  status: number,
  statusText: string | undefined,
  said?: string,
): PartpushError {
  const answered = `HTTP ${status}${statusText ? ` ${statusText}` : ''}${said ? `, ${said}` : ''}`;
  let message: string;
  if (status === 407) {
    message = route.authorization
      ? `the proxy ${route.proxy} refused the user name and password in the proxy URL (${answered}); correct them in the proxy URL (http://USER:PASSWORD@HOST:PORT)`
      : `the proxy ${route.proxy} asks for a user name and password (${answered}); give them in the proxy URL (http://USER:PASSWORD@HOST:PORT)`;
  } else if (status >= 502 && status <= 504) {
    message = `the proxy ${route.proxy} could not reach ${target} (${answered}); check that the store's endpoint is right and reachable from the proxy`;
  } else {
    message = `the proxy ${route.proxy} refused the connection to ${target} (${answered}); ${WAYS_OUT}, or ask its administrator to allow ${target}`;
  }
  return new PartpushError('PARTPUSH_PROXY_ERROR', message, {
    status,
    proxy: route.proxy,
    retryable: status >= 502 && status <= 504,
  });
}

/**
 * A proxied http:// request that the proxy answered itself (proxy-own-answer.ts) once the upload
 * was under way: a 403 from its rules is no store fault and will not pass on a retry; a 502-504
 * (it could not reach the store) may. The route is not at hand where answers are read, so the
 * proxy is named by what it said.
 */
export function proxysAnswer(what: string, status: number, said: string): PartpushError {
  const retryable = status >= 502 && status <= 504;
  const why = retryable ? 'it could not reach the store' : 'its rules refused the request';
  return new PartpushError(
    'PARTPUSH_PROXY_ERROR',
    `${what}: the proxy answered HTTP ${status} itself, not the store (${said}): ${why}; ${WAYS_OUT}`,
    { status, retryable },
  );
}

/** Anything else about the proxy (a timeout, an answer that is not HTTP): worth another attempt. */
export function proxyError(route: ProxyRoute, message: string): PartpushError {
  return new PartpushError('PARTPUSH_PROXY_ERROR', `${message}; ${WAYS_OUT}`, {
    proxy: route.proxy,
    retryable: true,
    causeCode: 'ETIMEDOUT',
  });
}
