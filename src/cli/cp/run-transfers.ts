import { RECORDED_CRC32C } from '../../control/object-ownership.js';
import { PartpushError } from '../../errors.js';
import type { Uploader } from '../../create-uploader.js';
import type { UploadResult } from '../../object-upload/upload-object.js';
import type { ProgressLine } from './progress-bar.js';
import type { Transfer } from './plan-transfers.js';
import { setWideFailureKey } from './set-wide-failure.js';

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

export interface RunOptions {
  filesInFlight: number;
  /** The user's metadata, which a file's recorded CRC32C (sync) joins. */
  metadata?: Record<string, string>;
  signal: AbortSignal;
  progress?: ProgressLine;
  onFailure: (outcome: TransferOutcome) => void;
  /**
   * The set stopped at a failure every file would meet (set-wide-failure.ts), reported once
   * through onFailure: `count` more files failed the same way or were not started.
   */
  onStopped?: (count: number, cause: TransferOutcome) => void;
}

type Sendable = Transfer & { crc32c?: string };

/** A set-wide failure met this many times in a row, after files were stored, stops the set all the same. */
const SAME_FAILURES_IN_A_ROW = 3;

/**
 * Uploads the transfers added to it through one Uploader, `filesInFlight` at a time: their parts
 * share its pool, sessions and scheduler (which grants part slots to the uploads in turn), so small
 * files go as single PUTs side by side and a large one gets the lanes they leave. A failed file is
 * reported (`onFailure`) and the others go on. One progress line covers the whole set. Files are
 * added as they are decided: `sync` starts those it knows changed while it still walks the tree
 * and reads the listing, and adds the rest once its look is done. The report's time is the time
 * uploads were running; the progress line's clock starts with the first file added. A failure no
 * file can escape (no credentials, no such bucket, an endpoint not reached) stops the set when it
 * holds (before any file was stored, or three times in a row: not a token that expired once, which
 * the next file's fetch renews): it is reported once, and the files not started fail with it.
 */
export class TransferRunner {
  readonly #uploader: Uploader;
  readonly #options: RunOptions;
  readonly #queue: Sendable[] = [];
  readonly #outcomes: TransferOutcome[] = [];
  #next = 0;
  #running = 0;
  /** Milliseconds with at least one upload running, before the current stretch (from #busySince). */
  #busyMs = 0;
  #busySince = 0;
  /** Set once the set is given up (its Uploader about to close): the uploads cancelled are not failures to report. */
  #stopped = false;
  /** The failure that stopped the set, and its key (setWideFailureKey). */
  #cause: { outcome: TransferOutcome; key: string } | undefined;
  /** The set-wide failure met last, and how many times in a row (a file stored ends the row). */
  #row: { key: string; count: number } | undefined;
  #stored = 0;
  /** Files that failed with the cause after it, not reported one by one. */
  #sameCause = 0;
  #tally: SetProgress | undefined;
  #finished: (() => void) | undefined;
  // One listener for the set: closing the Uploader cancels (and aborts) every upload running.
  readonly #cancel = () => {
    void this.#uploader.close();
  };

  constructor(uploader: Uploader, options: RunOptions) {
    this.#uploader = uploader;
    this.#options = options;
  }

  /** Starts `transfers` as slots free up. */
  add(transfers: readonly Sendable[]): void {
    // After stop(), a file decided late (an early send's HEAD answered) is not started.
    if (transfers.length === 0 || this.#stopped) return;
    if (this.#tally === undefined) {
      this.#options.signal.addEventListener('abort', this.#cancel, { once: true });
      this.#tally = new SetProgress(performance.now(), this.#options.progress);
    }
    this.#tally.add(transfers);
    // One at a time: spread into push, a tree of 200,000 new files would overflow the stack.
    for (const t of transfers) this.#queue.push(t);
    this.#pump();
  }

  /** The set's report once every file added has finished; no file may be added after. */
  async finish(): Promise<TransfersReport> {
    try {
      const waiting = this.#next < this.#queue.length && !this.#options.signal.aborted && this.#cause === undefined;
      if (this.#running > 0 || waiting) await new Promise<void>((resolve) => (this.#finished = resolve));
    } finally {
      this.#release();
    }
    this.#failUnstarted();
    const files = this.#outcomes.filter((o) => o !== undefined);
    const uploaded = files.filter((o) => o.result).length;
    const skipped = files.filter((o) => o.skipped).length;
    return {
      files,
      uploaded,
      failed: files.length - uploaded - skipped,
      skipped,
      bytes: files.reduce((n, o) => n + (o.result?.size ?? 0), 0),
      // The time uploads were running: files sent early wait for none of the walk and listing that follow.
      seconds: this.#busyMs / 1000,
    };
  }

  /** Gives the set up (a failure before it was finished): starts nothing more, reports no failure of what the Uploader's close cancels. */
  stop(): void {
    this.#stopped = true;
    this.#release();
  }

  /** The files stored so far. */
  stored(): string[] {
    return this.#outcomes.flatMap((o) => (o?.result ? [o.destination] : []));
  }

  #release(): void {
    this.#tally?.stop();
    this.#options.signal.removeEventListener('abort', this.#cancel);
  }

  /** After a set-wide failure, the files never started fail with it, and the count is said once. */
  #failUnstarted(): void {
    const cause = this.#cause?.outcome;
    if (cause === undefined) return;
    // Cancelled or given up meanwhile: what was not started is not this failure's.
    const error = { code: cause.error!.code, message: `not started: ${cause.error!.message}` };
    for (; this.#next < this.#queue.length && !this.#options.signal.aborted && !this.#stopped; this.#next++) {
      const { source, destination } = this.#queue[this.#next]!;
      this.#outcomes[this.#next] = { source, destination, error };
      this.#sameCause++;
    }
    if (this.#sameCause > 0) this.#options.onStopped?.(this.#sameCause, cause);
  }

  /** Whether a set-wide failure (its key) stops the set: before any file was stored, or the third in a row. */
  #stops(key: string): boolean {
    this.#row = this.#row?.key === key ? { key, count: this.#row.count + 1 } : { key, count: 1 };
    return this.#stored === 0 || this.#row.count >= SAME_FAILURES_IN_A_ROW;
  }

  #pump(): void {
    const open = () => !this.#options.signal.aborted && !this.#stopped && this.#cause === undefined;
    while (this.#running < this.#options.filesInFlight && this.#next < this.#queue.length && open()) {
      const index = this.#next++;
      if (this.#running++ === 0) this.#busySince = performance.now();
      void this.#send(index)
        .catch((error: unknown) => {
          // Only a callback can throw here (#send catches the upload's own errors): the file is failed, the set goes on.
          const { source, destination } = this.#queue[index]!;
          this.#outcomes[index] ??= { source, destination, error: { code: 'PARTPUSH_UNEXPECTED', message: String(error) } };
        })
        .finally(() => {
          if (--this.#running === 0) this.#busyMs += performance.now() - this.#busySince;
          this.#tally!.finished(index);
          this.#pump();
          if (this.#running === 0 && (this.#next === this.#queue.length || !open())) this.#finished?.();
        });
    }
  }

  async #send(index: number): Promise<void> {
    const { source, destination, crc32c } = this.#queue[index]!;
    const options = this.#options;
    try {
      const result = await this.#uploader.upload(source, destination, {
        onProgress: options.progress ? (p) => this.#tally!.sent(index, p.bytesSent) : undefined,
        // The CRC32C recorded must be the stored bytes': a file rewritten since the look fails
        // (PARTPUSH_SOURCE_CHANGED) rather than be stored under its older checksum.
        ...(crc32c === undefined ? {} : { metadata: { ...options.metadata, [RECORDED_CRC32C]: crc32c }, expectCrc32c: crc32c }),
      });
      this.#outcomes[index] = { source, destination, result };
      this.#tally!.uploaded(result.size);
      this.#stored++;
      this.#row = undefined;
    } catch (error) {
      const typed = error instanceof PartpushError ? error : undefined;
      // A racer's object, kept by the write's condition: what --no-clobber asked for, not a failure.
      if (typed?.code === 'PARTPUSH_PRECONDITION_FAILED') {
        this.#outcomes[index] = { source, destination, skipped: 'exists' };
        return;
      }
      const outcome = {
        source,
        destination,
        error: { code: typed?.code ?? 'PARTPUSH_UNEXPECTED', message: (error as Error)?.message ?? String(error) },
      };
      this.#outcomes[index] = outcome;
      const cancelled =
        (options.signal.aborted || this.#stopped) && (typed?.code === 'PARTPUSH_ABORTED' || typed?.code === 'PARTPUSH_CLOSED');
      if (cancelled) return;
      const key = setWideFailureKey(typed);
      if (key !== undefined && this.#cause?.key === key) {
        this.#sameCause++;
        return;
      }
      if (key !== undefined && this.#cause === undefined && this.#stops(key)) this.#cause = { outcome, key };
      options.onFailure(outcome);
    }
  }
}

/** The set's one progress line: bytes sent by the files running and by those done, files done of all. */
class SetProgress {
  readonly #sentBy = new Map<number, number>();
  #sentByFinished = 0;
  #finished = 0;
  readonly #timer: NodeJS.Timeout | undefined;

  #totalBytes = 0;
  #partCount = 0;

  constructor(started: number, progress: ProgressLine | undefined) {
    const draw = () => {
      let bytesSent = this.#sentByFinished;
      for (const n of this.#sentBy.values()) bytesSent += n;
      const seconds = (performance.now() - started) / 1000;
      const bytesPerSecond = seconds > 0 ? bytesSent / seconds : 0;
      progress!.update(
        {
          bytesSent,
          totalBytes: this.#totalBytes,
          totalKnown: true,
          partsDone: this.#finished,
          partsSent: this.#finished,
          partCount: this.#partCount,
          bytesPerSecond,
          seconds,
        },
        'files',
      );
    };
    this.#timer = progress ? setInterval(draw, 250).unref() : undefined;
  }

  add(transfers: readonly Transfer[]): void {
    for (const t of transfers) this.#totalBytes += t.size;
    this.#partCount += transfers.length;
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
