import { resolve } from 'node:path';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { PartpushError } from '../errors.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { FileSource, SourceDescriptor } from '../source/source-descriptor.js';
import { abortCommand } from '../control/abort-command.js';
import { abortUpload, listParts, type StoreContext } from '../control/multipart-calls.js';
import { identityChange } from '../source/file-identity.js';
import { sameEtag } from '../wire/multipart-requests.js';
import type { PartResult } from '../lane/lane-task.js';
import { lockJournal } from './journal-lock.js';
import { ResumeJournal, checksumFields, type JournalHeader } from './resume-journal.js';

export interface ResumePoint {
  journal?: ResumeJournal;
  /** The multipart upload to continue, if the journal names one the store still has. */
  uploadId?: string;
  /** Parts the journal recorded and the store confirms (same number, ETag and size). */
  done: PartResult[];
  /** Starts a new journal for this upload id, with the checksum form it was created for. */
  start: (uploadId: string, placement: ChecksumPlacement | undefined, fullObject: boolean) => void;
  /** Releases the journal's lock, held from findResumePoint until the upload ends. */
  release: () => void;
}

/**
 * Where a resumed upload picks up. The source must be the file the journal describes (same size and
 * mtime): parts of two versions of a file must never make one object. The store has the last word
 * on which parts exist; a journaled part it does not list is sent again, under its own number.
 */
export async function findResumePoint(
  journalPath: string,
  source: SourceDescriptor,
  destination: string,
  plan: PartPlan,
  checksum: { placement: ChecksumPlacement | undefined; auto: boolean },
  store: StoreContext,
  keepStaleUpload = false,
): Promise<ResumePoint> {
  if (source.kind !== 'file') {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      'resume needs a file source: shared memory has no identity that survives the process',
    );
  }
  const header: Omit<JournalHeader, 'uploadId'> = {
    version: 1,
    // Absolute, so that `big`, `./big` and `/tmp/big` are the one file the journal describes.
    path: resolve(source.path),
    size: source.size,
    mtimeMs: source.mtimeMs,
    ctimeMs: source.ctimeMs,
    ino: source.ino,
    destination,
    origin: store.target.origin,
    partSize: plan.partSize,
    ...checksumFields(checksum.placement),
  };
  const release = lockJournal(journalPath);
  try {
    const journal = ResumeJournal.read(journalPath);
    const fresh: ResumePoint = {
      done: [],
      start(uploadId, placement, fullObject) {
        this.journal = ResumeJournal.create(journalPath, { ...header, ...checksumFields(placement), fullObject, uploadId });
      },
      release,
    };
    if (!journal) return fresh;
    // Under 'auto' the journal's form is the one the store took: it is kept, whatever was asked.
    try {
      checkSameUpload(journal.header, checksum.auto ? { ...header, checksum: journal.header.checksum } : header, source, journalPath);
    } catch (error) {
      if (error instanceof PartpushError && error.code === 'PARTPUSH_SOURCE_CHANGED')
        throw await dropStaleUpload(error, journal, store, keepStaleUpload);
      throw error;
    }
    let listed;
    try {
      listed = await listParts(store, journal.header.uploadId);
    } catch (error) {
      // The store no longer has that upload (aborted, expired, completed): start over.
      if (error instanceof PartpushError && error.serviceCode === 'NoSuchUpload') return fresh;
      throw error;
    }
    const onServer = new Map(listed.map((p) => [p.partNumber, p]));
    const done = [...journal.parts.values()].filter((part) => {
      const stored = onServer.get(part.partNumber);
      return stored !== undefined && sameEtag(stored.etag, part.etag) && stored.size === part.length;
    });
    return { journal, uploadId: journal.header.uploadId, done, start() {}, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * A journal whose source changed names an upload of partpush's own that can never be completed:
 * it is aborted (or, when asked, kept and named) and the journal removed, so that nothing is left
 * open in silence.
 */
async function dropStaleUpload(error: PartpushError, journal: ResumeJournal, store: StoreContext, keep: boolean): Promise<PartpushError> {
  const { uploadId, destination } = journal.header;
  if (keep) {
    journal.remove();
    error.message += `: its multipart upload ${uploadId} of ${destination} was kept open, as asked, and the journal ${journal.path} removed; abort that upload when you are done with it (its parts are billed until then: ${abortCommand(uploadId, destination, store.target.origin)}), and run the command again to upload the file from the start`;
    return error;
  }
  const abortError = await abortUpload(store, uploadId).then(
    () => undefined,
    (failure: unknown) => failure as Error,
  );
  journal.remove();
  error.message +=
    abortError === undefined
      ? `: its multipart upload ${uploadId} was aborted and the journal ${journal.path} removed; run the command again to upload it from the start`
      : `; its multipart upload ${uploadId} could not be aborted (${abortError.message}): abort it with ${abortCommand(uploadId, destination, store.target.origin)}, then run the command again (the journal ${journal.path} was removed)`;
  return error;
}

/** What a journal must share with the upload that resumes it. */
const FIELDS = ['path', 'destination', 'origin', 'partSize', 'checksum'] as const;

/**
 * The journal must be this upload's (same file path, destination, store, parts) before anything is
 * concluded about its source: only then is its multipart upload the one to abort if the file changed.
 */
function checkSameUpload(recorded: JournalHeader, now: Omit<JournalHeader, 'uploadId'>, source: FileSource, journalPath: string): void {
  // A journal written before paths were made absolute is read against this directory.
  const same = (field: (typeof FIELDS)[number]) =>
    field === 'path' ? resolve(recorded.path) === resolve(now.path) : recorded[field] === now[field];
  const mismatch = FIELDS.find((field) => !same(field));
  if (mismatch) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `the resume journal ${journalPath} was written for ${mismatch} ${JSON.stringify(recorded[mismatch])}, not ${JSON.stringify(now[mismatch])}; ` +
        `run with the same options, or start over: abort its multipart upload ${recorded.uploadId} of ${recorded.destination} ` +
        `(its parts are billed until then: ${abortCommand(recorded.uploadId, recorded.destination, recorded.origin)}), then delete the journal`,
    );
  }
  // A journal from before ctime and inode were recorded is compared on what it has.
  const change = identityChange(
    { ...source, ...recorded, ctimeMs: recorded.ctimeMs ?? source.ctimeMs, ino: recorded.ino ?? source.ino },
    source,
  );
  if (change) {
    throw new PartpushError(
      'PARTPUSH_SOURCE_CHANGED',
      `${source.path} changed since the interrupted upload (${change}); it cannot be resumed`,
    );
  }
}

export function resumeJournalPath(
  resume: boolean | string,
  source: SourceDescriptor,
  destination: string,
  origin: string,
  env: NodeJS.ProcessEnv,
): string {
  if (typeof resume === 'string') return resume;
  return ResumeJournal.defaultPath(source.kind === 'file' ? source.path : '', destination, origin, env);
}

/** Failures a later run can get past: the parts already stored are worth keeping for it. */
export function canContinueLater(error: unknown): boolean {
  if (!(error instanceof PartpushError)) return false;
  return (
    error.code === 'PARTPUSH_NETWORK_ERROR' ||
    error.code === 'PARTPUSH_ABORTED' ||
    error.code === 'PARTPUSH_WORKER_FAILED' ||
    (error.code === 'PARTPUSH_SERVICE_ERROR' && error.retryable === true)
  );
}

export function keptForResumeSuffix(journalPath: string | undefined): string {
  return `; the parts sent so far are kept: run the same command again (with the same --resume) to continue from ${journalPath}`;
}

export function keptForResume(error: PartpushError, journalPath: string | undefined): PartpushError {
  error.message += keptForResumeSuffix(journalPath);
  return error;
}
