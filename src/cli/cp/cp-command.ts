import { isatty } from 'node:tty';
import { redactUrlCredentials } from '../../core/redact.js';
import { parseRate } from '../../core/sizes.js';
import { createUploader, type Uploader } from '../../create-uploader.js';
import { PartpushError } from '../../errors.js';
import type { SourceInput, UploadOptions, UploadResult } from '../../index.js';
import { fileDescriptorReader } from '../../source/byte-reader.js';
import { CP_HELP, SYNC_HELP } from '../help-text.js';
import { UsageError } from '../usage-error.js';
import { dryRunLine } from '../tree/dry-run-lines.js';
import { parseCpArguments, uploadOptionsOf, type SetCommand } from './cp-flags.js';
import { describeEvent, retryNote } from './describe-event.js';
import { Interrupts } from './interrupts.js';
import { planTransfers } from './plan-transfers.js';
import { ProgressLine } from './progress-bar.js';
import { uploadSet, type Output } from './upload-set.js';
import { summaryLine } from './summary-line.js';
import { printable } from '../printable.js';
import { storedBefore } from '../stored-before-failure.js';

/** `partpush cp` and `partpush sync` (cp's flags, one directory, only what changed): return the exit code. */
export async function cpCommand(argv: string[], command: SetCommand = 'cp'): Promise<number> {
  const args = parseCpArguments(argv, command);
  if (args === 'help') {
    process.stdout.write(command === 'sync' ? SYNC_HELP : CP_HELP);
    return 0;
  }
  const { values, sources, destination } = args;
  const stdin = sources.includes('-');
  if (stdin && command === 'sync') {
    throw new UsageError('sync takes a directory, and "-" is stdin: upload a stream with partpush cp - DEST', 'sync');
  }
  if (stdin) checkStdinUse(sources, destination, values.recursive === true);
  const cap = values.bwlimit === undefined ? undefined : parseRate(values.bwlimit, '--bwlimit');
  const progress = !values.json && !values.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr, cap) : undefined;
  const say = (line: string) => {
    progress?.clear();
    process.stderr.write(`partpush: ${printable(redactUrlCredentials(line))}\n`);
  };
  const out: Output = { args, progress, say, cap };
  const base = await uploadOptionsOf(values, args.journal);
  const interrupts = new Interrupts(say);
  const options: UploadOptions = {
    ...base,
    signal: interrupts.controller.signal,
    onEvent: (event) => {
      interrupts.track(event);
      if (values.verbose) say(describeEvent(event));
      else if (event.type === 'retry') progress?.note(retryNote(event));
    },
  };
  try {
    const several = command === 'sync' || values.recursive === true || sources.length > 1;
    if (several) return await uploadSet(out, options, command === 'sync');
    // A Complete (or a whole PUT), once sent, is not recalled: a signal after it came too late, and is said so.
    return await uploadOne(out, options, stdin, () => {
      if (interrupts.received)
        say(`${interrupts.received} came after the upload's last request was sent, which cannot be recalled: it completed`);
    });
  } catch (error) {
    progress?.clear();
    // PARTPUSH_CLOSED: a request the cancel's closing of the Uploader turned away (a HEAD of the look, begun after it).
    const cancelled = error instanceof PartpushError && (error.code === 'PARTPUSH_ABORTED' || error.code === 'PARTPUSH_CLOSED');
    if (interrupts.controller.signal.aborted && cancelled) {
      const message = error.code === 'PARTPUSH_CLOSED' ? 'cancelled' : error.message;
      if (values.json)
        process.stdout.write(`${JSON.stringify({ error: { code: 'PARTPUSH_ABORTED', message }, stored: storedBefore(error) })}\n`);
      process.stderr.write(`partpush: interrupted; ${printable(message)}\n`);
      interrupts.exitSoon();
      return interrupts.exitCode;
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}

/** `completed`: called once the object is stored (not for a skip or a dry run). */
async function uploadOne({ args, progress, cap }: Output, options: UploadOptions, stdin: boolean, completed: () => void): Promise<number> {
  const [file] = args.sources as [string];
  const { values } = args;
  // Through the planner too: a directory without -r, and DEST/ taking the file's name.
  const key = stdin
    ? args.destination
    : (await planTransfers([file], args.destination, { recursive: false, followSymlinks: false })).transfers[0]!.destination;
  const uploader = createUploader(options);
  let result: UploadResult | undefined;
  try {
    // A HEAD first: an existing key costs no byte (stdin is not even read); the write's condition
    // still holds against a writer that creates the key after it, whose object is then kept. A
    // resume leaves the look to the upload, which also aborts the interrupted upload it would continue.
    const look = values['no-clobber'] === true && (values.resume !== true || values['dry-run'] === true);
    const exists = look && (await uploader.stat(key)) !== undefined;
    if (values['dry-run']) {
      const entry = { source: file, destination: key, action: exists ? 'skip' : 'upload', reason: exists ? 'exists' : undefined } as const;
      process.stdout.write(values.json ? `${JSON.stringify({ dryRun: true, files: [entry] })}\n` : `${printable(dryRunLine(entry))}\n`);
      return 0;
    }
    if (!exists) result = await uploadOrSkip(uploader, stdin ? fileDescriptorReader(0) : file, key, progress);
  } finally {
    await uploader.close();
  }
  progress?.clear();
  if (!result) {
    const skipped = [{ source: file, destination: key, reason: 'exists' }];
    if (values.json) process.stdout.write(`${JSON.stringify({ destination: key, uploaded: 0, skipped })}\n`);
    else if (!values.quiet) process.stdout.write(`${printable(`skipped ${file}: ${key} exists (--no-clobber keeps it)`)}\n`);
    return 0;
  }
  completed();
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (!values.quiet) process.stdout.write(`${summaryLine(result, values.verbose === true, cap)}\n`);
  return 0;
}

/** The upload, or undefined when the write's no-clobber condition kept a racer's object. */
async function uploadOrSkip(uploader: Uploader, source: SourceInput, key: string, progress: ProgressLine | undefined) {
  try {
    return await uploader.upload(source, key, { onProgress: progress ? (p) => progress.update(p) : undefined });
  } catch (error) {
    if (error instanceof PartpushError && error.code === 'PARTPUSH_PRECONDITION_FAILED') return undefined;
    throw error;
  }
}

/** `-` reads stdin: alone, to a full key, and not from a terminal (a user would be left typing). */
function checkStdinUse(sources: readonly string[], destination: string, recursive: boolean): void {
  if (sources.length > 1 || recursive) throw new UsageError('"-" (stdin) is one stream: give it alone, without -r', 'cp');
  if (destination.endsWith('/'))
    throw new UsageError(`stdin has no file name to put under ${destination}: give the whole key, e.g. ${destination}backup.tar.zst`, 'cp');
  // isatty, not process.stdin: that would open stdin as a non-blocking pipe handle.
  if (isatty(0)) throw new UsageError('stdin is a terminal; pipe the data in, e.g. tar -c dir | partpush cp - DEST', 'cp');
}
