import { readFile } from 'node:fs/promises';
import type { UploadOptions } from '../../index.js';
import { holdsPemCertificate } from '../../options.js';
import { parseFlags, type ParsedFlags } from '../parse-flags.js';
import { filtersOf, type TransferFilter } from '../tree/transfer-filters.js';
import { UsageError } from '../usage-error.js';
import { parseCompressFlag } from '../../compress/compression.js';
import { RECORDED_CRC32C } from '../../control/object-ownership.js';

type Switch =
  | 'resume'
  | 'keep-stale-upload'
  | 'no-auth'
  | 'no-proxy'
  | 'insecure'
  | 'json'
  | 'verbose'
  | 'quiet'
  | 'help'
  | 'no-clobber'
  | 'recursive'
  | 'follow-symlinks'
  | 'dry-run';

/** `cp`'s flags as typed. */
export type CpValues = Record<string, string | undefined> & { metadata?: string[]; exclude?: string[]; include?: string[] } & Record<
    Switch,
    boolean | undefined
  >;

/** `cp` or `sync`: they share their flags, and sync takes one directory. */
export type SetCommand = 'cp' | 'sync';

export interface CpArguments {
  values: CpValues;
  sources: string[];
  destination: string;
  /** The journal named after --resume, if one was. */
  journal?: string;
  /** --exclude and --include, in command-line order. */
  filters: TransferFilter[];
}

/** Parses `cp`'s arguments; refuses flags that contradict each other (exit 2, one line). */
export function parseCpArguments(argv: string[], command: SetCommand = 'cp'): CpArguments | 'help' {
  // -R as gcloud storage cp and gsutil users type it: the same as -r.
  const parsed = parseFlags(
    argv.map((a) => (a === '-R' ? '-r' : a)),
    CP_FLAGS,
    command,
  );
  const values = parsed.values as CpValues;
  if (values.help) return 'help';
  if (values.dryrun) values['dry-run'] = true;
  const { positionals, journal } = splitResumeJournal(parsed.tokens);
  if (command === 'sync' && positionals.length !== 2) {
    throw new UsageError(`sync takes a directory and a destination prefix (DEST/), got ${positionals.length} argument(s)`, 'sync');
  }
  if (positionals.length < 2) {
    throw new UsageError(
      `cp takes a source (a file, "-" for stdin, or a directory with -r) and a destination, got ${positionals.length} argument(s)`,
      'cp',
    );
  }
  const sources = positionals.slice(0, -1);
  const destination = positionals.at(-1)!;
  refuseDownload(sources, destination, command);
  refuseContradictions(values, sources, destination, command);
  return { values, sources, destination, journal, filters: filtersOf(parsed.tokens) };
}

/**
 * partpush uploads only: a store URL as the source is a download (or a copy between buckets),
 * which the user's other tools do; say so instead of a complaint about the destination.
 */
function refuseDownload(sources: readonly string[], destination: string, command: SetCommand): void {
  const remote = sources.find((s) => /^(s3|gs):\/\//i.test(s));
  if (remote === undefined) return;
  const tool = remote.toLowerCase().startsWith('gs') ? 'gcloud storage cp' : 'aws s3 cp';
  const local = /^(s3|gs):\/\//i.test(destination) ? '' : ` ${destination}`;
  throw new UsageError(
    `${remote} is in a store, and partpush only uploads (local files to s3:// or gs://); to download it, use e.g. ${tool} ${remote}${local}`,
    command,
  );
}

const CP_FLAGS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  mode: { type: 'string' },
  workers: { type: 'string' },
  streams: { type: 'string' },
  connections: { type: 'string' },
  'worker-nice': { type: 'string' },
  'part-size': { type: 'string' },
  compress: { type: 'string' },
  'expected-size': { type: 'string' },
  http: { type: 'string' },
  checksum: { type: 'string' },
  'content-type': { type: 'string' },
  'cache-control': { type: 'string' },
  metadata: { type: 'string', multiple: true },
  'storage-class': { type: 'string' },
  'no-clobber': { type: 'boolean', short: 'n' },
  exclude: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  dryrun: { type: 'boolean' },
  profile: { type: 'string' },
  bwlimit: { type: 'string' },
  recursive: { type: 'boolean', short: 'r' },
  'follow-symlinks': { type: 'boolean' },
  resume: { type: 'boolean' },
  'keep-stale-upload': { type: 'boolean' },
  'no-auth': { type: 'boolean' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  proxy: { type: 'string' },
  'proxy-ca': { type: 'string' },
  'no-proxy': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags that each undo or ignore the other: accepting them would hide a mistake. */
function refuseContradictions(values: CpValues, sources: readonly string[], destination: string, command: SetCommand): void {
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other', 'cp');
  if (values.profile !== undefined && values['no-auth']) {
    throw new UsageError(
      '--profile names the AWS profile whose credentials sign the requests, and --no-auth sends none: drop one of the two',
      command,
    );
  }
  if (values.profile !== undefined && /^gs:\/\//i.test(destination)) {
    throw new UsageError(
      '--profile names an AWS profile, for s3:// destinations; gs:// signs with Google Application Default Credentials: drop --profile',
      command,
    );
  }
  refuseOwnMetadata(values.metadata, command);
  if (values.proxy !== undefined && values['no-proxy']) throw new UsageError('--proxy and --no-proxy exclude each other', 'cp');
  if (values.insecure && values.ca !== undefined) {
    throw new UsageError('--insecure turns off the certificate check that --ca sets up: give one of the two', 'cp');
  }
  if (values.mode === 'inline' && values.workers !== undefined) {
    throw new UsageError(
      '--workers sizes the worker pool, and --mode inline has none (it sends from the main thread): drop one of the two',
      'cp',
    );
  }
  if (values['expected-size'] !== undefined && !sources.includes('-')) {
    throw new UsageError('--expected-size sizes the parts of a stream (cp - DEST); a file has a size of its own: drop it', 'cp');
  }
  const several = command === 'sync' || values.recursive === true || sources.length > 1;
  if (several && values.resume) throw new UsageError('--resume takes one file; upload the files one by one to resume them', command);
  if (values['keep-stale-upload'] && !values.resume) {
    throw new UsageError('--keep-stale-upload keeps the upload a resume journal names: add --resume, or drop it', command);
  }
  if (command === 'sync' && values['no-clobber']) {
    throw new UsageError('sync replaces the objects whose files changed, and --no-clobber keeps them: for that, use cp -r -n', 'sync');
  }
  if (command === 'sync' && values.compress !== undefined) {
    // sync compares a file with its object by size and CRC32C; a compressed object's are its
    // compressed bytes', so every run would send every file again.
    throw new UsageError(
      'sync compares files with objects by size and CRC32C, which a compressed object does not keep: use cp -r --compress',
      'sync',
    );
  }
  const filtered = values.exclude !== undefined || values.include !== undefined;
  if (filtered && !several) throw new UsageError('--exclude and --include choose among several files: add -r, or name the files', command);
}

/** The API options the flags ask for (signal, progress and events are the command's to add). */
export async function uploadOptionsOf(values: CpValues, journal: string | undefined): Promise<UploadOptions> {
  return {
    endpoint: values.endpoint,
    region: values.region,
    mode: values.mode as UploadOptions['mode'],
    workers: integerFlag(values.workers, '--workers'),
    streamsPerWorker: autoOrInteger(values.streams, '--streams'),
    connections: autoOrInteger(values.connections, '--connections'),
    workerNice: integerFlag(values['worker-nice'], '--worker-nice'),
    partSize: values['part-size'],
    compress: values.compress === undefined ? undefined : parseCompressFlag(values.compress),
    expectedSize: values['expected-size'],
    http: values.http as UploadOptions['http'],
    checksum: values.checksum as UploadOptions['checksum'],
    contentType: values['content-type'],
    cacheControl: values['cache-control'],
    metadata: metadataFlags(values.metadata),
    storageClass: values['storage-class'],
    ifNotExists: values['no-clobber'],
    resume: values.resume ? (journal ?? true) : undefined,
    keepStaleUpload: values['keep-stale-upload'],
    auth: values['no-auth'] ? 'none' : 'auto',
    ca: values.ca === undefined ? undefined : await readCa(values.ca, '--ca'),
    proxyCa: values['proxy-ca'] === undefined ? undefined : await readCa(values['proxy-ca'], '--proxy-ca'),
    insecure: values.insecure,
    proxy: values['no-proxy'] ? false : values.proxy,
    bwlimit: values.bwlimit,
    env: values.profile === undefined ? undefined : { ...process.env, AWS_PROFILE: values.profile },
  };
}

/**
 * The metadata name partpush records a file's CRC32C under (RECORDED_CRC32C) is its own: a later
 * sync trusts it to tell what the object holds, so it is never taken from the command line.
 */
function refuseOwnMetadata(pairs: readonly string[] | undefined, command: SetCommand): void {
  // A pair without `=` is metadataFlags' to refuse, with its own message.
  const own = pairs?.find((pair) => pair.includes('=') && pair.slice(0, pair.indexOf('=')).toLowerCase() === RECORDED_CRC32C);
  if (own === undefined) return;
  throw new UsageError(
    `--metadata ${own.slice(0, own.indexOf('='))} is the name partpush records each file's CRC32C under, for sync to compare content: choose another name`,
    command,
  );
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

async function readCa(path: string, flag: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'cp',
    );
  }
  // Checked here too, so that the message names the file.
  if (!holdsPemCertificate(pem)) {
    throw new UsageError(
      `${flag} ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA's certificate in PEM form`,
      'cp',
    );
  }
  return pem;
}
