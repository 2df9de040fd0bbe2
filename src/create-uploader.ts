import { resolveCredentials, type CredentialSource } from './auth/credential-source.js';
import { PartpushError } from './errors.js';
import { negotiateProtocol, type NegotiatedProtocol } from './http/negotiate-protocol.js';
import { routeKey } from './proxy/store-connector.js';
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
import { uploadObject, type UploadEnvironment, type UploadResult } from './transfer/upload-object.js';

export interface UploaderStats {
  /** Thread ids of the live workers: the same ids across uploads means the pool stayed warm. */
  workerThreadIds: number[];
  /** Lanes running now (each sends one part at a time), across all uploads. */
  partsInFlight: number;
  uploadsRunning: number;
}

export interface Uploader {
  /** Uploads one source; options given here override the ones given to createUploader. */
  upload: (source: SourceInput, destination: string, options?: TransferOptions) => Promise<UploadResult>;
  /** Cancels running uploads (aborting their multipart uploads) and releases threads and sockets. */
  close: () => Promise<void>;
  stats: () => UploaderStats;
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
  // By origin and choice, then by CA (its own key: see SessionCache).
  const protocols = new Map<string, Map<string, Promise<NegotiatedProtocol>>>();
  // Each running upload and the controller that cancels it (close() uses it too).
  const running = new Map<AbortController, Promise<unknown>>();
  let closing: Promise<void> | undefined;

  // Per environment object, then per destination kind: a set of a thousand files must not start a
  // thousand credential discoveries (GoogleAuth, the AWS provider chain and its files and IMDS).
  const credentialSources = new WeakMap<NodeJS.ProcessEnv, Map<string, CredentialSource>>();

  const env: UploadEnvironment = {
    runner,
    learnedChecksums: new Map(),
    scheduler,
    workers: pool.workers,
    streamsPerWorker: pool.streamsPerWorker,
    thread,
    credentials(scheme, auth, region, processEnv, proxy) {
      // Explicit credentials are cheap and the caller's own objects: not shared.
      if (typeof auth !== 'string') return resolveCredentials(scheme, auth, region, processEnv, proxy);
      let byKind = credentialSources.get(processEnv);
      if (!byKind) credentialSources.set(processEnv, (byKind = new Map<string, CredentialSource>()));
      // What picks the credentials, so that a changed environment gets new ones.
      const key = [
        scheme,
        auth,
        region,
        processEnv.AWS_ACCESS_KEY_ID,
        processEnv.AWS_SESSION_TOKEN,
        processEnv.AWS_PROFILE,
        processEnv.STORAGE_EMULATOR_HOST,
        processEnv.GOOGLE_APPLICATION_CREDENTIALS,
        String(proxy),
      ].join('|');
      let source = byKind.get(key);
      if (!source) byKind.set(key, (source = resolveCredentials(scheme, auth, region, processEnv, proxy)));
      return source;
    },
    negotiate(origin, transfer, proxy) {
      const key = `${origin}|${transfer.http}|${transfer.insecure}|${routeKey(proxy)}`;
      let byCa = protocols.get(key);
      if (!byCa) protocols.set(key, (byCa = new Map<string, Promise<NegotiatedProtocol>>()));
      const ca = transfer.ca ?? '';
      let protocol = byCa.get(ca);
      if (!protocol) {
        protocol = negotiateProtocol(origin, transfer.http, { ca: transfer.ca, rejectUnauthorized: !transfer.insecure }, proxy);
        byCa.set(ca, protocol);
        protocol.catch(() => byCa.delete(ca)); // a failed probe is not remembered
      }
      return protocol;
    },
  };

  const uploader: Uploader = {
    async upload(source, destination, overrides = {}) {
      if (closing) throw new PartpushError('PARTPUSH_CLOSED', 'this uploader is closed; create a new one with createUploader()');
      const transfer: ResolvedTransferOptions =
        Object.keys(overrides).length === 0 ? defaults : resolveTransferOptions({ ...options, ...overrides });
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
    stats() {
      return { workerThreadIds: runner.threadIds, partsInFlight: scheduler.partsInFlight, uploadsRunning: running.size };
    },
    [Symbol.asyncDispose]() {
      return uploader.close();
    },
  };
  return uploader;
}
