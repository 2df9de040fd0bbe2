import { isatty } from 'node:tty';
import { redactUrlCredentials } from '../../core/redact.js';
import { createUploader } from '../../create-uploader.js';
import { PartpushError } from '../../errors.js';
import type { UploadOptions } from '../../index.js';
import { fileDescriptorReader } from '../../source/byte-reader.js';
import { upload } from '../../upload.js';
import { CP_HELP } from '../help-text.js';
import { UsageError } from '../usage-error.js';
import { parseCpArguments, uploadOptionsOf, type CpArguments } from './cp-flags.js';
import { describeEvent, retryNote } from './describe-event.js';
import { Interrupts } from './interrupts.js';
import { planTransfers } from './plan-transfers.js';
import { ProgressLine } from './progress-bar.js';
import { runTransfers, transfersSummary } from './run-transfers.js';
import { summaryLine } from './summary-line.js';

/**
 * Files uploaded at once in a set: enough that single PUTs of small files keep every lane busy
 * (each small file is one part), few enough that a set of large files does not open an upload per
 * file; the scheduler shares part slots between those running.
 */
const FILES_IN_FLIGHT = 32;

/** What one run of `cp` writes to: the progress line, and stderr through it. */
interface Output {
  args: CpArguments;
  progress?: ProgressLine;
  say: (line: string) => void;
}

/** `partpush cp`: returns the exit code. */
export async function cpCommand(argv: string[]): Promise<number> {
  const args = parseCpArguments(argv);
  if (args === 'help') {
    process.stdout.write(CP_HELP);
    return 0;
  }
  const { values, sources, destination } = args;
  const stdin = sources.includes('-');
  if (stdin) checkStdinUse(sources, destination, values.recursive === true);
  const progress = !values.json && !values.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  const say = (line: string) => {
    progress?.clear();
    process.stderr.write(`partpush: ${redactUrlCredentials(line)}\n`);
  };
  const out: Output = { args, progress, say };
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
    return values.recursive === true || sources.length > 1 ? await uploadSet(out, options) : await uploadOne(out, options, stdin);
  } catch (error) {
    progress?.clear();
    if (interrupts.controller.signal.aborted && error instanceof PartpushError && error.code === 'PARTPUSH_ABORTED') {
      if (values.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
      process.stderr.write(`partpush: interrupted; ${error.message}\n`);
      return interrupts.exitCode;
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}

async function uploadOne({ args, progress }: Output, options: UploadOptions, stdin: boolean): Promise<number> {
  const [file] = args.sources as [string];
  // Through the planner too: a directory without -r, and DEST/ taking the file's name.
  const key = stdin
    ? args.destination
    : (await planTransfers([file], args.destination, { recursive: false, followSymlinks: false })).transfers[0]!.destination;
  const result = await upload(stdin ? fileDescriptorReader(0) : file, key, {
    ...options,
    onProgress: progress ? (p) => progress.update(p) : undefined,
  });
  progress?.clear();
  if (args.values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (!args.values.quiet) process.stdout.write(`${summaryLine(result)}\n`);
  return 0;
}

async function uploadSet({ args, progress, say }: Output, options: UploadOptions): Promise<number> {
  const { values, sources, destination } = args;
  const plan = await planTransfers(sources, destination, {
    recursive: values.recursive === true,
    followSymlinks: values['follow-symlinks'] === true,
  });
  // Cancelled as a whole (runTransfers closes it), not through a signal per upload.
  const uploader = createUploader({ ...options, signal: undefined });
  let report;
  try {
    report = await runTransfers(uploader, plan.transfers, {
      filesInFlight: FILES_IN_FLIGHT,
      signal: options.signal!,
      progress,
      onFailure: (failed) => say(`${failed.source}: ${failed.error!.message} [${failed.error!.code}]`),
    });
  } finally {
    await uploader.close();
  }
  progress?.clear();
  if (options.signal!.aborted) {
    throw new PartpushError(
      'PARTPUSH_ABORTED',
      `upload cancelled after ${report.uploaded} of ${plan.transfers.length} files; the unfinished ones were aborted`,
    );
  }
  if (values.json) process.stdout.write(`${redactUrlCredentials(JSON.stringify({ ...report, skipped: plan.skipped }))}\n`);
  else if (!values.quiet) process.stdout.write(`${transfersSummary(report, destination, plan.skipped.length)}\n`);
  return report.failed > 0 ? 1 : 0;
}

/** `-` reads stdin: alone, to a full key, and not from a terminal (a user would be left typing). */
function checkStdinUse(sources: readonly string[], destination: string, recursive: boolean): void {
  if (sources.length > 1 || recursive) throw new UsageError('"-" (stdin) is one stream: give it alone, without -r', 'cp');
  if (destination.endsWith('/'))
    throw new UsageError(`stdin has no file name to put under ${destination}: give the whole key, e.g. ${destination}backup.tar.zst`, 'cp');
  // isatty, not process.stdin: that would open stdin as a non-blocking pipe handle.
  if (isatty(0)) throw new UsageError('stdin is a terminal; pipe the data in, e.g. tar -c dir | partpush cp - DEST', 'cp');
}
