/** The round trip to a store, and what its HTTP/2 front end granted (where it speaks HTTP/2), as the protocol probe read them. */
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
