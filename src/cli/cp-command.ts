import { readFile } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { fileDescriptorReader } from '../source/byte-reader.js';
import { createUploader } from '../create-uploader.js';
import { PartpushError } from '../errors.js';
import type { UploadOptions } from '../index.js';
import { holdsPemCertificate } from '../options.js';
import { upload } from '../upload.js';
import { describeEvent, retryNote } from './describe-event.js';
import { CP_HELP } from './help-text.js';
import { parseFlags, type ParsedFlags } from './parse-flags.js';
import { planTransfers } from './plan-transfers.js';
import { ProgressLine } from './progress-bar.js';
import { runTransfers, transfersSummary } from './run-transfers.js';
import { summaryLine } from './summary-line.js';
import { UsageError } from './usage-error.js';

/** `partpush cp`: returns the exit code. */
export async function cpCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      mode: { type: 'string' },
      workers: { type: 'string' },
      streams: { type: 'string' },
      connections: { type: 'string' },
      'worker-nice': { type: 'string' },
      'part-size': { type: 'string' },
      'expected-size': { type: 'string' },
      http: { type: 'string' },
      checksum: { type: 'string' },
      'content-type': { type: 'string' },
      'cache-control': { type: 'string' },
      metadata: { type: 'string', multiple: true },
      'storage-class': { type: 'string' },
      'no-clobber': { type: 'boolean' },
      recursive: { type: 'boolean', short: 'r' },
      'follow-symlinks': { type: 'boolean' },
      resume: { type: 'boolean' },
      'no-auth': { type: 'boolean' },
      ca: { type: 'string' },
      insecure: { type: 'boolean' },
      proxy: { type: 'string' },
      'no-proxy': { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    'cp',
  );
  const values = parsed.values as Record<string, string | undefined> & { metadata?: string[] } & Record<
      | 'resume'
      | 'no-auth'
      | 'no-proxy'
      | 'insecure'
      | 'json'
      | 'verbose'
      | 'quiet'
      | 'help'
      | 'no-clobber'
      | 'recursive'
      | 'follow-symlinks',
      boolean | undefined
    >;
  const { positionals, journal } = splitResumeJournal(parsed.tokens);
  if (values.help) {
    process.stdout.write(CP_HELP);
    return 0;
  }
  if (positionals.length < 2) {
    throw new UsageError(
      `cp takes a source (a file, "-" for stdin, or a directory with -r) and a destination, got ${positionals.length} argument(s)`,
      'cp',
    );
  }
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other', 'cp');
  if (values.proxy !== undefined && values['no-proxy']) throw new UsageError('--proxy and --no-proxy exclude each other', 'cp');
  const sources = positionals.slice(0, -1);
  const destination = positionals.at(-1)!;
  const stdin = sources.includes('-');
  if (stdin) checkStdinUse(sources, destination, values.recursive === true);
  const several = values.recursive === true || sources.length > 1;
  if (several && values.resume) throw new UsageError('--resume takes one file; upload the files one by one to resume them', 'cp');

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const progress = !values.json && !values.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  const say = (line: string) => {
    progress?.clear();
    process.stderr.write(`partpush: ${line}\n`);
  };
  const options: UploadOptions = {
    endpoint: values.endpoint,
    region: values.region,
    mode: values.mode as UploadOptions['mode'],
    workers: integerFlag(values.workers, '--workers'),
    streamsPerWorker: autoOrInteger(values.streams, '--streams'),
    connections: autoOrInteger(values.connections, '--connections'),
    workerNice: integerFlag(values['worker-nice'], '--worker-nice'),
    partSize: values['part-size'],
    expectedSize: values['expected-size'],
    http: values.http as UploadOptions['http'],
    checksum: values.checksum as UploadOptions['checksum'],
    contentType: values['content-type'],
    cacheControl: values['cache-control'],
    metadata: metadataFlags(values.metadata),
    storageClass: values['storage-class'],
    ifNotExists: values['no-clobber'],
    resume: values.resume ? (journal ?? true) : undefined,
    auth: values['no-auth'] ? 'none' : 'auto',
    ca: values.ca === undefined ? undefined : await readCa(values.ca),
    insecure: values.insecure,
    proxy: values['no-proxy'] ? false : values.proxy,
    signal: controller.signal,
    onEvent: (event) => {
      if (values.verbose) say(describeEvent(event));
      else if (event.type === 'retry') progress?.note(retryNote(event));
    },
  };
  try {
    if (!several) {
      const [file] = sources as [string];
      // Through the planner too: a directory without -r, and DEST/ taking the file's name.
      const key = stdin
        ? destination
        : (await planTransfers([file], destination, { recursive: false, followSymlinks: false })).transfers[0]!.destination;
      const result = await upload(stdin ? fileDescriptorReader(0) : file, key, {
        ...options,
        onProgress: progress ? (p) => progress.update(p) : undefined,
      });
      progress?.clear();
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (!values.quiet) process.stdout.write(`${summaryLine(result)}\n`);
      return 0;
    }
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
        signal: controller.signal,
        progress,
        onFailure: (failed) => say(`${failed.source}: ${failed.error!.message} [${failed.error!.code}]`),
      });
    } finally {
      await uploader.close();
    }
    progress?.clear();
    if (controller.signal.aborted)
      throw new PartpushError(
        'PARTPUSH_ABORTED',
        `upload cancelled after ${report.uploaded} of ${plan.transfers.length} files; the unfinished ones were aborted`,
      );
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, skipped: plan.skipped })}\n`);
    else if (!values.quiet) process.stdout.write(`${transfersSummary(report, destination, plan.skipped.length)}\n`);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    progress?.clear();
    if (controller.signal.aborted && error instanceof PartpushError && error.code === 'PARTPUSH_ABORTED') {
      if (values.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
      process.stderr.write(`partpush: interrupted; ${error.message}\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/**
 * Files uploaded at once in a set: enough that single PUTs of small files keep every lane busy
 * (each small file is one part), few enough that a set of large files does not open an upload per
 * file; the scheduler shares part slots between those running.
 */
const FILES_IN_FLIGHT = 32;

/** `-` reads stdin: alone, to a full key, and not from a terminal (a user would be left typing). */
function checkStdinUse(sources: readonly string[], destination: string, recursive: boolean): void {
  if (sources.length > 1 || recursive) throw new UsageError('"-" (stdin) is one stream: give it alone, without -r', 'cp');
  if (destination.endsWith('/'))
    throw new UsageError(`stdin has no file name to put under ${destination}: give the whole key, e.g. ${destination}backup.tar.zst`, 'cp');
  // isatty, not process.stdin: that would open stdin as a non-blocking pipe handle.
  if (isatty(0)) throw new UsageError('stdin is a terminal; pipe the data in, e.g. tar -c dir | partpush cp - DEST', 'cp');
}

/** `--metadata key=value`, repeatable; names are checked with the dialect's rules when the upload starts. */
function metadataFlags(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--metadata takes KEY=VALUE, got "${pair}"`, 'cp');
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return metadata;
}

/**
 * `--resume [JOURNAL]`: the journal is optional, so it is the positional right after --resume when
 * there is a third positional (--resume takes one file, so file and destination are the other two).
 */
function splitResumeJournal(tokens: ParsedFlags['tokens']): { positionals: string[]; journal?: string } {
  const positionals = tokens.filter((t) => t.kind === 'positional');
  const resumeAt = tokens.findIndex((t) => t.kind === 'option' && t.name === 'resume');
  const next = resumeAt >= 0 ? tokens[resumeAt + 1] : undefined;
  if (positionals.length === 3 && next?.kind === 'positional') {
    return { positionals: positionals.filter((t) => t !== next).map((t) => (t as { value: string }).value), journal: next.value };
  }
  return { positionals: positionals.map((t) => (t as { value: string }).value) };
}

function autoOrInteger(value: string | undefined, flag: string): number | 'auto' | undefined {
  if (value === 'auto') return value;
  if (value !== undefined && !/^-?\d+$/.test(value)) throw new UsageError(`${flag} takes "auto" or a whole number, got "${value}"`, 'cp');
  return integerFlag(value, flag);
}

function integerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, got "${value}"`, 'cp');
  return Number(value);
}

async function readCa(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--ca ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'cp',
    );
  }
  // Checked here too, so that the message names the file.
  if (!holdsPemCertificate(pem)) {
    throw new UsageError(
      `--ca ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA's certificate in PEM form`,
      'cp',
    );
  }
  return pem;
}
