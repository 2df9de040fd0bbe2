import { BandwidthCap } from './bandwidth/bandwidth-cap.js';
import { crc32cToBase64 } from './checksum/crc32c-combine.js';
import { PartpushError } from './errors.js';
import { createThreadContext } from './lane/thread-context.js';
import {
  resolvePoolOptions,
  resolveTransferOptions,
  type ResolvedTransferOptions,
  type TransferOptions,
  type UploadOptions,
} from './options.js';
import type { SourceInput } from './source/resolve-source.js';
import { InlineRunner } from './threads/inline-runner.js';
import type { LaneRunner } from './threads/lane-runner.js';
import { WorkerPoolRunner } from './threads/worker-pool-runner.js';
import { PartScheduler } from './transfer/part-scheduler.js';
import { sharedCredentials, sharedProtocols } from './uploader-caches.js';
import { storeReads, type StoreReads } from './store-reads.js';
import { uploadObject, type UploadEnvironment, type UploadResult } from './object-upload/upload-object.js';

export interface UploaderStats {
  /** Thread ids of the live workers: the same ids across uploads means the pool stayed warm. */
  workerThreadIds: number[];
  /** Lanes running now (each sends one part at a time), across all uploads. */
  partsInFlight: number;
  uploadsRunning: number;
}

export interface Uploader extends StoreReads {
  /** Uploads one source; options given here override the ones given to createUploader. */
  upload: (source: SourceInput, destination: string, options?: TransferOptions) => Promise<UploadResult>;
  /** Cancels running uploads (aborting their multipart uploads) and releases threads and sockets. */
  close: () => Promise<void>;
  stats: () => UploaderStats;
  /**
   * A local file's CRC32C (base64, as stores spell it), computed in the Uploader's worker threads
   * (inline mode: on this thread), several files at once when called so: `sync`'s local pass.
   */
  fileCrc32c: (path: string) => Promise<string>;
  [Symbol.asyncDispose]: () => Promise<void>;
}

/**
 * A long-lived uploader: its worker pool and each worker's HTTP sessions stay warm from one upload
 * to the next, so only the first upload pays for thread start-up and TLS handshakes.
 */
export function createUploader(options: UploadOptions = {}): Uploader {
  const pool = resolvePoolOptions(options);
  // Resolved once: bad defaults fail now, not at the first upload, and an upload without
  // overrides uses these as they are.
  const defaults = resolveTransferOptions(options);
  const thread = createThreadContext();
  const runner: LaneRunner = pool.mode === 'workers' ? new WorkerPoolRunner(pool) : new InlineRunner(pool, thread);
  const scheduler = new PartScheduler({ maxPartsInFlight: pool.maxPartsInFlight, maxBytesInFlight: pool.maxBytesInFlight });
  // Each running upload and the controller that cancels it (close() uses it too).
  const running = new Map<AbortController, Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const env: UploadEnvironment = {
    runner,
    learnedChecksums: new Map(),
    scheduler,
    workers: pool.workers,
    streamsPerWorker: pool.streamsPerWorker,
    thread,
    credentials: sharedCredentials(),
    negotiate: sharedProtocols(),
    bandwidth: pool.bwlimit === undefined ? undefined : BandwidthCap.create(pool.bwlimit),
  };

  const resolve = (overrides: TransferOptions): ResolvedTransferOptions => {
    if (closing) throw new PartpushError('PARTPUSH_CLOSED', 'this uploader is closed; create a new one with createUploader()');
    return Object.keys(overrides).length === 0 ? defaults : resolveTransferOptions({ ...options, ...overrides });
  };
  const uploader: Uploader = {
    ...storeReads(env, resolve),
    async upload(source, destination, overrides = {}) {
      const transfer = resolve(overrides);
      // One signal per upload, fired by the caller's cancel or by close(). A listener that is
      // removed afterwards, not AbortSignal.any: a caller's long-lived signal must not collect one
      // dependant per upload.
      const canceller = new AbortController();
      const cancel = () => canceller.abort();
      if (transfer.signal?.aborted) cancel();
      transfer.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const upload = uploadObject(env, source, destination, { ...transfer, signal: canceller.signal });
        running.set(canceller, upload);
        return await upload;
      } finally {
        transfer.signal?.removeEventListener('abort', cancel);
        running.delete(canceller);
      }
    },
    close() {
      closing ??= (async () => {
        for (const canceller of running.keys()) canceller.abort();
        await Promise.allSettled(running.values());
        await runner.close();
        await thread.sessions.close();
      })();
      return closing;
    },
    async fileCrc32c(path) {
      resolve({}); // refuses once closed
      return crc32cToBase64(await runner.checksumFile(path));
    },
    stats() {
      return { workerThreadIds: runner.threadIds, partsInFlight: scheduler.partsInFlight, uploadsRunning: running.size };
    },
    [Symbol.asyncDispose]() {
      return uploader.close();
    },
  };
  return uploader;
}
