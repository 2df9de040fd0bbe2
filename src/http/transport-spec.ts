import type { ProxyRoute } from '../proxy/proxy-route.js';

/**
 * How to reach one origin, as plain data: decided once on the main thread (protocol negotiation,
 * TLS trust), carried by every part task so each worker opens the same kind of session.
 */
export type WireProtocol = 'h1' | 'h2' | 'h2c';

export interface TlsTrust {
  /** PEM of extra CA certificates to trust (added to nothing else: this replaces the default set). */
  ca?: string;
  /** false only when the user asked for it (`insecure`); verification is on by default. */
  rejectUnauthorized: boolean;
}

export interface TransportSpec {
  origin: string;
  protocol: WireProtocol;
  /** Requests in flight on this thread: HTTP/2 streams over its sessions, or HTTP/1.1 connections. */
  inFlight: number;
  /** HTTP/2 sessions per thread that the streams spread over (1 unless said; unused by HTTP/1.1). */
  connections?: number;
  tls: TlsTrust;
  /** The proxy this origin is reached through (HTTPS_PROXY and the like, NO_PROXY and --proxy applied); none: direct. */
  proxy?: ProxyRoute;
}
