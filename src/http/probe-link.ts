import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type { LinkFacts } from '../core/link-facts.js';
import type { TlsTrust } from './transport-spec.js';

/**
 * The first PING goes out with the preface, so that it comes back with the server's SETTINGS (one
 * round trip, not two); it also times the server's session set-up (5 ms and more through nghttpx
 * on a loaded loopback). Two more PINGs, spaced out, are sent where the first came back this fast:
 * there the set-up is a large share of it, one sample moves by several times on a loaded machine,
 * and more cost next to nothing; across a long round trip the set-up is lost in it, and a PING more
 * costs that round trip, so only a doubtful first one (below) is timed again there, by two PINGs
 * sent at once (one round trip; a hold of a few ms is small beside it).
 */
const MORE_PINGS_BELOW_MS = 30;
/**
 * ...or where the first took this many times the round trip that came before it (the TLS 1.3
 * handshake, or the answer to the h2c preface): a thread busy starting workers held the answer,
 * not the network (loopback PINGs read 38-71 ms that way, after handshakes of 8-20 ms, with three
 * test files starting workers at once on two cores).
 */
const SLOWER_THAN_BEFORE = 1.5;
/**
 * ...or where this thread was held, in all, for this share of the PING's time (timer turns that
 * came late, summed): the answer waited for the thread, not the network. On two cores, a worker
 * starting (zstd's native module, undici's modules) held the main thread so that a loopback PING
 * read 30-33 ms, and the upload chose 9 HTTP/1.1 connections for it; through a 60 ms relay, two
 * workers starting made it read 82-104 ms in holds of 16-21 ms each (61-63 ms once they ran).
 */
const STALLED_SHARE = 0.2;
/** A timer turn this much later than asked is the thread held, not the timer's own slack. */
const TIMER_SLACK_MS = 2;
const PROBE_TIMEOUT_MS = 10_000;
/**
 * The PINGs more are this far apart: a thread held up for a moment (workers starting beside it on a
 * loaded machine) delays PINGs sent back to back alike (three read 6 ms or more on loopback so).
 */
const PING_SPACING_MS = 10;

function later<T>(work: () => Promise<T>): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, PING_SPACING_MS)).then(work);
}

/**
 * An HTTP/2 session on the main thread, over the probe's own connection where it has one (the TLS
 * socket ALPN chose h2 on: no second handshake), to read the server's SETTINGS and time a PING or
 * three, against the probe's earlier timing of the round trip (`before`, if any); closed at once.
 * Once per origin and Uploader, like the protocol choice it is part of. A probe that fails is not
 * an error (the upload itself reports a store that cannot be reached): `before` stands.
 */
export async function probeHttp2(origin: string, tls: TlsTrust, socket?: Duplex, before?: LinkFacts): Promise<LinkFacts | undefined> {
  const session = http2.connect(origin, {
    ca: tls.ca,
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(socket ? { createConnection: () => socket } : {}),
  });
  const timer = setTimeout(() => session.destroy(), PROBE_TIMEOUT_MS);
  try {
    const ping = () =>
      new Promise<number>((resolve, reject) => {
        session.ping((error, ms) => (error ? reject(error) : resolve(ms)));
      });
    // A session that dials its own connection (h2c) cancels a PING sent before it is connected.
    if (session.connecting) await sessionEvent(session, 'connect');
    const stalls = new StallWatch();
    const [settings, first] = await Promise.all([sessionEvent<http2.Settings>(session, 'remoteSettings'), ping()]).finally(() =>
      stalls.stop(),
    );
    const doubtful =
      first < MORE_PINGS_BELOW_MS ||
      (before !== undefined && first > SLOWER_THAN_BEFORE * before.rttMs) ||
      stalls.heldMs > STALLED_SHARE * first;
    const again = () =>
      first < MORE_PINGS_BELOW_MS ? later(ping).then(async (a) => [a, await later(ping)]) : Promise.all([ping(), ping()]);
    const pinged = doubtful ? Math.min(first, ...(await again())) : first;
    // The fastest sample wins: a PING held by a busy thread reads long, never short.
    const { rttMs, timedBy } = before && before.rttMs < pinged ? before : { rttMs: pinged, timedBy: 'ping' as const };
    return { rttMs, timedBy, initialWindowSize: settings.initialWindowSize, maxConcurrentStreams: settings.maxConcurrentStreams };
  } catch {
    return before;
  } finally {
    clearTimeout(timer);
    session.close();
    session.destroy();
  }
}

/** How long, in all, this thread was held (busy, or not scheduled) while it runs: the time its 1 ms timer turns came late. */
class StallWatch {
  heldMs = 0;
  #last = performance.now();
  readonly #timer = setInterval(() => this.#turn(), 1);

  stop(): void {
    clearInterval(this.#timer);
    this.#turn();
  }

  #turn(): void {
    const now = performance.now();
    const late = now - this.#last - 1;
    if (late > TIMER_SLACK_MS) this.heldMs += late;
    this.#last = now;
  }
}

/** The session's next `event`, or the error or close that comes first. */
function sessionEvent<T = void>(session: http2.ClientHttp2Session, event: 'connect' | 'remoteSettings'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    session.once(event, resolve as (value: unknown) => void);
    session.once('error', reject);
    session.once('close', () => reject(new Error(`closed before its ${event}`)));
  });
}
