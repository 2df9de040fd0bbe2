import { resolveCredentials } from '../auth/credential-source.js';
import { combinePartCrcs, crc32cToBase64 } from '../core/crc32c-combine.js';
import { formatDestination, parseDestination } from '../core/destination.js';
import { partQuery } from '../core/multipart-requests.js';
import { partRange, planParts, type PartPlan } from '../core/plan-parts.js';
import { resolveTarget } from '../core/resolve-target.js';
import { PartpushError } from '../errors.js';
import type { SessionCache } from '../http/session-cache.js';
import type { TransportSpec, WireProtocol } from '../http/transport-spec.js';
import type { ResolvedTransferOptions } from '../options.js';
import { resolveSource, type SourceInput } from '../source/resolve-source.js';
import { abortUpload, completeUpload, initiateUpload, type StoreContext } from './multipart-calls.js';
import type { PartRunner } from './part-runner.js';
import type { PartResult, PartTask } from './part-task.js';
import { runParts } from './run-parts.js';
import { SharedCounters } from './shared-counters.js';
import { startProgressReports } from './progress-reports.js';

export interface UploadResult {
  destination: string;
  size: number;
  partSize: number;
  partCount: number;
  etag: string;
  /** Base64 CRC32C of the whole object, combined from the parts' (absent with checksum 'none'). */
  crc32c?: string;
  seconds: number;
  bytesPerSecond: number;
  mode: 'workers' | 'inline';
  protocol: WireProtocol;
}

/** What an Uploader lends each upload: its part runner, its main-thread sessions, its caches. */
export interface UploadEnvironment {
  runner: PartRunner;
  streamsPerWorker: number;
  sessions: SessionCache;
  negotiate(origin: string, options: ResolvedTransferOptions): Promise<WireProtocol>;
  /** Registered so that closing the Uploader can cancel what is running. */
  track(counters: SharedCounters): () => void;
}

export async function uploadObject(env: UploadEnvironment, input: SourceInput, destinationText: string, options: ResolvedTransferOptions): Promise<UploadResult> {
  const started = performance.now();
  const destination = parseDestination(destinationText);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const source = await resolveSource(input);
  const plan = planParts(source.size, options.partSize);
  const credentials = resolveCredentials(destination.scheme, options.auth, target.region, options.env);
  await credentials.material(); // fail on missing credentials before anything is started
  const tls = { ca: options.ca, rejectUnauthorized: !options.insecure };
  const protocol = await env.negotiate(target.origin, options);
  const transport: TransportSpec = { origin: target.origin, protocol, streams: env.streamsPerWorker, tls };
  const store: StoreContext = { sessions: env.sessions, transport: { ...transport, streams: 1 }, target, credentials };

  const counters = new SharedCounters();
  const untrack = env.track(counters);
  const onAbort = () => counters.cancel();
  options.signal?.addEventListener('abort', onAbort);
  const stopProgress = startProgressReports(counters, plan, started, options);
  try {
    if (options.signal?.aborted) throw cancelledByCaller();
    const makeTask = async (partNumber: number, uploadId?: string): Promise<PartTask> => {
      const range = partRange(plan, partNumber);
      return {
        transport,
        dialect: target.dialect,
        path: target.objectPath,
        query: uploadId ? partQuery(uploadId, partNumber) : {},
        auth: await credentials.material(),
        source,
        ...range,
        checksum: options.checksum,
        counters: counters.buffer,
      };
    };
    let results: PartResult[];
    let etag: string;
    if (plan.singleRequest) {
      results = await runParts({ partNumbers: [1], runner: env.runner, makeTask: (n) => makeTask(n), counters });
      etag = results[0]!.etag;
    } else {
      const uploadId = await initiateUpload(store, options.checksum);
      try {
        results = await runParts({ partNumbers: partNumbersOf(plan), runner: env.runner, makeTask: (n) => makeTask(n, uploadId), counters });
        etag = await completeUpload(store, uploadId, results, options.checksum);
      } catch (error) {
        throw await abortAfter(store, uploadId, error);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      destination: formatDestination(destination),
      size: plan.size,
      partSize: plan.partSize,
      partCount: plan.partCount,
      etag,
      crc32c: options.checksum ? crc32cToBase64(combinePartCrcs(results.map((r) => ({ crc32c: r.crc32c!, length: r.length })))) : undefined,
      seconds,
      bytesPerSecond: seconds > 0 ? plan.size / seconds : 0,
      mode: env.runner.mode,
      protocol,
    };
  } catch (error) {
    if (error instanceof PartpushError && error.code === 'PARTPUSH_ABORTED' && options.signal?.aborted) throw cancelledByCaller();
    throw error;
  } finally {
    stopProgress();
    options.signal?.removeEventListener('abort', onAbort);
    untrack();
  }
}

/** Aborts a failed multipart upload so its parts are not left billed, then returns the error to throw. */
async function abortAfter(store: StoreContext, uploadId: string, error: unknown): Promise<unknown> {
  try {
    await abortUpload(store, uploadId);
  } catch (abortError) {
    if (error instanceof PartpushError) {
      error.message += `; the multipart upload ${uploadId} could not be aborted either ` +
        `(${(abortError as Error).message}), so its parts may still be stored`;
    }
  }
  return error;
}

function partNumbersOf(plan: PartPlan): number[] {
  return Array.from({ length: plan.partCount }, (_, i) => i + 1);
}

function cancelledByCaller(): PartpushError {
  return new PartpushError('PARTPUSH_ABORTED', 'upload cancelled by the caller; nothing was completed and the multipart upload was aborted');
}
