import type { MessagePort } from 'node:worker_threads';
import type { AuthMaterial } from '../auth/auth-material.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { Dialect } from '../core/resolve-target.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import type { ErrorRecord } from '../errors.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { ChecksumPlacement } from './part-body.js';

/** What every lane of one upload shares: plain data, so it can cross to a worker. */
export interface UploadSpec {
  transport: TransportSpec;
  dialect: Dialect;
  /** Encoded object path. */
  path: string;
  /** Absent for an object small enough for one PUT. */
  uploadId?: string;
  plan: PartPlan;
  source: SourceDescriptor;
  /** Where each part's CRC32C goes; absent without a checksum. */
  checksum?: ChecksumPlacement;
  /**
   * Tell the main thread as each part finishes (the resume journal records it at once). Otherwise
   * it reads the results from the board when the lanes end: a message per part cost the main
   * thread ~6 ms of CPU and ~40 wake-ups per GiB (README, Performance).
   */
  reportEachPart: boolean;
  stallTimeoutMs: number;
  retry: RetryPolicy;
  /** SharedCounters of the upload: cancel flag and progress. */
  counters: SharedArrayBuffer;
  /** The credentials when the lane starts; the main thread sends newer ones as it gets them. */
  auth: AuthMaterial;
}

/**
 * One lane: a thread sends parts of one upload, one at a time, taking each from the PartBoard,
 * until none are left, the upload stops, or another upload needs the slot.
 */
export interface LaneTask {
  /** Unique within the upload, > 0: marks the board entries this lane holds. */
  lane: number;
  board: SharedArrayBuffer;
  /** Board indexes to send first: parts taken back from a lane whose thread died. */
  takenBack: number[];
  upload: UploadSpec;
}

/** What the pool hands a worker: the lane, and the port it talks to the main thread over. */
export interface LaneWorkerInput {
  task: LaneTask;
  port: MessagePort;
}

/** How a lane ended: if it stopped the upload, why (a record: plain data). Its parts are on the board. */
export interface LaneOutcome {
  error?: ErrorRecord;
}

/** What a lane needs from the main thread, wherever the lane runs. */
export interface LaneLink {
  /** The newest credentials the lane has been given. */
  auth(): AuthMaterial;
  /** After a 401: asks the main thread for fresh credentials; false when they cannot be refreshed. */
  refreshAuth(): Promise<boolean>;
  /** With `reportEachPart`: the part at this board index has just finished (its result is on the board). */
  partDone(index: number): void;
}

/** The main thread's side: a LaneLink for inline lanes, plus pushes of new credentials for worker lanes. */
export interface LaneHost extends LaneLink {
  onAuth(listener: (auth: AuthMaterial) => void): () => void;
}
