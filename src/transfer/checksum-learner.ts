import { checksumFormOf } from '../checksum/checksum-form.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { refusesChecksumForm, weakerPlacement } from '../checksum/checksum-refusal.js';
import type { Dialect } from '../core/resolve-target.js';
import type { UploadEvent } from '../core/upload-event.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';
import { completeUpload, initiateUpload, type CompletedObject, type StoreContext } from './multipart-calls.js';

/** What an Uploader learned of an origin's checksum forms under 'auto', kept for its life. */
export interface LearnedChecksum {
  placement: ChecksumPlacement | undefined;
  /** Whether its Complete takes the parts' CRC32Cs in the request (Swift refuses them). */
  completePartChecksums: boolean;
}

/**
 * Where one upload's CRC32C goes, and, under `--checksum auto`, what the store's refusals teach:
 * a create that refuses the declared algorithm gets none; parts refused in the trailer form are
 * sent again with a header, then without; a Complete that refuses the parts' CRC32Cs gets the list
 * without them. Refusals are never retried as they were: each is answered with the next weaker
 * form. An explicit form is never weakened: its refusal fails, quoting the store and naming the
 * flag that gets past it.
 */
interface LearnerContext {
  auto: boolean;
  dialect: Dialect;
  learned?: LearnedChecksum;
  onEvent?: (event: UploadEvent) => void;
}

export class ChecksumLearner {
  placement: ChecksumPlacement | undefined;
  completePartChecksums: boolean;
  #learnedSomething = false;
  readonly #ctx: LearnerContext;

  constructor(placement: ChecksumPlacement | undefined, ctx: LearnerContext) {
    this.#ctx = ctx;
    this.placement = placement;
    this.completePartChecksums = ctx.learned?.completePartChecksums ?? true;
  }

  /** Initiates, declaring the CRC32C where one is sent. */
  async initiate(store: StoreContext): Promise<string> {
    const declared = this.placement !== undefined;
    try {
      return await initiateUpload(store, declared);
    } catch (error) {
      if (!declared || !(error instanceof PartpushError) || !refusesChecksumForm(error, 'header')) throw error;
      this.#weaken(error, undefined);
      return initiateUpload(store, false);
    }
  }

  /** After parts failed with `error`: weakens the form if that is what the store refused, else rethrows. */
  afterPartsFailed(error: unknown): void {
    if (!(error instanceof PartpushError) || !refusesChecksumForm(error, this.placement)) throw error;
    this.#weaken(error, weakerPlacement(this.placement!));
  }

  /** Completes with the ETags in order, and the parts' CRC32Cs where the store takes them. */
  async complete(store: StoreContext, uploadId: string, parts: readonly PartResult[], size: number): Promise<CompletedObject> {
    const listed = this.placement !== undefined && this.completePartChecksums;
    try {
      return await completeUpload(store, uploadId, parts, listed, size);
    } catch (error) {
      if (!listed || !(error instanceof PartpushError) || error.status !== 400 || error.serviceCode !== 'MalformedXML') throw error;
      if (!this.#ctx.auto) {
        error.message +=
          "; this store refuses the parts' CRC32Cs in the Complete request: use --checksum auto (the default), which leaves them out there";
        throw error;
      }
      this.completePartChecksums = false;
      this.#learnedSomething = true;
      return completeUpload(store, uploadId, parts, false, size);
    }
  }

  /** What the Uploader should remember of this origin, if anything new was learned. */
  lesson(startedFrom: ChecksumPlacement | undefined): LearnedChecksum | undefined {
    if (!this.#ctx.auto || (this.#ctx.learned && !this.#learnedSomething)) return undefined;
    return { placement: this.#learnedSomething ? this.placement : startedFrom, completePartChecksums: this.completePartChecksums };
  }

  #weaken(refusal: PartpushError, to: ChecksumPlacement | undefined): void {
    if (!this.#ctx.auto) throw withFormHint(refusal, this.placement);
    const { dialect, onEvent } = this.#ctx;
    onEvent?.({
      type: 'fallback',
      from: checksumFormOf(this.placement, dialect),
      to: checksumFormOf(to, dialect),
      reason: refusal.message,
    });
    this.placement = to;
    this.#learnedSomething = true;
  }
}

/** An explicit checksum form the store refused: its words, and the flag that gets past it. */
function withFormHint(error: PartpushError, placement: ChecksumPlacement | undefined): PartpushError {
  error.message +=
    placement === 'while-sending'
      ? '; this store refuses CRC32C trailers (aws-chunked bodies): use --checksum auto (the default), which falls back to the form it takes, or --checksum crc32c-header'
      : '; this store refuses CRC32C headers: use --checksum auto (the default), which falls back to the form it takes, or --checksum none';
  return error;
}
