import { RECORDED_CRC32C } from '../../control/object-ownership.js';
import { PartpushError } from '../../errors.js';
import type { Uploader } from '../../create-uploader.js';
import type { UploadResult } from '../../object-upload/upload-object.js';
import type { ProgressLine } from './progress-bar.js';
import type { Transfer } from './plan-transfers.js';

export interface TransferOutcome {
  source: string;
  destination: string;
  result?: UploadResult;
  error?: { code: string; message: string };
  /** `exists`: another writer created the key after the look (--no-clobber), and its object was kept. */
  skipped?: 'exists';
}

export interface TransfersReport {
  files: TransferOutcome[];
  uploaded: number;
  failed: number;
  /** Files whose key another writer created between the look and the write (--no-clobber). */
  skipped: number;
  bytes: number;
  seconds: number;
}

/**
 * Uploads every transfer through one Uploader, `filesInFlight` at a time: their parts share its
 * pool, sessions and scheduler (which grants part slots to the uploads in turn), so small files go
 * as single PUTs side by side and a large one gets the lanes they leave. A failed file is reported
 * (`onFailure`) and the others go on. One progress line covers the whole set.
 */
export async function runTransfers(
  uploader: Uploader,
  transfers: readonly (Transfer & { crc32c?: string })[],
  options: {
    filesInFlight: number;
    /** The user's metadata, which a file's recorded CRC32C (sync) joins. */
    metadata?: Record<string, string>;
    signal: AbortSignal;
    progress?: ProgressLine;
    onFailure: (outcome: TransferOutcome) => void;
  },
): Promise<TransfersReport> {
  const started = performance.now();
  const outcomes: TransferOutcome[] = new Array<TransferOutcome>(transfers.length);
  const tally = new SetProgress(transfers, started, options.progress);
  // One listener for the set: closing the Uploader cancels (and aborts) every upload running.
  const cancel = () => {
    void uploader.close();
  };
  options.signal.addEventListener('abort', cancel, { once: true });
  let next = 0;
  const worker = async () => {
    while (next < transfers.length && !options.signal.aborted) {
      const index = next++;
      const { source, destination, crc32c } = transfers[index]!;
      try {
        const result = await uploader.upload(source, destination, {
          onProgress: options.progress ? (p) => tally.sent(index, p.bytesSent) : undefined,
          // The CRC32C recorded must be the stored bytes': a file rewritten since the look fails
          // (PARTPUSH_SOURCE_CHANGED) rather than be stored under its older checksum.
          ...(crc32c === undefined ? {} : { metadata: { ...options.metadata, [RECORDED_CRC32C]: crc32c }, expectCrc32c: crc32c }),
        });
        outcomes[index] = { source, destination, result };
        tally.uploaded(result.size);
      } catch (error) {
        const typed = error instanceof PartpushError ? error : undefined;
        // A racer's object, kept by the write's condition: what --no-clobber asked for, not a failure.
        if (typed?.code === 'PARTPUSH_PRECONDITION_FAILED') {
          outcomes[index] = { source, destination, skipped: 'exists' };
          continue;
        }
        outcomes[index] = {
          source,
          destination,
          error: { code: typed?.code ?? 'PARTPUSH_UNEXPECTED', message: (error as Error)?.message ?? String(error) },
        };
        const cancelled = options.signal.aborted && (typed?.code === 'PARTPUSH_ABORTED' || typed?.code === 'PARTPUSH_CLOSED');
        if (!cancelled) options.onFailure(outcomes[index]);
      } finally {
        tally.finished(index);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.filesInFlight, transfers.length) }, worker));
  } finally {
    tally.stop();
    options.signal.removeEventListener('abort', cancel);
  }
  const files = outcomes.filter((o) => o !== undefined);
  const uploaded = files.filter((o) => o.result).length;
  const skipped = files.filter((o) => o.skipped).length;
  return {
    files,
    uploaded,
    failed: files.length - uploaded - skipped,
    skipped,
    bytes: files.reduce((n, o) => n + (o.result?.size ?? 0), 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The set's one progress line: bytes sent by the files running and by those done, files done of all. */
class SetProgress {
  readonly #sentBy = new Map<number, number>();
  #sentByFinished = 0;
  #finished = 0;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(transfers: readonly Transfer[], started: number, progress: ProgressLine | undefined) {
    const totalBytes = transfers.reduce((n, t) => n + t.size, 0);
    const draw = () => {
      let bytesSent = this.#sentByFinished;
      for (const n of this.#sentBy.values()) bytesSent += n;
      const seconds = (performance.now() - started) / 1000;
      const partCount = transfers.length;
      const bytesPerSecond = seconds > 0 ? bytesSent / seconds : 0;
      progress!.update(
        {
          bytesSent,
          totalBytes,
          totalKnown: true,
          partsDone: this.#finished,
          partsSent: this.#finished,
          partCount,
          bytesPerSecond,
          seconds,
        },
        'files',
      );
    };
    this.#timer = progress ? setInterval(draw, 250).unref() : undefined;
  }

  sent(index: number, bytes: number): void {
    this.#sentBy.set(index, bytes);
  }

  uploaded(size: number): void {
    this.#sentByFinished += size;
  }

  finished(index: number): void {
    this.#sentBy.delete(index);
    this.#finished++;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
