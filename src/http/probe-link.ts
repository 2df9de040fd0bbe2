import http2 from 'node:http2';
import type { TlsTrust, WireProtocol } from './transport-spec.js';

/** What the store's HTTP/2 front end granted, and the round trip to it. */
export interface LinkFacts {
  /** The round trip, from HTTP/2 PINGs (the fastest of a few: no server work, no queueing). */
  rttMs: number;
  /** SETTINGS_INITIAL_WINDOW_SIZE: bytes a stream may send before the server acknowledges. */
  initialWindowSize?: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS: streams the server takes at once on one session. */
  maxConcurrentStreams?: number;
}

const PINGS = 3;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * One HTTP/2 session of its own, on the main thread, to read the server's SETTINGS and time a few
 * PINGs; closed at once. Once per origin and Uploader, like the protocol choice it follows. Under
 * HTTP/1.1 there is nothing to read and no PING: undefined. A probe that fails is not an error
 * (the upload itself reports a store that cannot be reached): undefined as well.
 */
export async function probeLink(origin: string, protocol: WireProtocol, tls: TlsTrust): Promise<LinkFacts | undefined> {
  if (protocol === 'h1') return undefined;
  const session = http2.connect(origin, { ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized });
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
    return { rttMs, initialWindowSize: settings.initialWindowSize, maxConcurrentStreams: settings.maxConcurrentStreams };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    session.close();
    session.destroy();
  }
}
