import type { LinkFacts } from '../core/link-facts.js';
import type { WireProtocol } from '../http/transport-spec.js';
import { DEFAULT_STREAMS_PER_WORKER, MAX_AUTO_STREAMS_PER_WORKER, MAX_CONNECTIONS_PER_WORKER } from '../options.js';

/**
 * The TCP window a connection is assumed to get: Linux's default autotuning ceiling (the third
 * figure of net.ipv4.tcp_wmem and tcp_rmem, 4 MiB). A connection moves at most one window per
 * round trip, whatever its HTTP/2 streams.
 */
const ASSUMED_TCP_WINDOW = 4 * 1024 * 1024;

/** What one sending thread pushes when its connections do not hold it back (TLS h2 on one core of the development VM: 1.3 GiB/s). */
const THREAD_RATE = 1024 * 1024 * 1024;

/** HTTP/1.1 replaces HTTP/2 under `--http auto` only when it is predicted this much faster. */
const SWITCH_MARGIN = 1.25;
/**
 * Below this round trip, `auto` keeps the loopback shape (one session, no switch): on loopback or
 * inside a region the model's figures (a thread's rate, the windows) are too rough to act on, and
 * a sub-millisecond PING moves by several times from one probe to the next on a loaded machine.
 */
const SHORT_ROUND_TRIP_MS = 5;

export interface SendingShape {
  protocol: WireProtocol;
  /** HTTP/2 sessions per thread, or HTTP/1.1 connections per thread (one per part in flight). */
  connections: number;
  /** Why HTTP/2 was given up for HTTP/1.1, when it was. */
  switchedBecause?: string;
}

/**
 * How each sending thread reaches the store. A connection moves at most a TCP window per round
 * trip; an HTTP/2 stream at most the server's stream window (SETTINGS_INITIAL_WINDOW_SIZE) per
 * round trip. From the measured round trip and the granted window:
 * - HTTP/1.1: one connection per part in flight, always.
 * - `connections` a number: that many HTTP/2 sessions, at most one per part in flight (a session
 *   without a part in flight carries nothing).
 * - `auto`: under 5 ms, one session (the loopback shape). From there, enough sessions that their
 *   TCP windows do not bound the thread (its rate times the round trip, over a window each), up to
 *   one per part in flight; none beyond what the stream windows leave useful.
 * - under `--http auto` over TLS, from 5 ms up: HTTP/1.1 instead where the server's stream window
 *   holds HTTP/2 well below what the same parts in flight move over HTTP/1.1 connections (nginx's
 *   default 64 KiB window on a 60 ms round trip: 1 MiB/s per stream).
 * Without a measured round trip (the probe failed): one session, no switch.
 */
export function sendingShape(input: {
  protocol: WireProtocol;
  connections: number | 'auto';
  http: 'auto' | '1.1' | '2';
  /** Parts in flight on one sending thread. */
  lanesPerThread: number;
  link: LinkFacts | undefined;
  /** https: where HTTP/1.1 is a choice the switch can make (h2c's origins may speak nothing else). */
  tls: boolean;
}): SendingShape {
  const { protocol, lanesPerThread: streams, link } = input;
  if (protocol === 'h1') return { protocol, connections: streams };
  const cap = Math.min(streams, MAX_CONNECTIONS_PER_WORKER);
  if (input.connections !== 'auto') return { protocol, connections: Math.min(input.connections, cap) };
  if (!link || link.rttMs < SHORT_ROUND_TRIP_MS) return { protocol, connections: 1 };
  const rtt = link.rttMs / 1000;
  const streamWindow = link.initialWindowSize ?? Number.POSITIVE_INFINITY;
  const needed = Math.ceil((THREAD_RATE * rtt) / ASSUMED_TCP_WINDOW);
  const useful = Math.max(1, Math.floor((streams * streamWindow) / ASSUMED_TCP_WINDOW));
  const connections = Math.max(1, Math.min(needed, cap, useful));
  const h2Rate = Math.min(THREAD_RATE, Math.min(connections * ASSUMED_TCP_WINDOW, streams * streamWindow) / rtt);
  const h1Rate = Math.min(THREAD_RATE, (streams * ASSUMED_TCP_WINDOW) / rtt);
  if (input.http === 'auto' && input.tls && h1Rate > SWITCH_MARGIN * h2Rate) {
    return {
      protocol: 'h1',
      connections: streams,
      switchedBecause:
        `the server's ${mib(streamWindow)} HTTP/2 stream window over a ${link.rttMs.toFixed(0)} ms round trip holds ${streams} streams to ` +
        `${mib(h2Rate)}/s, and ${streams} HTTP/1.1 connections move up to ${mib(h1Rate)}/s`,
    };
  }
  return { protocol, connections };
}

/**
 * Parts in flight per worker under `streamsPerWorker: 'auto'`: enough that the bytes in flight
 * (a TCP window per part, as each part in flight keeps a connection or session busy) cover the
 * round trip at one thread's rate, shared among the workers; never fewer than the short-round-trip
 * default, never more than MAX_AUTO_STREAMS_PER_WORKER. The total, not each worker, is what the
 * link needs: more workers each send fewer.
 */
export function autoLanesPerWorker(link: LinkFacts | undefined, workers: number): number {
  if (!link || link.rttMs < SHORT_ROUND_TRIP_MS) return DEFAULT_STREAMS_PER_WORKER;
  const total = Math.ceil((THREAD_RATE * (link.rttMs / 1000)) / ASSUMED_TCP_WINDOW);
  return Math.max(DEFAULT_STREAMS_PER_WORKER, Math.min(MAX_AUTO_STREAMS_PER_WORKER, Math.ceil(total / workers)));
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}
