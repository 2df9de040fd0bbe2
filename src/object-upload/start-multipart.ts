import { abortCommand } from '../control/abort-command.js';
import { abortUpload, headObject, type StoreContext } from '../control/multipart-calls.js';
import { PartpushError } from '../errors.js';
import type { ChecksumLearner } from './checksum-learner.js';
import type { UploadContext } from './upload-context.js';

/** The no-clobber check and the initiate: a new multipart upload's id. */
export async function startMultipart(ctx: UploadContext, checksum: ChecksumLearner): Promise<string> {
  if (ctx.attributes.ifNotExists) await refuseExistingObject(ctx.store);
  const uploadId = await checksum.initiate(ctx.store);
  ctx.options.onEvent?.({ type: 'initiated', uploadId, destination: ctx.destination, origin: ctx.target.origin });
  return uploadId;
}

/** Aborts a failed multipart upload so its parts are not left billed, then returns the error to throw. */
export async function abortAfter(ctx: UploadContext, uploadId: string, error: unknown): Promise<unknown> {
  const { store } = ctx;
  // The store no longer has the upload (a Complete whose answer was lost): nothing to abort.
  if (error instanceof PartpushError && error.serviceCode === 'NoSuchUpload') return error;
  try {
    await abortUpload(store, uploadId);
    store.onEvent?.({ type: 'aborted', uploadId, destination: ctx.destination });
  } catch (abortError) {
    const command = abortCommand(uploadId, ctx.destination, ctx.target.origin);
    const left = `the multipart upload ${uploadId} could not be aborted (${(abortError as Error).message}), so its parts may still be stored: abort it with ${command}`;
    // A cancel's own message is made later (upload-object.ts); it must not claim the abort.
    ctx.notAborted = left;
    if (error instanceof PartpushError) error.message += `; ${left.replace('could not be aborted', 'could not be aborted either')}`;
  }
  return error;
}

/**
 * A resumed upload under ifNotExists looks for the object too: one written while this upload was
 * interrupted can never be replaced by it, so its upload is aborted and its journal removed now,
 * not after the remaining parts were sent only to be refused at the Complete.
 */
export async function refuseExistingForResume(ctx: UploadContext, uploadId: string, removeJournal: () => void): Promise<void> {
  try {
    await refuseExistingObject(ctx.store);
  } catch (error) {
    if (!(error instanceof PartpushError && error.code === 'PARTPUSH_PRECONDITION_FAILED')) throw error;
    removeJournal();
    throw await abortAfter(ctx, uploadId, error);
  }
}

/**
 * With ifNotExists, a multipart upload first looks for the object: one HEAD, so that an existing key
 * is refused before gigabytes are sent only to be refused at Complete. It is an early answer only:
 * the condition on the Complete (conditionHeaders) is what holds against a writer racing this one,
 * and where a store ignores it there (Ceph RGW 16 does; its PUTs honour it) this check is all there is.
 */
export async function refuseExistingObject(store: StoreContext): Promise<void> {
  const existing = await headObject(store, true);
  if (existing) {
    throw new PartpushError(
      'PARTPUSH_PRECONDITION_FAILED',
      'an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was sent or replaced',
    );
  }
}
