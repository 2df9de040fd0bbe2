import type { MessagePort } from 'node:worker_threads';
import type { AuthMaterial } from '../auth/auth-material.js';
import type { BandwidthCapSpec } from '../bandwidth/bandwidth-cap.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import type { ObjectWrite } from '../target/object-headers.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { RetryEvent } from '../core/retry-event.js';
import type { ConnectionEvent } from '../core/upload-event.js';
import type { Dialect } from '../target/resolve-target.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import type { ErrorRecord } from '../errors.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { CompressedParts } from '../compress/compressed-parts.js';

/**
 * The types at the lanes' boundary. A lane is a loop on one thread (a worker, or the main thread
 * in inline mode) that sends parts of one upload one at a time, taking each from the PartBoard,
 * until none are left, the upload stops, or another upload needs the lane's slot.
 */

/** Everything every lane of one upload shares, built once per upload: plain data, so it can cross to a worker. */
export interface UploadSpec {
  transport: TransportSpec;
  dialect: Dialect;
  /** Encoded object path. */
  path: string;
  /** Absent for an object small enough for one PUT. */
  uploadId?: string;
  /** For the single PUT (no uploadId): the object's attributes and condition. */
  object?: ObjectWrite;
  plan: PartPlan;
  source: SourceDescriptor;
  /** The size of the chunks a part's body is sent in (sendChunkSize: smaller when many parts are in flight). */
  chunkSize: number;
  /** Each part's frames compressed by the lane that sends it (`compress`); the part's range is then its uncompressed bytes. */
  compression?: CompressedParts;
  /** Where each part's CRC32C goes; absent without a checksum. */
  checksum?: ChecksumPlacement;
  /**
   * The caller's CRC32C of the whole source (expectCrc32c): a single PUT's body must have it (the
   * last byte is held back otherwise), and parts are checksummed even without a placement, for
   * the check before the Complete.
   */
  expectCrc32c?: number;
  /**
   * Tell the main thread as each part finishes (the resume journal records it at once). Otherwise
   * it reads the results from the board when the lanes end, and no message per part is sent.
   */
  reportEachPart: boolean;
  /** An attempt that hands no byte to the socket and gets no answer for this long is abandoned. */
  stallTimeoutMs: number;
  retry: RetryPolicy;
  /** The UploadState buffer: why the upload stopped, and progress. */
  state: SharedArrayBuffer;
  /** The Uploader's bandwidth cap (`bwlimit`), shared by all its uploads and threads; absent: none. */
  bandwidth?: BandwidthCapSpec;
}

/** What starts one lane. */
export interface LaneTask {
  /** Unique within the upload, > 0: marks the board entries this lane holds. */
  lane: number;
  board: SharedArrayBuffer;
  /** Board indexes to send first: parts taken back from a lane whose thread died. */
  takenBack: number[];
  upload: UploadSpec;
  /** The credentials when the lane starts; the main thread sends newer ones through the channel. */
  auth: AuthMaterial;
}

/** How a lane ended: if it stopped the upload, why (a record: plain data). Its parts are on the board. */
export interface LaneOutcome {
  error?: ErrorRecord;
}

/** One part the store acknowledged. */
export interface PartResult {
  partNumber: number;
  etag: string;
  length: number;
  crc32c?: number;
  /** The store's answer reported the same CRC32C for the bytes it received. */
  crc32cConfirmed?: boolean;
  attempts: number;
}

/** What a lane needs from the main thread, wherever the lane runs. */
export interface LaneChannel {
  /** The newest credentials the lane has been given. */
  auth: () => AuthMaterial;
  /** After a 401: asks the main thread for fresh credentials; false when they cannot be refreshed. */
  refreshAuth: () => Promise<boolean>;
  /** With `reportEachPart`: the part at this board index has just finished (its result is on the board). */
  partDone: (index: number) => void;
  /** A part's attempt failed and will be tried again (rare: a message each is cheap). */
  retrying: (event: RetryEvent) => void;
  /** The lane's thread opened or closed a connection. */
  connection: (event: ConnectionEvent) => void;
}

/** The main thread's end of the channel: a LaneChannel, plus pushes of new credentials to lanes in workers. */
export interface MainThreadChannel extends LaneChannel {
  onAuth: (listener: (auth: AuthMaterial) => void) => () => void;
}

/** What the pool hands a worker: the lane, and the port its channel runs over. */
export interface LaneWorkerInput {
  task: LaneTask;
  port: MessagePort;
}

/** What every worker thread is started with (node:worker_threads `workerData`). */
export interface LaneWorkerData {
  /** The nice value the thread sets on itself as it starts (0: unchanged). */
  nice: number;
}
