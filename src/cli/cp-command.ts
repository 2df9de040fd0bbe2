import { readFile } from 'node:fs/promises';
import { PartpushError } from '../errors.js';
import type { UploadOptions } from '../index.js';
import { holdsPemCertificate } from '../options.js';
import { upload } from '../upload.js';
import { describeEvent, retryNote } from './describe-event.js';
import { CP_HELP } from './help-text.js';
import { parseFlags, type ParsedFlags } from './parse-flags.js';
import { ProgressLine } from './progress-bar.js';
import { summaryLine } from './summary-line.js';
import { UsageError } from './usage-error.js';

/** `partpush cp`: returns the exit code. */
export async function cpCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {
    endpoint: { type: 'string' },
    region: { type: 'string' },
    mode: { type: 'string' },
    workers: { type: 'string' },
    streams: { type: 'string' },
    connections: { type: 'string' },
    'worker-nice': { type: 'string' },
    'part-size': { type: 'string' },
    http: { type: 'string' },
    checksum: { type: 'string' },
    resume: { type: 'boolean' },
    'no-auth': { type: 'boolean' },
    ca: { type: 'string' },
    insecure: { type: 'boolean' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  }, 'cp');
  const values = parsed.values as Record<string, string | undefined> & Record<'resume' | 'no-auth' | 'insecure' | 'json' | 'verbose' | 'quiet' | 'help', boolean | undefined>;
  const { positionals, journal } = splitResumeJournal(parsed.tokens);
  if (values.help) {
    process.stdout.write(CP_HELP);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(`cp takes a file and a destination, got ${positionals.length} argument(s)`, 'cp');
  }
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other', 'cp');
  const [file, destination] = positionals as [string, string];
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const progress = !values.json && !values.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  const verbose = (line: string) => {
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
    http: values.http as UploadOptions['http'],
    checksum: values.checksum as UploadOptions['checksum'],
    resume: values.resume ? (journal ?? true) : undefined,
    auth: values['no-auth'] ? 'none' : 'auto',
    ca: values.ca === undefined ? undefined : await readCa(values.ca),
    insecure: values.insecure,
    signal: controller.signal,
    onProgress: progress ? (p) => progress.update(p) : undefined,
    onEvent: (event) => {
      if (values.verbose) verbose(describeEvent(event));
      else if (event.type === 'retry') progress?.note(retryNote(event));
    },
  };
  try {
    const result = await upload(file, destination, options);
    progress?.clear();
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (!values.quiet) process.stdout.write(`${summaryLine(result)}\n`);
    return 0;
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
 * `--resume [JOURNAL]`: the journal is optional, so it is the positional right after --resume when
 * there is a third positional (file and destination being the other two).
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
    throw new UsageError(`--ca ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'cp');
  }
  // Checked here too, so that the message names the file.
  if (!holdsPemCertificate(pem)) {
    throw new UsageError(`--ca ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA's certificate in PEM form`, 'cp');
  }
  return pem;
}
