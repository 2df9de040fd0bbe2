import type { AuthOption, CredentialSource } from '../auth/credential-source.js';
import type { Scheme } from '../core/destination.js';
import type { SignerCache } from '../auth/signer-cache.js';
import { checksumFormOf, choosePlacement, type ChecksumForm } from '../checksum/checksum-form.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { combinePartCrcs, crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { formatDestination, parseDestination } from '../core/destination.js';
import { checkObjectAttributes, contentTypeFor } from '../core/object-attributes.js';
import { objectWrite } from '../core/object-headers.js';
import { planParts, streamPartSize, type PartPlan } from '../core/plan-parts.js';
import { resolveTarget } from '../core/resolve-target.js';
import { PartpushError } from '../errors.js';
import { caFromEnvironment } from '../http/ca-from-environment.js';
import type { NegotiatedProtocol } from '../http/negotiate-protocol.js';
import type { SessionCache } from '../http/session-cache.js';
import type { TransportSpec, WireProtocol } from '../http/transport-spec.js';
import { proxyFor } from '../proxy/proxy-for.js';
import type { ProxyOption, ProxyRoute } from '../proxy/proxy-route.js';
import { autoStreamsPerWorker, sendingShape } from './sending-shape.js';
import type { PartResult, UploadSpec } from '../lane/lane-task.js';
import { UploadState } from '../lane/upload-state.js';
import type { ResolvedTransferOptions } from '../options.js';
import { checkSourceUnchanged } from '../source/check-source-unchanged.js';
import { resolveSource, type SourceInput } from '../source/resolve-source.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import { isByteReader, type ByteReader } from '../source/byte-reader.js';
import { sendChunkSize } from '../source/read-buffers.js';
import { isStreamInput, type StreamInput } from '../source/stream-input.js';
import { StreamSlabs } from '../source/stream-slabs.js';
import { sendStreamParts, streamSlabCount } from './send-stream-parts.js';
import type { LaneRunner } from '../threads/lane-runner.js';
import { ChecksumLearner, type LearnedChecksum } from './checksum-learner.js';
import { abortUpload, headObject, initiateUpload, type CompletedObject, type StoreContext } from './multipart-calls.js';
import type { PartScheduler } from './part-scheduler.js';
import { startProgressReports } from './progress-reports.js';
import { canContinueLater, findResumePoint, keptForResume, keptForResumeSuffix, resumeJournalPath } from './resume-upload.js';
import type { ResumeJournal } from './resume-journal.js';
import { runParts } from './run-parts.js';
import { verifyStoredObject } from './verify-stored-object.js';

const CONTROL_STREAMS = 8;

export interface UploadResult {
  destination: string;
  size: number;
  /** Bytes per part as sent: the object's size when it went in a single request. */
  partSize: number;
  partCount: number;
  /** Parts a resumed upload found already stored and did not send again. */
  partsReused: number;
  etag: string;
  /** Base64 CRC32C of the whole object, combined from the parts' (absent with checksum 'none'). */
  crc32c?: string;
  /** How the parts' CRC32C travelled (see ChecksumForm). */
  checksumForm: ChecksumForm;
  /**
   * The store confirmed the CRC32C: it reported the object's after Complete (or, where it reports
   * none for objects, every part's as it received it) and each matched the source's. False when no
   * answer carried a checksum: then only the store's own checks (a trailer or a header it
   * verifies, if it does) stood between the bytes and the object.
   */
  checksumVerified: boolean;
  /** Part attempts beyond the first, over the whole upload. */
  retries: number;
  seconds: number;
  bytesPerSecond: number;
  mode: 'workers' | 'inline';
  protocol: WireProtocol;
  /**
   * Connections the parts spread over, in all sending threads together: HTTP/2 sessions per thread
   * times threads, or one HTTP/1.1 connection per part in flight. Opened as parts need them.
   */
  connections: number;
  /** The round trip to the store as the protocol probe timed it (see the `link` event); absent where it could not. */
  rttMs?: number;
  /** The proxy the upload went through, as `http://host:port` (never its credentials); absent: direct. */
  proxy?: string;
}

/** What an Uploader lends each upload: its lane runner, its main thread's sessions and signers, its caches. */
export interface UploadEnvironment {
  runner: LaneRunner;
  /** Per origin: the checksum forms it took, learned under 'auto'. */
  learnedChecksums: Map<string, LearnedChecksum>;
  scheduler: PartScheduler;
  workers: number;
  /** Parts in flight per worker as asked, or 'auto' (from the round trip). */
  streamsPerWorker: number | 'auto';
  thread: { sessions: SessionCache; signers: SignerCache };
  negotiate: (origin: string, options: ResolvedTransferOptions, proxy: ProxyRoute | undefined) => Promise<NegotiatedProtocol>;
  /** The credentials for a destination, shared by the uploads that ask for the same ones (see create-uploader.ts). */
  credentials: (scheme: Scheme, auth: AuthOption, region: string, env: NodeJS.ProcessEnv, proxy: ProxyOption) => CredentialSource;
}

export async function uploadObject(
  env: UploadEnvironment,
  input: SourceInput,
  destinationText: string,
  options: ResolvedTransferOptions,
): Promise<UploadResult> {
  const started = performance.now();
  const destination = parseDestination(destinationText);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const attributes = checkObjectAttributes(options.object, target.dialect);
  const streamInput = isStreamInput(input) || isByteReader(input) ? input : undefined;
  if (streamInput && options.resume) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      'resume needs a file: a stream cannot be read again from where it stopped; drop --resume, or upload from a file',
      { option: 'resume' },
    );
  }
  const streamPart = streamInput ? streamPartSize(options.partSize, options.expectedSize) : undefined;
  // A stream is planned once its first part is read (below): it may turn out to be one PUT.
  const fileSource = streamInput ? undefined : await resolveSource(input as Exclude<SourceInput, StreamInput | ByteReader>);
  const filePlan = fileSource ? planParts(fileSource.size, options.partSize) : undefined;
  const credentials = env.credentials(destination.scheme, options.auth, target.region, options.env, options.proxy);
  const firstAuth = await credentials.material(); // fail on missing credentials before anything is started
  const ca = options.ca ?? caFromEnvironment(target.dialect, options.env);
  const tls = { ca, rejectUnauthorized: !options.insecure };
  const proxy = proxyFor(target.origin, options.proxy, options.env);
  const onEvent = options.onEvent;
  // A multipart upload's control connection is dialled beside the protocol probe's: the initiate
  // then goes out the moment the protocol is known, not a handshake later.
  if (!filePlan?.singleRequest) env.thread.sessions.predial(target.origin, tls, options.http !== '1.1', proxy);
  const negotiated = await env.negotiate(target.origin, { ...options, ca }, proxy);

  const state = new UploadState();
  // The signal (the caller's cancel or Uploader.close()) stops the upload on every thread at once.
  const onAbort = () => state.stop('cancelled');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  // Control calls of concurrent uploads share the main thread's session: a few streams, not one.
  // They keep the negotiated protocol when the parts switch to HTTP/1.1 (decided only once the
  // PING is back, after the initiate has gone out), and an HTTP/2 session stays open through a long
  // transfer, where an idle HTTP/1.1 connection closes after undici's 4 s and the Complete then pays
  // a new handshake.
  const control: TransportSpec = {
    origin: target.origin,
    protocol: negotiated.protocol,
    streams: CONTROL_STREAMS,
    connections: 1,
    tls,
    proxy,
  };
  const object = objectWrite(target.dialect, {
    ...attributes,
    contentType: contentTypeFor(attributes.contentType, fileSource?.kind === 'file' ? fileSource.path : undefined),
  });
  const store: StoreContext = {
    thread: env.thread,
    transport: control,
    target,
    credentials,
    retry: options.retry,
    onEvent,
    object,
    get signal() {
      return state.signal;
    }, // a fresh one after a reopen
  };
  const auto = options.checksum === 'auto';
  const learned = env.learnedChecksums.get(target.origin);
  // Under 'auto', start from what this origin took before, else from the strongest form.
  const asked = auto ? (learned ? learned.placement : 'while-sending') : (options.checksum as ChecksumPlacement | undefined);
  const checksumLearner = (partPlan: PartPlan) =>
    new ChecksumLearner(
      choosePlacement(asked, {
        dialect: target.dialect,
        origin: target.origin,
        signed: firstAuth.kind === 'sigv4',
        singleRequest: partPlan.singleRequest,
      }),
      { auto, dialect: target.dialect, learned, onEvent },
    );
  const fileChecksum = filePlan && checksumLearner(filePlan);
  /** The no-clobber check and the initiate: a new multipart upload's id. */
  const startUpload = async (learner: ChecksumLearner): Promise<string> => {
    if (attributes.ifNotExists) await refuseExistingObject(store);
    return learner.initiate(store);
  };
  // A file's multipart upload starts now, while the probe's PING times the round trip that shapes
  // the parts (a resumed one first reads its journal and the store's part list, below).
  const initiating = fileChecksum && !filePlan.singleRequest && !options.resume ? startUpload(fileChecksum) : undefined;
  initiating?.catch(() => undefined); // its failure is met where it is awaited, in the try below

  const link = await negotiated.link;
  const threads = env.workers;
  const streams = env.streamsPerWorker === 'auto' ? autoStreamsPerWorker(link, threads) : env.streamsPerWorker;
  /** Parts in flight for the whole upload, on every thread together. */
  const lanes = streams * threads;
  const shape = sendingShape({
    protocol: negotiated.protocol,
    connections: options.connections,
    http: options.http,
    streams,
    link,
    tls: target.origin.startsWith('https:'),
  });
  const { protocol, connections } = shape;
  const how = shape.switchedBecause ? 'round-trip' : negotiated.how;
  const transport: TransportSpec = { origin: target.origin, protocol, streams, connections, tls, proxy };

  let stream: StreamStart | undefined;
  if (streamInput) {
    const slabs = new StreamSlabs(streamInput, streamPart!, streamSlabCount(lanes));
    try {
      stream = await untilStopped(state, startStream(slabs));
    } catch (error) {
      options.signal?.removeEventListener('abort', onAbort);
      await slabs.close().catch(() => undefined);
      throw error;
    }
  }
  const source = stream?.source ?? fileSource!;
  let plan = stream?.plan ?? filePlan!;
  const checksum = fileChecksum ?? checksumLearner(plan);
  onEvent?.({ type: 'protocol', origin: target.origin, protocol, how, why: shape.switchedBecause, proxy: proxy?.proxy });
  onEvent?.({
    type: 'link',
    origin: target.origin,
    ...link,
    streamsPerThread: streams,
    connectionsPerThread: connections,
    threads,
    chosen: options.connections === 'auto' ? 'auto' : 'asked',
  });
  /**
   * What every lane of one run of the parts shares: built when the upload id (if any) is known,
   * whole, once per run (a run again in a weaker checksum form, under 'auto', gets its own).
   */
  const uploadSpec = (uploadId: string | undefined, reportEachPart: boolean, partPlan = plan): UploadSpec => ({
    transport,
    dialect: target.dialect,
    path: target.objectPath,
    uploadId,
    object: uploadId === undefined ? object : undefined,
    plan: partPlan,
    source,
    chunkSize: sendChunkSize(lanes),
    checksum: checksum.placement,
    reportEachPart,
    stallTimeoutMs: options.stallTimeoutMs,
    retry: options.retry,
    state: state.buffer,
  });
  const partsRun = {
    runner: env.runner,
    lanes,
    scheduler: env.scheduler,
    credentials,
    credentialRefreshMs: options.credentialRefreshMs,
    onEvent,
  };
  /** Set when a failure keeps the multipart upload for a later run (resume): the journal's path. */
  let keptFor: string | undefined;
  let releaseJournal: (() => void) | undefined;
  const stopProgress = startProgressReports(state, () => plan, stream !== undefined, started, options);
  try {
    if (state.stopped) {
      await initiating?.then((uploadId) => abortUpload(store, uploadId)).catch(() => undefined);
      throw cancelledByCaller();
    }
    let results: PartResult[];
    let etag: string;
    let objectCrc: number | undefined;
    let checksumVerified = false;
    let partsReused = 0;
    /** Runs the parts; under 'auto', a refusal of the checksum form sends them again in the next weaker one. */
    const sendParts = async (
      uploadId: string | undefined,
      partNumbers: number[],
      journal?: ResumeJournal,
      partPlan = plan,
    ): Promise<PartResult[]> => {
      for (;;) {
        try {
          return await runParts({
            ...partsRun,
            upload: uploadSpec(uploadId, journal !== undefined, partPlan),
            partNumbers,
            onPartDone: journal && ((part) => journal.record(part)),
          });
        } catch (error) {
          if (state.stopReason !== 'failed') throw error;
          checksum.afterPartsFailed(error);
          state.reopen();
          journal?.setChecksumPlacement(checksum.placement);
          // An S3 upload created for CRC32C parts refuses a Complete without them.
          if (checksum.placement === undefined && uploadId !== undefined && target.dialect === 's3') throw new FormChanged();
        }
      }
    };
    if (plan.singleRequest) {
      results = await sendParts(undefined, [1]);
      etag = results[0]!.etag;
      objectCrc = results[0]!.crc32c;
      // Verified only if the store said so: its answer reported the CRC32C of what it received.
      checksumVerified = results[0]!.crc32cConfirmed === true;
    } else {
      const resume = options.resume
        ? await findResumePoint(
            resumeJournalPath(options.resume, source, destinationText, target.origin, options.env),
            source,
            formatDestination(destination),
            plan,
            { placement: checksum.placement, auto },
            store,
          )
        : undefined;
      releaseJournal = resume?.release;
      if (auto && resume?.journal) checksum.placement = resume.journal.header.checksumPlacement;
      let uploadId = resume?.uploadId ?? (await (initiating ?? startUpload(checksum)));
      partsReused = resume?.done.length ?? 0;
      onEvent?.(resume?.uploadId ? { type: 'resumed', uploadId, partsReused } : { type: 'initiated', uploadId });
      resume?.start(uploadId, checksum.placement);
      const journal = resume?.journal;
      const done = new Set(resume?.done.map((p) => p.partNumber));
      for (const part of resume?.done ?? []) {
        state.addBytesSent(part.length);
        state.addPartDone();
      }
      let completed: CompletedObject | undefined;
      try {
        const pending = partNumbersOf(plan).filter((n) => !done.has(n));
        /** The parts not yet stored: the file's, or the stream's as it is read (part 1 alone first). */
        const sendAll = (id: string, withJournal?: ResumeJournal): Promise<PartResult[]> =>
          !stream
            ? sendParts(id, pending, withJournal)
            : sendStreamParts({
                slabs: stream.slabs,
                firstBytes: stream.firstBytes,
                sendPart: (partNumber, partPlan) => {
                  plan = partPlan;
                  return partNumber === 1
                    ? sendParts(id, [1], undefined, partPlan)
                    : runParts({ ...partsRun, upload: uploadSpec(id, false, partPlan), partNumbers: [partNumber] });
                },
                stop: () => state.stop('failed'),
              }).then((sent) => {
                plan = sent.plan;
                return sent.results;
              });
        let sent: PartResult[];
        try {
          sent = await sendAll(uploadId, journal);
        } catch (error) {
          if (!(error instanceof FormChanged)) throw error;
          // No checksum after all: a new upload that does not declare one, its parts sent again.
          await abortUpload(store, uploadId).catch(() => undefined);
          uploadId = await initiateUpload(store, false);
          onEvent?.({ type: 'initiated', uploadId });
          sent = await sendAll(uploadId);
        }
        results = [...(resume?.done ?? []), ...sent].sort((a, b) => a.partNumber - b.partNumber);
        await checkSourceUnchanged(source);
        completed = await checksum.complete(store, uploadId, results, plan.size);
        etag = completed.etag;
        onEvent?.({ type: 'completed', etag });
        journal?.remove();
        if (checksum.placement !== undefined) {
          objectCrc = combinePartCrcs(results.map((r) => ({ crc32c: r.crc32c!, length: r.length })));
          // The object's CRC32C as the store reports it after Complete; a store that reports none
          // for objects may still have confirmed every part as it received it.
          checksumVerified =
            (await verifyStoredObject(store, results, objectCrc, completed.crc32c, plan.size)) ||
            results.every((r) => r.crc32cConfirmed === true);
        }
      } catch (error) {
        // Once Complete has succeeded there is no multipart upload left to keep or to abort (the
        // check after it deletes a corrupt object itself).
        if (completed) throw error;
        if (resume && canContinueLater(error)) {
          keptFor = resume.journal?.path;
          throw keptForResume(error as PartpushError, keptFor);
        }
        journal?.remove();
        throw await abortAfter(store, uploadId, error);
      }
    }
    const lesson = checksum.lesson(asked);
    if (lesson) env.learnedChecksums.set(target.origin, lesson);
    const seconds = (performance.now() - started) / 1000;
    return {
      destination: formatDestination(destination),
      size: plan.size,
      partSize: plan.singleRequest ? plan.size : plan.partSize,
      partCount: plan.partCount,
      partsReused,
      etag,
      crc32c: objectCrc === undefined ? undefined : crc32cToBase64(objectCrc),
      checksumForm: checksumFormOf(checksum.placement, target.dialect),
      checksumVerified,
      retries: results.reduce((n, r) => n + r.attempts - 1, 0),
      seconds,
      bytesPerSecond: seconds > 0 ? plan.size / seconds : 0,
      mode: env.runner.mode,
      protocol,
      connections: connections * threads,
      rttMs: link?.rttMs,
      proxy: proxy?.proxy,
    };
  } catch (error) {
    // The caller's cancel wins over the failures it causes (a part waiting out a Retry-After ends
    // with that part's last error).
    if (state.stopReason === 'cancelled') throw cancelledByCaller(keptFor);
    throw error;
  } finally {
    stopProgress();
    releaseJournal?.();
    await stream?.slabs.close().catch(() => undefined);
    state.stop('finished'); // releases every thread's wait on this upload's state
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Aborts a failed multipart upload so its parts are not left billed, then returns the error to throw. */
async function abortAfter(store: StoreContext, uploadId: string, error: unknown): Promise<unknown> {
  // The store no longer has the upload (a Complete whose answer was lost): nothing to abort.
  if (error instanceof PartpushError && error.serviceCode === 'NoSuchUpload') return error;
  try {
    await abortUpload(store, uploadId);
    store.onEvent?.({ type: 'aborted', uploadId });
  } catch (abortError) {
    if (error instanceof PartpushError) {
      error.message +=
        `; the multipart upload ${uploadId} could not be aborted either ` +
        `(${(abortError as Error).message}), so its parts may still be stored`;
    }
  }
  return error;
}

/**
 * With ifNotExists, a multipart upload first looks for the object: one HEAD, so that an existing key
 * is refused before gigabytes are sent only to be refused at Complete. It is an early answer only:
 * the condition on the Complete (conditionHeaders) is what holds against a writer racing this one,
 * and where a store ignores it there (Ceph RGW 16 does; its PUTs honour it) this check is all there is.
 */
async function refuseExistingObject(store: StoreContext): Promise<void> {
  const existing = await headObject(store);
  if (existing) {
    throw new PartpushError(
      'PARTPUSH_PRECONDITION_FAILED',
      'an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was sent or replaced',
    );
  }
}

/** Thrown inside an upload whose parts fell back to no checksum: its multipart upload must be made anew. */
class FormChanged extends Error {}

function partNumbersOf(plan: PartPlan): number[] {
  return Array.from({ length: plan.partCount }, (_, i) => i + 1);
}

function cancelledByCaller(keptFor?: string): PartpushError {
  return new PartpushError(
    'PARTPUSH_ABORTED',
    keptFor === undefined
      ? 'upload cancelled by the caller; nothing was completed and the multipart upload was aborted'
      : `upload cancelled by the caller; nothing was completed${keptForResumeSuffix(keptFor)}`,
  );
}

/** A stream's start: its ring, and its first part read, which tells one PUT from a multipart upload. */
interface StreamStart {
  slabs: StreamSlabs;
  firstBytes: number;
  source: SourceDescriptor;
  plan: PartPlan;
}

async function startStream(slabs: StreamSlabs): Promise<StreamStart> {
  const partSize = slabs.ring.slabSize;
  const firstBytes = await slabs.fill(0);
  if (firstBytes < partSize || (await slabs.atEnd())) {
    // Small enough for one PUT, sent from slab 0 like a SharedArrayBuffer.
    return {
      slabs,
      firstBytes,
      source: { kind: 'shared', buffer: slabs.ring.buffer, byteOffset: 0, size: firstBytes },
      plan: planParts(firstBytes, partSize),
    };
  }
  return { slabs, firstBytes, source: slabs.ring, plan: { size: firstBytes, partSize, partCount: 1, singleRequest: false } };
}

/** `work`, or the caller's cancel if it comes first (a silent pipe must not hold a cancelled upload). */
function untilStopped<T>(state: UploadState, work: Promise<T>): Promise<T> {
  if (state.stopped) return Promise.reject(cancelledByCaller());
  return new Promise<T>((resolve, reject) => {
    const onStop = () => reject(cancelledByCaller());
    state.signal.addEventListener('abort', onStop, { once: true });
    work.then(resolve, reject).finally(() => state.signal.removeEventListener('abort', onStop));
  });
}
