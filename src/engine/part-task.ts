import type { AuthMaterial } from '../auth/auth-material.js';
import type { Dialect } from '../core/resolve-target.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { ChecksumPlacement } from './part-body.js';

/** One attempt at one part, as a lane builds it for sendPart. */
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
  /** Where the part's CRC32C goes; absent without a checksum. */
  checksum?: ChecksumPlacement;
  /** 1 for the first try; each retry is a new task with the next number. */
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
