import { planParts, streamPartSize } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import { compressedObjectAttributes } from '../compress/compressed-object.js';
import { compressedLimits, framedPartSize, planCompressedParts } from '../compress/plan-compressed-parts.js';
import type { ResolvedTransferOptions } from '../options.js';
import { isByteReader } from '../source/byte-reader.js';
import { resolveSource, type SourceInput } from '../source/resolve-source.js';
import { isStreamInput } from '../source/stream-input.js';
import { openUpload, type UploadContext, type UploadEnvironment } from './upload-context.js';
import { uploadFile } from './upload-file.js';
import { cancelledByCaller, resultOf, type UploadOutcome } from './upload-outcome.js';
import type { UploadResult } from './upload-result.js';
import { uploadStream } from './upload-stream.js';

export type { UploadEnvironment } from './upload-context.js';
export type { UploadResult } from './upload-result.js';

/** One object's upload, from a file, a buffer or a stream, driven from the main thread. */
export async function uploadObject(
  env: UploadEnvironment,
  input: SourceInput,
  destinationText: string,
  options: ResolvedTransferOptions,
): Promise<UploadResult> {
  const stream = isStreamInput(input) || isByteReader(input) ? input : undefined;
  if (stream && options.resume) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      'resume needs a file: a stream cannot be read again from where it stopped; drop --resume, or upload from a file',
      { option: 'resume' },
    );
  }
  const { compression } = options;
  const streamLimits = compression && compressedLimits(compression);
  const streamPart = stream ? framedPartSize(streamPartSize(options.partSize, options.expectedSize, streamLimits), compression) : undefined;
  // A stream is planned once its first part is read: it may turn out to be one PUT.
  const file = isStreamInput(input) || isByteReader(input) ? undefined : await resolveSource(input);
  const plan = !file
    ? undefined
    : compression
      ? planCompressedParts(file.size, options.partSize, compression)
      : planParts(file.size, options.partSize);
  const object = compression ? compressedObjectAttributes(options.object, compression.level, file?.size) : options.object;
  const ctx = await openUpload(
    env,
    destinationText,
    { ...options, object },
    {
      fileName: file?.kind === 'file' ? file.path : undefined,
      singleRequest: plan?.singleRequest ?? false,
    },
  );
  try {
    let outcome: UploadOutcome;
    if (file && plan) outcome = await uploadFile(ctx, file, plan);
    else outcome = await uploadStream(ctx, stream!, streamPart!);
    const lesson = outcome.checksum.lesson(ctx.asked);
    if (lesson) env.learnedChecksums.set(ctx.target.origin, lesson);
    return resultOf(ctx, outcome);
  } catch (error) {
    // The caller's cancel wins over the failures it causes (a part waiting out a Retry-After ends
    // with that part's last error), never over what is known of the object itself.
    if (ctx.state.stopReason === 'cancelled' && !saysWhatIsStored(error)) throw cancelledWhile(ctx, plan?.singleRequest === true);
    throw error;
  } finally {
    ctx.close();
  }
}

/**
 * The caller's cancel, said as what it left at the key: nothing, unless the last request had gone
 * out. A Complete sent, or a single PUT whose every byte was sent, may have been taken by the
 * store though its answer never came: the object at the key is then unknown, not untouched.
 */
function cancelledWhile(ctx: UploadContext, singleRequest: boolean): PartpushError {
  const written = ctx.completeSent
    ? 'Complete had gone out'
    : singleRequest && ctx.state.partsSent > 0
      ? 'its one request had gone out whole'
      : undefined;
  if (written) {
    return new PartpushError(
      'PARTPUSH_OUTCOME_UNKNOWN',
      `upload cancelled by the caller after ${written}: ${ctx.destination} may now hold this upload's object, or still the one before; check it`,
    );
  }
  if (singleRequest)
    return new PartpushError('PARTPUSH_ABORTED', 'upload cancelled by the caller; its one request was cut short, so nothing was stored');
  if (ctx.notAborted)
    return new PartpushError('PARTPUSH_ABORTED', `upload cancelled by the caller; nothing was completed, but ${ctx.notAborted}`);
  return cancelledByCaller(ctx.keptFor);
}

/** Failures that tell what is (or may be) at the key: a cancel must not hide them behind "nothing was completed". */
function saysWhatIsStored(error: unknown): boolean {
  return (
    error instanceof PartpushError &&
    (error.code === 'PARTPUSH_OUTCOME_UNKNOWN' || error.code === 'PARTPUSH_CHECKSUM_MISMATCH' || error.code === 'PARTPUSH_SOURCE_CHANGED')
  );
}
