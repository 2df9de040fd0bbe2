import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { PartpushError } from '../errors.js';
import { toPartpushError } from './network-error.js';
import type { TlsTrust, WireProtocol } from './transport-spec.js';

export type HttpChoice = 'auto' | '1.1' | '2';

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Picks the wire protocol for an origin before any worker connects, because the session shape
 * depends on it: one multiplexed HTTP/2 connection per worker, or several HTTP/1.1 connections
 * (undici's pipelining over HTTP/1.1 with streamed bodies trips an assertion, so h1 never
 * pipelines). Over TLS, ALPN decides under `auto`; cleartext means HTTP/1.1 unless HTTP/2 is forced,
 * in which case it is h2c by prior knowledge.
 */
export async function negotiateProtocol(origin: string, choice: HttpChoice, tls: TlsTrust): Promise<WireProtocol> {
  const url = new URL(origin);
  if (url.protocol === 'http:') {
    if (choice !== '2') {
      // First contact fails fast: an unreachable endpoint is a mistake to report, not to retry.
      await connectOnce(url);
      return 'h1';
    }
    if (!(await speaksH2c(url))) {
      throw new PartpushError('PARTPUSH_PROTOCOL_UNSUPPORTED',
        `${origin} does not speak cleartext HTTP/2 (h2c); use --http auto or --http 1.1, or an https:// endpoint for HTTP/2 over TLS`);
    }
    return 'h2c';
  }
  if (choice === '1.1') return 'h1';
  const alpn = await probeAlpn(url, tls);
  if (alpn === 'h2') return 'h2';
  if (choice === '2') {
    throw new PartpushError('PARTPUSH_PROTOCOL_UNSUPPORTED',
      `${origin} does not offer HTTP/2 (ALPN chose ${alpn || 'nothing'}); use --http auto or --http 1.1`);
  }
  return 'h1';
}

function probeAlpn(url: URL, tls: TlsTrust): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: isIpAddress(url.hostname) ? undefined : url.hostname,
      ALPNProtocols: ['h2', 'http/1.1'],
      ca: tls.ca,
      rejectUnauthorized: tls.rejectUnauthorized,
      timeout: PROBE_TIMEOUT_MS,
    });
    const fail = (error: unknown) => {
      socket.destroy();
      reject(toPartpushError(error, `cannot connect to ${url.origin}`));
    };
    socket.once('secureConnect', () => {
      const protocol = socket.alpnProtocol || '';
      socket.end();
      resolve(protocol);
    });
    socket.once('error', fail);
    socket.once('timeout', () => fail(Object.assign(new Error(`no TLS handshake within ${PROBE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
  });
}

function connectOnce(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: url.hostname, port: Number(url.port || 80), timeout: PROBE_TIMEOUT_MS });
    socket.once('connect', () => { socket.destroy(); resolve(); });
    socket.once('error', (error) => { socket.destroy(); reject(toPartpushError(error, `cannot connect to ${url.origin}`)); });
    socket.once('timeout', () => {
      socket.destroy();
      reject(toPartpushError(Object.assign(new Error(`no connection within ${PROBE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' }), `cannot connect to ${url.origin}`));
    });
  });
}

/** The HTTP/2 client preface, then an empty SETTINGS frame (RFC 9113 section 3.4). */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
const SETTINGS_FRAME = 4;

/** An h2c server answers the preface with a SETTINGS frame; an HTTP/1.1 server with a 400 or nothing. */
function speaksH2c(url: URL): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: url.hostname, port: Number(url.port || 80), timeout: PROBE_TIMEOUT_MS });
    let received = Buffer.alloc(0);
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => socket.write(H2_PREFACE));
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (received.length >= 9) finish(received[3] === SETTINGS_FRAME);
    });
    socket.once('end', () => finish(false));
    socket.once('error', (error) => {
      socket.destroy();
      reject(toPartpushError(error, `cannot connect to ${url.origin}`));
    });
    socket.once('timeout', () => finish(false));
  });
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
}
