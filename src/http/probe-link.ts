import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type { LinkFacts } from '../core/link-facts.js';
import type { TlsTrust } from './transport-spec.js';

/**
 * A second PING is sent only after a first this short: there one sample is noisy (a sub-millisecond
 * PING moves by several times on a loaded machine) and another costs next to nothing; across a long
 * round trip each costs that round trip, and one reads it well enough.
 */
const SECOND_PING_BELOW_MS = 20;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * An HTTP/2 session on the main thread, over the probe's own connection where it has one (the TLS
 * socket ALPN chose h2 on: no second handshake), to read the server's SETTINGS and time a PING or
 * two after them (a PING sent with the preface also times the server's session set-up:
 * docs/performance-log.md); closed at once. Once per origin and Uploader, like the protocol choice
 * it is part of. A probe that fails is not an error (the upload itself reports a store that cannot
 * be reached): undefined.
 */
export async function probeHttp2(origin: string, tls: TlsTrust, socket?: Duplex): Promise<LinkFacts | undefined> {
  const session = http2.connect(origin, { ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, ...(socket ? { createConnection: () => socket } : {}) });
  const timer = setTimeout(() => session.destroy(), PROBE_TIMEOUT_MS);
  try {
    const settings = await new Promise<http2.Settings>((resolve, reject) => {
      session.once('remoteSettings', resolve);
      session.once('error', reject);
      session.once('close', () => reject(new Error('closed before its SETTINGS')));
    });
    const ping = () => new Promise<number>((resolve, reject) => {
      session.ping((error, ms) => (error ? reject(error) : resolve(ms)));
    });
    const first = await ping();
    const rttMs = first < SECOND_PING_BELOW_MS ? Math.min(first, await ping()) : first;
    return { rttMs, timedBy: 'ping', initialWindowSize: settings.initialWindowSize, maxConcurrentStreams: settings.maxConcurrentStreams };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    session.close();
    session.destroy();
  }
}
