import { abortUpload } from '../control/multipart-calls.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { PartResult, UploadSpec } from '../lane/lane-task.js';
import type { ResumeJournal } from '../resume/resume-journal.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import { sendChunkSize } from '../source/read-buffers.js';
import type { AdaptiveLanes } from '../transfer/adaptive-lanes.js';
import { runParts } from '../transfer/run-parts.js';
import type { ChecksumLearner } from './checksum-learner.js';
import type { CompressedParts } from '../compress/compressed-parts.js';
import type { LaneShape } from './lane-shape.js';
import type { UploadContext } from './upload-context.js';

/** What one call of PartSender.send did. */
export interface SentParts {
  results: PartResult[];
  /**
   * The multipart upload was made anew on the way (its checksum form fell to none, which an S3
   * upload created for CRC32C parts refuses at Complete): parts sent to the old one are void.
   */
  renewed: boolean;
}

/**
 * Sends parts of one upload through the lanes. Under `--checksum auto`, a refusal of the checksum
 * form sends the same parts again in the next weaker one; where that needs a new multipart upload
 * it makes one, and says so, rather than throwing for the caller to catch.
 */
export class PartSender {
  /** The multipart upload the parts go to; undefined for a single PUT. */
  uploadId: string | undefined;
  /** The upload was made anew: a resume journal of the old one no longer describes it. */
  renewed = false;
  readonly #ctx: UploadContext;
  readonly #shape: LaneShape;
  readonly #source: SourceDescriptor;
  readonly #checksum: ChecksumLearner;
  readonly #adaptive: AdaptiveLanes | undefined;
  readonly #compression: CompressedParts | undefined;

  constructor(
    ctx: UploadContext,
    shape: LaneShape,
    source: SourceDescriptor,
    checksum: ChecksumLearner,
    uploadId: string | undefined,
    adaptive?: AdaptiveLanes,
    compression?: CompressedParts,
  ) {
    this.#ctx = ctx;
    this.#adaptive = adaptive;
    this.#compression = compression;
    this.#shape = shape;
    this.#source = source;
    this.#checksum = checksum;
    this.uploadId = uploadId;
  }

  /** Sends `partNumbers` of `plan`, learning the checksum form on the way; `journal` records each part. */
  async send(partNumbers: readonly number[], plan: PartPlan, journal?: ResumeJournal): Promise<SentParts> {
    const { state, target, options } = this.#ctx;
    let renewed = false;
    for (;;) {
      try {
        const results = await this.sendAsIs(partNumbers, plan, journal);
        return { results, renewed };
      } catch (error) {
        if (state.stopReason !== 'failed') throw error;
        this.#checksum.afterPartsFailed(error); // rethrows what is not a refusal of the form
        state.reopen();
        // A cancel that came while the state read 'failed' was not recorded: it wins now.
        if (options.signal?.aborted) {
          state.stop('cancelled');
          throw error;
        }
        journal?.setChecksumPlacement(this.#checksum.placement);
        if (this.#checksum.placement === undefined && this.uploadId !== undefined && target.dialect === 's3') {
          await this.#renew();
          // The journal names the old upload: it is dropped, not fed parts of the new one.
          journal?.remove();
          journal = undefined;
          renewed = true;
        }
      }
    }
  }

  /** A new multipart upload in place of the current one (aborted), for parts with no checksum. */
  async #renew(): Promise<void> {
    const { store, destination, options } = this.#ctx;
    const old = this.uploadId!;
    await abortUpload(store, old).then(
      () => options.onEvent?.({ type: 'aborted', uploadId: old, destination }),
      () => undefined,
    );
    this.uploadId = await this.#checksum.initiate(store);
    this.renewed = true;
    options.onEvent?.({ type: 'initiated', uploadId: this.uploadId, destination, origin: store.target.origin });
  }

  /** Sends `partNumbers` in the current form; a refusal fails them (a stream's parts after its first). */
  sendAsIs(partNumbers: readonly number[], plan: PartPlan, journal?: ResumeJournal): Promise<PartResult[]> {
    const { env, options, credentials } = this.#ctx;
    return runParts({
      runner: env.runner,
      lanes: this.#shape.lanes,
      scheduler: env.scheduler,
      credentials,
      credentialRefreshMs: options.credentialRefreshMs,
      onEvent: options.onEvent,
      upload: this.#spec(journal !== undefined, plan),
      partNumbers,
      onPartDone: journal && ((part) => journal.record(part)),
      adaptive: this.#adaptive,
    });
  }

  /** What every lane of one run of the parts shares, built whole once per run. */
  #spec(reportEachPart: boolean, plan: PartPlan): UploadSpec {
    const { target, store, state, options } = this.#ctx;
    return {
      transport: this.#shape.transport,
      dialect: target.dialect,
      path: target.objectPath,
      uploadId: this.uploadId,
      object: this.uploadId === undefined ? store.object : undefined,
      plan,
      source: this.#source,
      chunkSize: sendChunkSize(this.#shape.lanes),
      compression: this.#compression,
      checksum: this.#checksum.placement,
      expectCrc32c: store.object?.expectCrc32c,
      reportEachPart,
      stallTimeoutMs: options.stallTimeoutMs,
      retry: options.retry,
      state: state.buffer,
      bandwidth: this.#ctx.env.bandwidth?.spec,
    };
  }
}
