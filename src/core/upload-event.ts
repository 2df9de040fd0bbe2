import type { ChecksumUsed } from '../checksum/checksum-placement.js';
import type { LinkFacts } from './link-facts.js';
import type { RetryEvent } from './retry-event.js';

/**
 * A part the store answered, as the adaptive lane count weighs it: its bytes, when its last attempt
 * sent its first bytes (after any new connection's handshake) and when the answer came (ms on the
 * run's clock).
 */
export interface AnsweredPart {
  bytes: number;
  startedMs: number;
  answeredMs: number;
}

/** From `atMs` on (the run's clock), the adaptive lane count wanted `lanes` lanes. */
export interface LaneLevel {
  lanes: number;
  atMs: number;
}

/** What the adaptive lane count decides from: each count it set, and the parts answered so far. */
export interface LaneTrace {
  levels: LaneLevel[];
  parts: AnsweredPart[];
}

/** How an upload's wire protocol was chosen. */
export type ProtocolChoice = 'alpn' | 'forced' | 'cleartext' | 'h2c-probe' | 'round-trip' | 'proxy';

/** A connection of a sending thread opened or closed (undici's connect and disconnect). */
export interface ConnectionEvent {
  change: 'connected' | 'disconnected';
  origin: string;
  /** The thread whose session it is (0: the main thread). */
  threadId: number;
  /** Why it closed, when it closed on an error. */
  reason?: string;
}

/**
 * The parts in flight and connections an upload uses, and what they were decided from: the round
 * trip and the server's HTTP/2 SETTINGS, where the probe read them (none when it could not).
 */
export interface LinkEvent extends Partial<LinkFacts> {
  origin: string;
  /** Parts in flight per sending thread. */
  streamsPerThread: number;
  /** HTTP/2 sessions per sending thread, or HTTP/1.1 connections (one per part in flight). */
  connectionsPerThread: number;
  threads: number;
  /** Whether the count came from `connections: 'auto'` or was asked for. */
  chosen: 'auto' | 'asked';
}

/**
 * What happened during an upload, as it happens (the `onEvent` option; the CLI's --verbose prints
 * each one). Plain data; never a credential.
 */
export type UploadEvent =
  | {
      type: 'protocol';
      origin: string;
      protocol: 'h1' | 'h2' | 'h2c';
      how: ProtocolChoice /** Why, where the round trip decided it. */;
      why?: string;
      /** The proxy the upload goes through, as `http://host:port` (never its credentials); absent: direct. */
      proxy?: string;
    }
  | ({ type: 'link' } & LinkEvent)
  /**
   * The adaptive count moved the parts in flight (all threads together), or stopped moving them
   * because the part slots are shared, and why: the rates it compared.
   */
  | { type: 'lanes'; lanes: number; why: string; trace: LaneTrace }
  /** `origin`: the store's, so that an upload left open can be named with the command that aborts it there. */
  | { type: 'initiated'; uploadId: string; destination: string; origin: string }
  | { type: 'resumed'; uploadId: string; destination: string; origin: string; partsReused: number }
  | ({ type: 'retry' } & RetryEvent)
  | ({ type: 'connection' } & ConnectionEvent)
  /**
   * The store refused a checksum step, and the upload went on with the next weaker one (under
   * `--checksum auto`; the whole-object CRC32C falls back under any form): `full-object` is the
   * parts' CRC32C plus the whole object's, declared at the start and checked by the store at Complete.
   */
  | { type: 'fallback'; from: ChecksumStep; to: ChecksumStep; reason: string }
  /**
   * The store's CRC32C of the completed object differed from the source's, and the object, read
   * back, makes the source's: the store reports another checksum under that name, and the upload
   * stands (bytes that do not match fail the upload with PARTPUSH_CHECKSUM_MISMATCH instead).
   */
  | { type: 'read-back'; reported: string; source: string }
  | { type: 'completed'; uploadId: string; destination: string; etag: string }
  | { type: 'aborted'; uploadId: string; destination: string };

export type ChecksumStep = 'full-object' | ChecksumUsed;
