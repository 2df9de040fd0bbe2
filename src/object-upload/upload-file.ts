import { abortUpload } from '../control/multipart-calls.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { PartResult } from '../lane/lane-task.js';
import { canContinueLater, findResumePoint, keptForResume, resumeJournalPath, type ResumePoint } from '../resume/resume-upload.js';
import type { PartpushError } from '../errors.js';
import type { FileSource, SharedSource } from '../source/source-descriptor.js';
import { AdaptiveLanes } from '../transfer/adaptive-lanes.js';
import { startProgressReports } from '../transfer/progress-reports.js';
import type { ChecksumLearner } from './checksum-learner.js';
import { completeMultipart, type Completed } from './complete-multipart.js';
import { shapeLanes, type LaneShape } from './lane-shape.js';
import { PartSender } from './part-sender.js';
import { sendCompressed } from '../compressed-upload/send-compressed.js';
import { abortAfter, refuseExistingForResume, startMultipart } from './start-multipart.js';
import type { UploadContext } from './upload-context.js';
import { cancelledByCaller, partNumbersOf, type UploadOutcome } from './upload-outcome.js';

/** A file or a buffer: its size known up front, so its plan too. */
export async function uploadFile(ctx: UploadContext, source: FileSource | SharedSource, defaultPlan: PartPlan): Promise<UploadOutcome> {
  const checksum = ctx.checksumFor(defaultPlan);
  // A multipart upload starts now, while the probe's PING times the round trip that shapes the
  // parts (a resumed one first reads its journal and the store's part list, below).
  const initiating = defaultPlan.singleRequest || ctx.options.resume ? undefined : startMultipart(ctx, checksum);
  initiating?.catch(() => undefined); // its failure is met where it is awaited
  const shape = await shapeLanes(ctx, defaultPlan);
  // Re-made only in parts and only from the default size: the single-request choice above holds.
  const plan = shape.plan ?? defaultPlan;
  const stopProgress = startProgressReports(ctx.state, () => plan, false, ctx.started, ctx.options);
  try {
    if (ctx.state.stopped) {
      await initiating
        ?.then(async (uploadId) => {
          await abortUpload(ctx.store, uploadId);
          ctx.options.onEvent?.({ type: 'aborted', uploadId, destination: ctx.destination });
        })
        .catch(() => undefined);
      throw cancelledByCaller();
    }
    if (ctx.options.compression) return await sendCompressed(ctx, { shape, source, plan, checksum, initiating }, ctx.options.compression);
    if (plan.singleRequest) return await sendSingleRequest(ctx, shape, source, plan, checksum);
    return await sendFileParts(ctx, shape, source, plan, checksum, initiating);
  } finally {
    stopProgress();
  }
}

/** The whole object in one PUT: verified only if the store said so (its answer reported the CRC32C of what it got). */
export async function sendSingleRequest(
  ctx: UploadContext,
  shape: LaneShape,
  source: UploadSource,
  plan: PartPlan,
  checksum: ChecksumLearner,
): Promise<UploadOutcome> {
  const { results } = await new PartSender(ctx, shape, source, checksum, undefined).send([1], plan);
  const only = results[0]!;
  const verified = only.crc32cConfirmed === true ? 'object' : 'none';
  return { plan, results, etag: only.etag, objectCrc: only.crc32c, verified, partsReused: 0, shape, checksum };
}

type UploadSource = ConstructorParameters<typeof PartSender>[2];

async function sendFileParts(
  ctx: UploadContext,
  shape: LaneShape,
  source: FileSource | SharedSource,
  plan: PartPlan,
  checksum: ChecksumLearner,
  initiating: Promise<string> | undefined,
): Promise<UploadOutcome> {
  const { options, store } = ctx;
  const resume = options.resume
    ? await findResumePoint(
        resumeJournalPath(options.resume, source, ctx.destinationText, ctx.target.origin, options.env),
        source,
        ctx.destination,
        plan,
        { placement: checksum.placement, auto: options.checksum === 'auto' },
        store,
        options.keepStaleUpload,
      )
    : undefined;
  try {
    if (options.checksum === 'auto' && resume?.journal) checksum.placement = resume.journal.header.checksumPlacement;
    // The Complete must match how the upload was created, whatever this process would declare now.
    if (resume?.journal) checksum.fullObject = resume.journal.header.fullObject === true;
    if (resume?.uploadId && ctx.attributes.ifNotExists) await refuseExistingForResume(ctx, resume.uploadId, () => resume.journal?.remove());
    const uploadId = resume?.uploadId ?? (await (initiating ?? startMultipart(ctx, checksum)));
    if (resume?.uploadId)
      options.onEvent?.({
        type: 'resumed',
        uploadId,
        destination: ctx.destination,
        origin: ctx.target.origin,
        partsReused: resume.done.length,
      });
    try {
      resume?.start(uploadId, checksum.placement, checksum.fullObject);
    } catch (error) {
      throw await abortAfter(ctx, uploadId, error); // a journal that cannot be written: no upload left behind
    }
    const lanes = adaptiveLanes(ctx, shape);
    const sender = new PartSender(ctx, shape, source, checksum, uploadId, lanes);
    const { results, partsReused } = await sendPartsOrAbort(ctx, sender, plan, resume);
    const completed = await completeOrAbort(ctx, sender, checksum, results, plan, source, resume);
    const tailSeconds = lanes.firstIdleAt === undefined ? undefined : (performance.now() - lanes.firstIdleAt) / 1000;
    resume?.journal?.remove();
    const verified = await completed.verify();
    const { etag, objectCrc } = completed;
    return { plan, results, etag, objectCrc, verified, partsReused, shape, checksum, tailSeconds, peakLanes: lanes.peak };
  } finally {
    resume?.release();
  }
}

/** The parts not yet stored, and the ones a resume found (again, if the upload had to be made anew). */
async function sendPartsOrAbort(
  ctx: UploadContext,
  sender: PartSender,
  plan: PartPlan,
  resume: ResumePoint | undefined,
): Promise<{ results: PartResult[]; partsReused: number }> {
  const reused = resume?.done ?? [];
  for (const part of reused) {
    ctx.state.addBytesSent(part.length);
    ctx.state.addPartSent(1);
    ctx.state.addPartDone();
  }
  const stored = new Set(reused.map((p) => p.partNumber));
  return afterFailure(ctx, sender, resume, async () => {
    const journal = resume?.journal;
    const sent = await sender.send(
      partNumbersOf(plan).filter((n) => !stored.has(n)),
      plan,
      journal,
    );
    if (!sent.renewed) return { results: byNumber([...reused, ...sent.results]), partsReused: reused.length };
    // The old upload, and the parts the resume found in it, are gone (the sender dropped the
    // journal): a later run starts over.
    const again = reused.length > 0 ? await sender.send([...stored], plan) : { results: [] };
    return { results: byNumber([...sent.results, ...again.results]), partsReused: 0 };
  });
}

async function completeOrAbort(
  ctx: UploadContext,
  sender: PartSender,
  checksum: ChecksumLearner,
  results: PartResult[],
  plan: PartPlan,
  source: FileSource | SharedSource,
  resume: ResumePoint | undefined,
): Promise<Completed> {
  return afterFailure(ctx, sender, resume, () => completeMultipart(ctx, checksum, sender.uploadId!, results, plan, source));
}

/**
 * Runs `work` on a live multipart upload; on a failure, keeps the upload for a resume where a later
 * run can get past the failure, else aborts it.
 */
async function afterFailure<T>(
  ctx: UploadContext,
  sender: PartSender,
  resume: ResumePoint | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Kept only while the journal still names the live upload (not after it was made anew).
    if (resume?.journal && !sender.renewed && canContinueLater(error)) {
      ctx.keptFor = resume.journal?.path;
      throw keptForResume(error as PartpushError, ctx.keptFor);
    }
    resume?.journal?.remove();
    throw await abortAfter(ctx, sender.uploadId!, error);
  }
}

/** The adaptive lane count of one file upload, telling `lanes` events of each change it makes. */
function adaptiveLanes(ctx: UploadContext, shape: LaneShape): AdaptiveLanes {
  const { onEvent } = ctx.options;
  return new AdaptiveLanes({
    initial: shape.lanes,
    max: shape.adaptiveMax,
    rttMs: shape.rttMs,
    inWaves: shape.inWaves,
    onDecision:
      onEvent &&
      ((decision, trace) =>
        onEvent({
          type: 'lanes',
          lanes: decision.lanes,
          why: decision.why,
          trace: { levels: [...trace.levels], parts: [...trace.parts] },
        })),
  });
}

function byNumber(parts: PartResult[]): PartResult[] {
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}
