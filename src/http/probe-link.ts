import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type { TlsTrust } from './transport-spec.js';

/** What the store's HTTP/2 front end granted, and the round trip to it. */
export interface LinkFacts {
  /**
   * The round trip: from HTTP/2 PINGs where there are sessions (the fastest of a few: no server
   * work, no queueing), else from the probe's first exchange (the TLS 1.3 handshake, or the
   * answer to the HTTP/2 preface), which includes the server's little work.
   */
  rttMs: number;
  /** How the round trip was timed. */
  timedBy: 'ping' | 'tls-handshake' | 'first-answer';
  /** SETTINGS_INITIAL_WINDOW_SIZE: bytes a stream may send before the server acknowledges. */
  initialWindowSize?: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS: streams the server takes at once on one session. */
  maxConcurrentStreams?: number;
}

const PINGS = 2;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * An HTTP/2 session on the main thread, over the probe's own connection where it has one (the TLS
 * socket ALPN chose h2 on: no second handshake), to read the server's SETTINGS and time a few
 * PINGs; closed at once. Once per origin and Uploader, like the protocol choice it is part of. A
 * probe that fails is not an error (the upload itself reports a store that cannot be reached):
 * undefined.
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
    let rttMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < PINGS; i++) {
      const duration = await new Promise<number>((resolve, reject) => {
        session.ping((error, ms) => (error ? reject(error) : resolve(ms)));
      });
      rttMs = Math.min(rttMs, duration);
    }
    return { rttMs, timedBy: 'ping', initialWindowSize: settings.initialWindowSize, maxConcurrentStreams: settings.maxConcurrentStreams };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    session.close();
    session.destroy();
  }
}
