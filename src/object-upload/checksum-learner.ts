import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { refusesChecksumForm, weakerPlacement } from '../checksum/checksum-refusal.js';
import { completeUpload, initiateUpload, type CompletedObject, type StoreContext } from '../control/multipart-calls.js';
import type { Dialect } from '../target/resolve-target.js';
import type { ChecksumStep, UploadEvent } from '../core/upload-event.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';

/** What an Uploader learned of an origin's checksum forms under 'auto', kept for its life. */
export interface LearnedChecksum {
  placement: ChecksumPlacement | undefined;
  /** Whether its Complete takes the parts' CRC32Cs in the request (Swift refuses them). */
  completePartChecksums: boolean;
  /** Whether it takes a whole-object CRC32C declared at CreateMultipartUpload (S3's FULL_OBJECT). */
  fullObject: boolean;
}

interface LearnerContext {
  auto: boolean;
  dialect: Dialect;
  learned?: LearnedChecksum;
  onEvent?: (event: UploadEvent) => void;
}

/**
 * Where one upload's CRC32C goes, and, under `--checksum auto`, what the store's refusals teach.
 * On S3 a multipart upload first declares a whole-object CRC32C (FULL_OBJECT), which the store
 * checks at Complete against the object it assembled; a create that refuses that is made with the
 * parts' CRC32C alone (under any form: the parts' checksums are still what was asked), and one
 * that refuses the algorithm gets none. Parts refused in the trailer form are sent again with a
 * header, then without; a Complete that refuses the parts' CRC32Cs gets the list without them.
 * Refusals are never retried as they were. An explicit form is never weakened: its refusal fails,
 * quoting the store and naming the flag that gets past it.
 */
export class ChecksumLearner {
  placement: ChecksumPlacement | undefined;
  completePartChecksums: boolean;
  /** A whole-object CRC32C is declared at the create and sent with the Complete (S3 only). */
  fullObject: boolean;
  #learnedSomething = false;
  readonly #ctx: LearnerContext;

  constructor(placement: ChecksumPlacement | undefined, ctx: LearnerContext) {
    this.#ctx = ctx;
    this.placement = placement;
    this.completePartChecksums = ctx.learned?.completePartChecksums ?? true;
    this.fullObject = ctx.dialect === 's3' && (ctx.learned?.fullObject ?? true);
  }

  /** Initiates, declaring the CRC32C (and the whole object's) where one is sent. */
  async initiate(store: StoreContext): Promise<string> {
    if (this.placement === undefined) return initiateUpload(store, 'none');
    if (this.fullObject) {
      try {
        return await initiateUpload(store, 'full-object');
      } catch (error) {
        if (!(error instanceof PartpushError) || !refusesChecksumForm(error, 'crc32c-header')) throw error;
        // Stores word this refusal every way, often without naming the type: the parts' CRC32C
        // alone is always tried next, at the cost of one more create where the algorithm is refused.
        this.#tell('full-object', this.placement, error);
        this.fullObject = false;
        this.#learnedSomething = true;
      }
    }
    try {
      return await initiateUpload(store, 'parts');
    } catch (error) {
      if (!(error instanceof PartpushError) || !refusesChecksumForm(error, 'crc32c-header')) throw error;
      this.#weaken(error, undefined);
      return initiateUpload(store, 'none');
    }
  }

  /** After parts failed with `error`: weakens the form if that is what the store refused, else rethrows. */
  afterPartsFailed(error: unknown): void {
    if (!(error instanceof PartpushError) || !refusesChecksumForm(error, this.placement)) throw error;
    this.#weaken(error, weakerPlacement(this.placement!));
  }

  /**
   * Completes with the ETags in order, the parts' CRC32Cs where the store takes them, and the whole
   * object's CRC32C (`objectCrc`) where it was declared.
   */
  async complete(
    store: StoreContext,
    uploadId: string,
    parts: readonly PartResult[],
    size: number,
    objectCrc?: number,
  ): Promise<CompletedObject> {
    const listed = this.placement !== undefined && this.completePartChecksums;
    const expected = { size, objectCrc, fullObject: this.fullObject && this.placement !== undefined };
    try {
      return await completeUpload(store, uploadId, parts, listed, expected);
    } catch (error) {
      if (!listed || !(error instanceof PartpushError) || error.status !== 400 || error.serviceCode !== 'MalformedXML') throw error;
      if (!this.#ctx.auto) {
        error.message +=
          "; this store refuses the parts' CRC32Cs in the Complete request: use --checksum auto (the default), which leaves them out there";
        throw error;
      }
      this.completePartChecksums = false;
      this.#learnedSomething = true;
      return completeUpload(store, uploadId, parts, false, expected);
    }
  }

  /** What the Uploader should remember of this origin, if anything new was learned. */
  lesson(startedFrom: ChecksumPlacement | undefined): LearnedChecksum | undefined {
    if (!this.#ctx.auto || (this.#ctx.learned && !this.#learnedSomething)) return undefined;
    return {
      placement: this.#learnedSomething ? this.placement : startedFrom,
      completePartChecksums: this.completePartChecksums,
      fullObject: this.fullObject,
    };
  }

  #weaken(refusal: PartpushError, to: ChecksumPlacement | undefined): void {
    if (!this.#ctx.auto) throw withFormHint(refusal, this.placement);
    this.#tell(this.placement ?? 'none', to ?? 'none', refusal);
    this.placement = to;
    if (to === undefined) this.fullObject = false;
    this.#learnedSomething = true;
  }

  #tell(from: ChecksumStep, to: ChecksumStep, refusal: PartpushError): void {
    this.#ctx.onEvent?.({ type: 'fallback', from, to, reason: refusal.message });
  }
}

/** An explicit checksum form the store refused: its words, and the flag that gets past it. */
function withFormHint(error: PartpushError, placement: ChecksumPlacement | undefined): PartpushError {
  error.message +=
    placement === 'crc32c'
      ? '; this store refuses CRC32C trailers (aws-chunked bodies): use --checksum auto (the default), which falls back to the form it takes, or --checksum crc32c-header'
      : '; this store refuses CRC32C headers: use --checksum auto (the default), which falls back to the form it takes, or --checksum none';
  return error;
}
