import { isIP, connect as tcpConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { ProtocolChoice } from '../core/upload-event.js';
import { PartpushError } from '../errors.js';
import { dialHost } from './dial-host.js';
import { toPartpushError } from './network-error.js';
import type { LinkFacts } from '../core/link-facts.js';
import { probeHttp2 } from './probe-link.js';
import { openTunnel } from '../proxy/open-tunnel.js';
import { probeProxiedHttp } from '../proxy/probe-proxied-http.js';
import type { ProxyRoute } from '../proxy/proxy-route.js';
import type { TlsTrust, WireProtocol } from './transport-spec.js';

export type HttpChoice = 'auto' | '1.1' | '2';

export interface NegotiatedProtocol {
  protocol: WireProtocol;
  how: ProtocolChoice;
  /**
   * The round trip and the server's HTTP/2 SETTINGS, where the probe could read them: known a round
   * trip after the protocol (a PING's), which control calls need not wait for.
   */
  link: Promise<LinkFacts | undefined>;
}

/** How long the first connection may take. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a cleartext server may take to answer the HTTP/2 preface before it counts as silent. */
const ANSWER_TIMEOUT_MS = 3_000;

/**
 * Picks the wire protocol for an origin before any worker connects, because the session shape
 * depends on it: multiplexed HTTP/2 sessions, or several HTTP/1.1 connections (undici's pipelining
 * over HTTP/1.1 with streamed bodies trips an assertion, so h1 never pipelines).
 *
 * It also catches, at the first exchange and within seconds, the mistakes that otherwise show as
 * half a minute of retries ending in a socket error: an h1 client talking to an h2c-only server,
 * `http://` to a TLS port, `https://` to a cleartext one.
 * - https: ALPN decides under `auto`.
 * - http: the server is sent the HTTP/2 preface. An h2c server answers with SETTINGS (it is used,
 *   under `auto`: HTTP/2 by prior knowledge); an HTTP/1.1 server answers 400; a TLS server closes
 *   without a word, and a TLS handshake on a second connection tells it apart.
 */
export async function negotiateProtocol(
  origin: string,
  choice: HttpChoice,
  tls: TlsTrust,
  proxy?: ProxyRoute,
): Promise<NegotiatedProtocol> {
  const url = new URL(origin);
  if (url.protocol === 'http:' && proxy) return throughForwardProxy(url, choice, proxy);
  if (url.protocol === 'http:') {
    const { answer, ms } = await answerToPreface(url);
    if (answer === 'silent' && (await speaksTls(url, tls))) {
      throw unsupported(`${origin} speaks TLS, not cleartext HTTP: use https://${url.host}`);
    }
    if (answer === 'h2c') {
      if (choice === '1.1') throw unsupported(`${origin} speaks only HTTP/2 (h2c); use --http auto or --http 2`);
      const link = probeHttp2(origin, tls, undefined, { rttMs: ms, timedBy: 'first-answer' });
      return { protocol: 'h2c', how: choice === '2' ? 'forced' : 'h2c-probe', link };
    }
    if (choice === '2') {
      throw unsupported(
        `${origin} does not speak cleartext HTTP/2 (h2c); use --http auto or --http 1.1, or an https:// endpoint for HTTP/2 over TLS`,
      );
    }
    return {
      protocol: 'h1',
      how: choice === '1.1' ? 'forced' : 'cleartext',
      link: Promise.resolve(answer === 'h1' ? { rttMs: ms, timedBy: 'first-answer' } : undefined),
    };
  }
  // Through a proxy, the probe's handshake runs inside a tunnel like every session's: ALPN is the
  // store's answer, and the round trip it times is the one through the proxy.
  const tunnel = proxy ? await openTunnel(proxy, dialHost(url), Number(url.port || 443)) : undefined;
  const { alpn, socket, handshakeMs } = await probeAlpn(url, tls, tunnel);
  const timed: LinkFacts | undefined = handshakeMs === undefined ? undefined : { rttMs: handshakeMs, timedBy: 'tls-handshake' };
  if (choice !== '1.1' && alpn === 'h2') {
    return { protocol: 'h2', how: choice === '2' ? 'forced' : 'alpn', link: probeHttp2(origin, tls, socket, timed) };
  }
  socket.end();
  if (choice === '1.1') return { protocol: 'h1', how: 'forced', link: Promise.resolve(timed) };
  if (choice === '2') throw unsupported(`${origin} does not offer HTTP/2 (ALPN chose ${alpn || 'nothing'}); use --http auto or --http 1.1`);
  return { protocol: 'h1', how: 'alpn', link: Promise.resolve(timed) };
}

/** A forward proxy relays a cleartext store's HTTP/1.1 requests only: there is no preface to send. */
async function throughForwardProxy(url: URL, choice: HttpChoice, proxy: ProxyRoute): Promise<NegotiatedProtocol> {
  if (choice === '2') {
    throw unsupported(
      `${url.origin} is reached through the proxy ${proxy.proxy}, which relays cleartext HTTP/1.1 only (there is no proxied h2c); ` +
        'use --http auto or 1.1, an https:// endpoint (HTTP/2 inside a tunnel), or --no-proxy',
    );
  }
  const facts = await probeProxiedHttp(url, proxy);
  return { protocol: 'h1', how: choice === '1.1' ? 'forced' : 'proxy', link: Promise.resolve(facts) };
}

function unsupported(message: string): PartpushError {
  return new PartpushError('PARTPUSH_PROTOCOL_UNSUPPORTED', message, { retryable: false });
}

/** OpenSSL's ways of saying the other side answered a ClientHello with something that is not TLS. */
const NOT_TLS = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|RECORD_LAYER_FAILURE|UNEXPECTED_EOF_WHILE_READING)$/;

/**
 * A TLS handshake offering h2 and http/1.1: what ALPN chose, the connection (for the HTTP/2 probe
 * to reuse), and, under TLS 1.3 (one round trip from ClientHello to the server's Finished), the
 * handshake's time as a round trip.
 */
function probeAlpn(url: URL, tls: TlsTrust, tunnel?: Duplex): Promise<{ alpn: string; socket: TLSSocket; handshakeMs?: number }> {
  return new Promise((resolve, reject) => {
    // A tunnel is connected already: the handshake starts now.
    let connectedAt = tunnel ? performance.now() : 0;
    const socket = tlsConnect({
      ...(tunnel ? { socket: tunnel } : { host: dialHost(url), port: Number(url.port || 443) }),
      servername: isIP(dialHost(url)) ? undefined : url.hostname,
      ALPNProtocols: ['h2', 'http/1.1'],
      ca: tls.ca,
      rejectUnauthorized: tls.rejectUnauthorized,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const fail = (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code && NOT_TLS.test(error.code)) {
        reject(unsupported(`${url.origin} answered in cleartext, not TLS: use http://${url.host}`));
      } else {
        reject(toPartpushError(error, `cannot connect to ${url.origin}`));
      }
    };
    socket.once('connect', () => {
      connectedAt = performance.now();
    });
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      // Handed on (closed, or carrying the HTTP/2 probe): a late error there is no probe failure,
      // and must not go unheard either (an 'error' without a listener ends the process).
      socket.off('error', fail);
      socket.on('error', () => {});
      const handshakeMs = connectedAt > 0 && socket.getProtocol() === 'TLSv1.3' ? performance.now() - connectedAt : undefined;
      resolve({ alpn: socket.alpnProtocol || '', socket, handshakeMs });
    });
    socket.once('error', fail);
    socket.once('timeout', () =>
      fail(Object.assign(new Error(`no TLS handshake within ${CONNECT_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })),
    );
  });
}

/** Whether a TLS handshake with the origin gets as far as the server's answer (trusted or not). */
function speaksTls(url: URL, tls: TlsTrust): Promise<boolean> {
  return probeAlpn(url, { ...tls, rejectUnauthorized: false }).then(
    ({ socket }) => {
      socket.destroy();
      return true;
    },
    () => false,
  );
}

/** The HTTP/2 client preface, then an empty SETTINGS frame (RFC 9113 section 3.4). */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
const SETTINGS_FRAME = 4;

/** What a cleartext server answers to the HTTP/2 preface: SETTINGS (h2c), an HTTP/1 status line, or nothing. */
function answerToPreface(url: URL): Promise<{ answer: 'h2c' | 'h1' | 'silent'; ms: number }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: dialHost(url), port: Number(url.port || 80), timeout: CONNECT_TIMEOUT_MS });
    let received = Buffer.alloc(0);
    let answerTimer: NodeJS.Timeout | undefined;
    let sentAt = 0;
    let answeredAt = 0;
    const finish = (answer: 'h2c' | 'h1' | 'silent') => {
      clearTimeout(answerTimer);
      socket.destroy();
      resolve({ answer, ms: answeredAt - sentAt });
    };
    socket.once('connect', () => {
      socket.setTimeout(0);
      sentAt = performance.now();
      answerTimer = setTimeout(() => finish(received.length > 0 ? 'h1' : 'silent'), ANSWER_TIMEOUT_MS);
      socket.write(H2_PREFACE);
    });
    socket.on('data', (data: Buffer) => {
      if (received.length === 0) answeredAt = performance.now();
      received = Buffer.concat([received, data]);
      if (received.length >= 9)
        finish(received[3] === SETTINGS_FRAME ? 'h2c' : 'h1'); // else "HTTP/1.1 400 Bad Request" or the like
      else if (received.toString('latin1').startsWith('HTTP/')) finish('h1');
    });
    socket.once('end', () => finish(received.length > 0 ? 'h1' : 'silent'));
    socket.once('close', () => finish(received.length > 0 ? 'h1' : 'silent'));
    socket.once('error', (error) => {
      clearTimeout(answerTimer);
      socket.destroy();
      // A reset right after the preface is a server hanging up on it, not an unreachable one.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' && socket.bytesWritten > 0) resolve({ answer: 'silent', ms: 0 });
      else reject(toPartpushError(error, `cannot connect to ${url.origin}`));
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(
        toPartpushError(
          Object.assign(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' }),
          `cannot connect to ${url.origin}`,
        ),
      );
    });
  });
}
