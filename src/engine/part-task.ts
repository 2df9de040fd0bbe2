import type { AuthMaterial } from '../auth/auth-material.js';
import type { ErrorRecord } from '../errors.js';
import type { Dialect } from '../core/resolve-target.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';

/** Everything a thread needs to send one part: plain data only, so it can cross to a worker. */
export interface PartTask {
  transport: TransportSpec;
  dialect: Dialect;
  /** Encoded object path and the query that makes it a part upload (empty for a whole-object PUT). */
  path: string;
  query: Record<string, string>;
  auth: AuthMaterial;
  source: SourceDescriptor;
  partNumber: number;
  offset: number;
  length: number;
  checksum: boolean;
  /** 1 for the first try; a retried part is a new task with the next number. */
  attempt: number;
  /** An attempt that hands no byte to the socket and gets no answer for this long is abandoned. */
  stallTimeoutMs: number;
  /** SharedCounters of the upload this part belongs to. */
  counters: SharedArrayBuffer;
}

export interface PartResult {
  partNumber: number;
  etag: string;
  length: number;
  crc32c?: number;
  attempts: number;
}

/** What a worker posts back: errors as records, because classes do not survive postMessage. */
export type PartOutcome = { ok: true; result: PartResult } | { ok: false; error: ErrorRecord };
