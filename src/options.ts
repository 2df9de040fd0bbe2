import { checkOptionShapes, trueOrFalse } from './option-shapes.js';
import { availableParallelism } from 'node:os';
import type { AuthOption } from './auth/credential-source.js';
import type { ObjectAttributes } from './target/object-attributes.js';
import { parseRate, parseSize } from './core/sizes.js';
import { validatePartSize } from './core/plan-parts.js';
import { PartpushError } from './errors.js';
import type { HttpChoice } from './http/negotiate-protocol.js';
import type { ChecksumPlacement } from './checksum/checksum-placement.js';
import { DEFAULT_RETRY_POLICY, type RetryOptions, type RetryPolicy } from './core/retry-policy.js';
import type { UploadEvent } from './core/upload-event.js';
import { parseProxyUrl } from './proxy/proxy-for.js';
import type { ProxyOption } from './proxy/proxy-route.js';
import { resolveCompression, type Compression, type CompressOption } from './compress/compression.js';
import { refuseCompressionMetadata } from './compress/compressed-object.js';

export type Mode = 'workers' | 'inline';

export interface Progress {
  /** Bytes handed to the network so far (goes back down if a part has to be re-sent). */
  bytesSent: number;
  /** The object's size; for a stream, the bytes read so far until `totalKnown`. */
  totalBytes: number;
  /** False while a stream is still being read (its size is not known yet). */
  totalKnown: boolean;
  /** Parts the store acknowledged. */
  partsDone: number;
  /** Parts whose every byte has been handed to the network: moves with bytesSent (the progress line shows it). */
  partsSent: number;
  partCount: number;
  /** Bytes per second since the upload started. */
  bytesPerSecond: number;
  seconds: number;
}

/** Options of the pool: fixed for the life of an Uploader. */
export interface PoolOptions {
  mode?: Mode;
  /** Worker threads (default: half the cores, 1 to 4). */
  workers?: number;
  /**
   * Parts in flight per worker: HTTP/2 streams, or HTTP/1.1 connections. 'auto' (default): 4 on a
   * short round trip, more on a long one, so that the bytes in flight cover what the link holds
   * (up to MAX_AUTO_STREAMS_PER_WORKER).
   */
  streamsPerWorker?: number | 'auto';
  /** Host-wide cap on part attempts in flight across all uploads (default workers x the most streams per worker). */
  maxPartsInFlight?: number;
  /** Host-wide cap on the bytes of the parts in flight across all uploads (default: none). */
  maxBytesInFlight?: number;
  /** Close worker threads and their sessions after this long without work; they return on demand (default 5 min). */
  idleTimeoutMs?: number;
  /**
   * Start the worker threads as the Uploader is made (default true), so the first part does not
   * wait for them; false starts them with the first part or checksum, for a short-lived process
   * that may have nothing to send (the CLI's `sync` of an unchanged tree, `--dry-run`).
   */
  warmStart?: boolean;
  /**
   * Nice value for the worker threads, 0 to 19 (default 0; Linux only). Above 0, when the cores
   * are full, the host's own threads (its main thread, its compilers) run before the upload's, at
   * the cost of a slower upload on a busy host.
   */
  workerNice?: number;
  /**
   * The most bytes per second this Uploader sends, all its uploads and threads together: bytes per
   * second, or a size per second such as "40MiB" (also "40MiB/s", "40M"; binary units). Default: no cap.
   */
  bwlimit?: number | string;
}

/** Options of one upload. */
export interface TransferOptions {
  endpoint?: string;
  region?: string;
  /**
   * Bytes, or a string such as "64MiB". Default: 32 MiB, grown to stay within 10,000 parts; for a
   * stream, 16 MiB (up to 156 GiB), grown from `expectedSize`.
   */
  partSize?: number | string;
  /** For a stream: its expected size (bytes or "200GiB"), to choose a part size that holds it in 10,000 parts. */
  expectedSize?: number | string;
  http?: HttpChoice;
  /**
   * HTTP/2 sessions per worker that its parts in flight spread over (HTTP/1.1 always uses one
   * connection per part in flight). 'auto' (default): one where the round trip is short, more
   * where one session's window per round trip would bound the worker (measured with HTTP/2 PINGs),
   * at most one per part in flight and MAX_CONNECTIONS_PER_WORKER.
   */
  connections?: number | 'auto';
  /**
   * 'auto' (default): the strongest form the store takes. The CRC32C computed as the bytes are
   * sent, in an aws-chunked trailer the store verifies (S3; GCS compares the CRC32C it reports);
   * where the store refuses that, in a header before the bytes; where it refuses that too, none.
   * Learned from the store's refusal of the first create or parts, then kept for the Uploader's life.
   * 'crc32c': the trailer form only, failing (with the store's words) where it is refused.
   * 'crc32c-header': the header form only (each file part is read twice). 'none': no checksums.
   */
  checksum?: 'auto' | 'crc32c' | 'crc32c-header' | 'none';
  auth?: AuthOption;
  /** PEM of the CA that signed the server's certificate (e.g. the emulator's `ca`). */
  ca?: string | Buffer;
  /** Skip TLS verification. Only for testing; prefer `ca`. */
  insecure?: boolean;
  /**
   * The HTTP proxy to reach the store (and credential endpoints) through, as `http://[USER:PASSWORD@]HOST:PORT`
   * (or https:// for TLS to the proxy), overriding HTTPS_PROXY / HTTP_PROXY; `false`: no proxy,
   * whatever the environment says. Default: the environment, as curl reads it (NO_PROXY applies to both).
   */
  proxy?: string | false;
  /** PEM of the CA that signed an https:// proxy's certificate (the store's is `ca`). Default: the system's roots. */
  proxyCa?: string | Buffer;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Each retry, protocol choice, connection opened or closed, initiate, resume, complete and abort, as it happens. */
  onEvent?: (event: UploadEvent) => void;
  /** How often onProgress is called, in ms (default 250). */
  progressIntervalMs?: number;
  /** Retries per request (default: 8 attempts, full-jitter backoff from 0.5 s up to 20 s, Retry-After honoured). */
  retry?: RetryOptions;
  /** An attempt with no progress for this long is abandoned and retried (default 60 s). */
  stallTimeoutMs?: number;
  /**
   * How often credentials are asked for again while parts are sent, so running workers get
   * refreshed tokens before the old ones expire (default 60 s; a 401 also refreshes at once).
   */
  credentialRefreshMs?: number;
  /**
   * Keep a journal so that an interrupted upload (crash, kill -9, Ctrl-C, network loss) continues
   * where it stopped when run again: `true` for the default journal path, or a path of your own.
   */
  resume?: boolean | string;
  /**
   * With `resume`: when the file changed since the interrupted upload, keep that multipart upload
   * open (its id is in the error) rather than abort it, which is the default.
   */
  keepStaleUpload?: boolean;
  /**
   * Compress in the workers into a seekable zstd object (docs/compression.md): `{ codec: 'zstd',
   * level }`, level 1-19, default 1. Not with `resume` (refused).
   */
  compress?: CompressOption;
  /** Environment to read conventions from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Default: guessed from the file name (MIME table), else application/octet-stream. */
  contentType?: string;
  cacheControl?: string;
  /** User metadata, stored as x-amz-meta-NAME or x-goog-meta-NAME. */
  metadata?: Record<string, string>;
  /** The store's storage class name (checked against the destination's dialect). */
  storageClass?: string;
  /**
   * Refuse to replace an existing object, atomically at the store (S3 `If-None-Match: *`, GCS
   * `x-goog-if-generation-match: 0`): fails with PARTPUSH_PRECONDITION_FAILED, the multipart
   * upload aborted.
   */
  ifNotExists?: boolean;
  /**
   * The source's CRC32C (base64) as the caller computed it: the object is written only if the
   * bytes read have it; otherwise PARTPUSH_SOURCE_CHANGED and nothing is stored. What `sync` uses
   * so that the CRC32C it records in the object's metadata is the one of the bytes stored.
   */
  expectCrc32c?: string;
}

export type UploadOptions = PoolOptions & TransferOptions;

export interface ResolvedPoolOptions {
  mode: Mode;
  workers: number;
  /** Parts in flight per worker as asked, or 'auto' (decided per upload from its round trip). */
  streamsPerWorker: number | 'auto';
  /** The most parts in flight per worker an upload may use: lanes each worker can run at once. */
  maxStreamsPerWorker: number;
  maxPartsInFlight: number;
  maxBytesInFlight: number;
  idleTimeoutMs: number;
  warmStart: boolean;
  workerNice: number;
  /** Bytes per second, or undefined for no cap. */
  bwlimit?: number;
}

export interface ResolvedTransferOptions {
  endpoint?: string;
  region?: string;
  partSize?: number;
  expectedSize?: number;
  http: HttpChoice;
  connections: number | 'auto';
  /** Where each part's CRC32C goes, or 'auto' (learned from the store); absent for `checksum: 'none'`. */
  checksum?: ChecksumPlacement | 'auto';
  auth: AuthOption;
  ca?: string;
  insecure: boolean;
  /** A proxy URL, `false` for none, undefined for the environment's (read per upload, from `env`). */
  proxy: ProxyOption;
  /** PEM checking an https:// proxy's certificate. */
  proxyCa?: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  onEvent?: (event: UploadEvent) => void;
  progressIntervalMs: number;
  retry: RetryPolicy;
  stallTimeoutMs: number;
  credentialRefreshMs: number;
  resume: boolean | string;
  keepStaleUpload: boolean;
  compression?: Compression;
  env: NodeJS.ProcessEnv;
  /** Checked against the destination's dialect when an upload starts (checkObjectAttributes). */
  object: ObjectAttributes;
}

export const DEFAULT_STREAMS_PER_WORKER = 4;

/**
 * The most parts in flight per worker that `streamsPerWorker: 'auto'` sets, on the longest round
 * trips: 32, so that one worker at 150 ms keeps 32 windows in flight (16 left it at 141-211 MiB/s
 * through the WAN relay, 32 at 255-272; docs/performance-log.md).
 */
export const MAX_AUTO_STREAMS_PER_WORKER = 32;

/** The most HTTP/2 sessions one worker opens to one origin (`connections`). */
export const MAX_CONNECTIONS_PER_WORKER = 32;

/** Half the cores, because the host that embeds partpush is busy with its own work; 1 to 4. */
export function defaultWorkers(): number {
  return Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2)));
}

export function resolvePoolOptions(options: PoolOptions): ResolvedPoolOptions {
  const mode = options.mode ?? 'workers';
  if (mode !== 'workers' && mode !== 'inline') {
    throw invalid('mode', `mode must be "workers" or "inline", got "${String(mode)}"`);
  }
  const workers = wholeNumber('workers', options.workers ?? defaultWorkers(), 1, 64);
  const asked = options.streamsPerWorker ?? 'auto';
  const streamsPerWorker = asked === 'auto' ? asked : wholeNumber('streamsPerWorker', asked, 1, 64);
  const maxStreamsPerWorker = streamsPerWorker === 'auto' ? MAX_AUTO_STREAMS_PER_WORKER : streamsPerWorker;
  const workerNice = wholeNumber('workerNice', options.workerNice ?? 0, 0, 19);
  if (workerNice > 0 && mode === 'inline') {
    throw invalid(
      'workerNice',
      'workerNice lowers the priority of worker threads; inline mode has none (it runs on the calling thread): drop one of the two',
    );
  }
  if (workerNice > 0 && process.platform !== 'linux') {
    throw invalid(
      'workerNice',
      `workerNice needs Linux, where each thread has its own nice value; on ${process.platform} it would lower the whole process's priority (run the process under \`nice\` instead)`,
    );
  }
  return {
    mode,
    workers,
    streamsPerWorker,
    maxStreamsPerWorker,
    maxPartsInFlight: wholeNumber('maxPartsInFlight', options.maxPartsInFlight ?? workers * maxStreamsPerWorker, 1, 10_000),
    maxBytesInFlight: positive('maxBytesInFlight', options.maxBytesInFlight ?? Number.POSITIVE_INFINITY),
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs ?? 5 * 60_000),
    warmStart: trueOrFalse('warmStart', options.warmStart ?? true),
    workerNice,
    bwlimit: resolveBwlimit(options.bwlimit),
  };
}

/** `40MiB`, `40MiB/s`, `40M` (binary units, as rclone's `--bwlimit 40M`), or bytes per second. */
function resolveBwlimit(bwlimit: number | string | undefined): number | undefined {
  if (bwlimit === undefined) return undefined;
  try {
    const rate = typeof bwlimit === 'string' ? parseRate(bwlimit, 'bwlimit') : bwlimit;
    // Below 1 KiB/s a single chunk header would take seconds: a typo (a missing unit) more than a wish.
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 1024) {
      throw invalid('bwlimit', `bwlimit must be at least 1KiB per second, such as "40MiB" (per second), got ${JSON.stringify(bwlimit)}`);
    }
    return rate;
  } catch (error) {
    if (error instanceof PartpushError) error.option = 'bwlimit';
    throw error;
  }
}

export function resolveTransferOptions(options: TransferOptions): ResolvedTransferOptions {
  checkOptionShapes(options);
  const http = options.http ?? 'auto';
  if (http !== 'auto' && http !== '1.1' && http !== '2') throw invalid('http', `http must be "auto", "1.1" or "2", got "${String(http)}"`);
  const checksum = options.checksum ?? 'auto';
  if (checksum !== 'auto' && checksum !== 'crc32c' && checksum !== 'crc32c-header' && checksum !== 'none') {
    throw invalid('checksum', `checksum must be "auto", "crc32c", "crc32c-header" or "none", got "${String(checksum)}"`);
  }
  let partSize: number | undefined;
  if (options.partSize !== undefined) {
    try {
      partSize = typeof options.partSize === 'string' ? parseSize(options.partSize, 'partSize') : options.partSize;
      validatePartSize(partSize);
    } catch (error) {
      if (error instanceof PartpushError) error.option = 'partSize';
      throw error;
    }
  }
  return {
    endpoint: options.endpoint,
    region: options.region,
    partSize,
    expectedSize: resolveExpectedSize(options.expectedSize),
    http,
    connections: resolveConnections(options.connections),
    checksum: checksum === 'none' ? undefined : checksum,
    auth: options.auth ?? 'auto',
    ca: options.ca === undefined ? undefined : pemCertificates(options.ca.toString()),
    insecure: options.insecure ?? false,
    proxy: resolveProxy(options.proxy),
    proxyCa: options.proxyCa === undefined ? undefined : pemCertificates(options.proxyCa.toString()),
    signal: options.signal,
    onProgress: options.onProgress,
    onEvent: options.onEvent,
    progressIntervalMs: positive('progressIntervalMs', options.progressIntervalMs ?? 250, true),
    retry: resolveRetry(options.retry),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs ?? 60_000),
    credentialRefreshMs: positive('credentialRefreshMs', options.credentialRefreshMs ?? 60_000),
    resume: options.resume ?? false,
    keepStaleUpload: resolveKeepStale(options),
    compression: compressionWithout(options.resume, options.compress, options.metadata, options.expectCrc32c),
    env: options.env ?? process.env,
    object: {
      contentType: options.contentType,
      cacheControl: options.cacheControl,
      metadata: options.metadata,
      storageClass: options.storageClass,
      ifNotExists: options.ifNotExists ?? false,
      expectCrc32c: options.expectCrc32c,
    },
  };
}

function resolveKeepStale(options: TransferOptions): boolean {
  if (options.keepStaleUpload && !options.resume) {
    throw invalid('keepStaleUpload', 'keepStaleUpload keeps the upload a resume journal names: it needs resume');
  }
  return options.keepStaleUpload ?? false;
}

function resolveProxy(proxy: string | false | undefined): ProxyOption {
  if (proxy === undefined || proxy === false) return proxy;
  if (typeof proxy !== 'string') throw invalid('proxy', `proxy must be a URL such as "http://proxy:3128", or false, got ${typeof proxy}`);
  parseProxyUrl(proxy, 'the proxy option'); // a bad URL fails now, not at the first upload
  return proxy;
}

function resolveExpectedSize(expected: number | string | undefined): number | undefined {
  if (expected === undefined) return undefined;
  try {
    const bytes = typeof expected === 'string' ? parseSize(expected, 'expectedSize') : expected;
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw invalid('expectedSize', `expectedSize must be a size in bytes (or like "200GiB"), got ${JSON.stringify(expected)}`);
    return bytes;
  } catch (error) {
    if (error instanceof PartpushError) error.option = 'expectedSize';
    throw error;
  }
}

function resolveConnections(connections: number | 'auto' | undefined): number | 'auto' {
  if (connections === undefined || connections === 'auto') return 'auto';
  if (typeof connections !== 'number' || !Number.isInteger(connections) || connections < 1 || connections > MAX_CONNECTIONS_PER_WORKER) {
    throw invalid(
      'connections',
      `connections must be "auto" or a whole number from 1 to ${MAX_CONNECTIONS_PER_WORKER} (sessions per worker), got ${JSON.stringify(connections)}`,
    );
  }
  return connections;
}

/** Whether PEM text holds a certificate: a CA option without one would silently trust nothing more. */
export function holdsPemCertificate(pem: string): boolean {
  return pem.includes('-----BEGIN CERTIFICATE-----');
}

function pemCertificates(pem: string): string {
  if (!holdsPemCertificate(pem)) {
    throw invalid('ca', 'ca holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA\'s certificate in PEM form');
  }
  return pem;
}

function resolveRetry(retry: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...retry };
  wholeNumber('retry.maxAttempts', policy.maxAttempts, 1, 100);
  positive('retry.baseDelayMs', policy.baseDelayMs, true);
  positive('retry.maxDelayMs', policy.maxDelayMs, true);
  positive('retry.maxRetryAfterMs', policy.maxRetryAfterMs, true);
  return policy;
}

function positive(name: string, value: number, zeroAllowed = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw invalid(name, `${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number, got ${value}`);
  }
  return value;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function invalid(option: string, message: string): PartpushError {
  return new PartpushError('PARTPUSH_INVALID_OPTION', message, { option });
}

/**
 * Resume and compression are refused together: a resumed upload would need the frame sizes of
 * the parts already stored to write the seek table, and the journal records parts, not frames. So
 * is metadata under the names compression writes.
 */
function compressionWithout(
  resume: boolean | string | undefined,
  option: CompressOption | undefined,
  metadata: Record<string, string> | undefined,
  expectCrc32c: string | undefined,
): Compression | undefined {
  const compression = resolveCompression(option);
  if (compression) refuseCompressionMetadata(metadata);
  if (compression && expectCrc32c !== undefined) {
    throw invalid(
      'expectCrc32c',
      'expectCrc32c is the CRC32C of the bytes stored, and a compressed object stores others: drop one of them',
    );
  }
  if (compression && resume !== undefined && resume !== false) {
    throw invalid(
      'compress',
      'compress cannot be combined with resume: the resume journal does not record the frames of a compressed part; drop --resume, or upload uncompressed',
    );
  }
  return compression;
}
