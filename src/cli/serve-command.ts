import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { bucketNameProblem } from '../target/bucket-name.js';
import { parseSize } from '../core/sizes.js';
import { PROFILES, type ProfileName } from '../emulator/requests/store-profile.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/start-emulator.js';
import { PartpushError } from '../errors.js';
import { SERVE_HELP } from './help-text.js';
import { parseFlags } from './parse-flags.js';
import { UsageError } from './usage-error.js';
import { createServeFiles, isLoopback, type ServeFiles } from './serve-files.js';

/** `partpush serve`: runs until SIGINT or SIGTERM, then returns the exit code. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      tls: { type: 'boolean' },
      h2c: { type: 'boolean' },
      memory: { type: 'boolean' },
      dir: { type: 'string' },
      discard: { type: 'boolean' },
      bucket: { type: 'string', multiple: true },
      'min-part-size': { type: 'string' },
      profile: { type: 'string' },
      key: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'serve',
  );
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const options = serveOptions(values);
  // Listened for before anything is made: a signal that comes as soon as the URL is printed (or
  // before) still stops the emulator and removes its files, instead of killing the process.
  const stopped = untilStopped();
  const emulator = await startEmulator(options).catch((error: unknown) => {
    throw listenFailure(error, options.host!, options.port ?? 0);
  });
  const files = emulator.ca ? await createServeFiles() : undefined;
  const caFile = emulator.ca ? await files?.write('ca.pem', emulator.ca) : undefined;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: emulator.url, ca: caFile ?? null })}\n`);
  } else {
    process.stdout.write(`${emulator.url}\n`);
    if (caFile) process.stdout.write(`CA certificate: ${caFile} (pass it to partpush cp with --ca)\n`);
    if (values.dir !== undefined)
      process.stdout.write(`objects are kept as files in ${values.dir as string} while this runs; they are removed when it stops\n`);
    if (options.profile) process.stdout.write(`acting out ${options.profile}'s answers where stores differ\n`);
    process.stdout.write(`buckets: ${options.buckets!.join(', ') || '(none yet: create with PUT /NAME or --bucket)'}; Ctrl-C stops\n`);
  }
  // On stderr, so that the URL stays the first line of stdout (and --json's only one).
  if (!isLoopback(options.host!)) {
    // With keys, writes must be signed but reads are not checked (tests read back with plain clients).
    process.stderr.write(
      options.keys
        ? `warning: listening on ${options.host!}: reads and lists are not checked against --key, so anyone who can reach this port can read its objects\n`
        : `warning: listening on ${options.host!} without --key: anyone who can reach this port can read, write and delete its objects\n`,
    );
  }
  await stopped;
  await stop(emulator, files);
  return 0;
}

function serveOptions(values: Record<string, unknown>): EmulatorOptions {
  const buckets = (values.bucket as string[] | undefined) ?? [];
  if (values.tls && values.h2c) throw new UsageError('--tls and --h2c exclude each other (h2c is cleartext)', 'serve');
  if ([values.memory, values.dir !== undefined, values.discard].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --memory, --dir DIR and --discard', 'serve');
  }
  const port = values.port as string | undefined;
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65_535)) {
    throw new UsageError(`--port takes a port number from 0 to 65535 (0: any free port), got "${port}"`, 'serve');
  }
  for (const bucket of buckets) {
    const problem = bucketNameProblem(bucket);
    if (problem) throw new UsageError(`--bucket "${bucket}": the name ${problem}`, 'serve');
  }
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !(profile in PROFILES)) {
    throw new UsageError(`--profile takes one of ${Object.keys(PROFILES).join(', ')}, got "${profile}"`, 'serve');
  }
  const keys: Record<string, string> = {};
  for (const pair of (values.key as string[] | undefined) ?? []) {
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1) throw new UsageError('--key takes ACCESS_KEY_ID:SECRET_ACCESS_KEY', 'serve');
    keys[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  if (values.dir !== undefined) checkStorageDirectory(values.dir as string);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  return {
    host,
    port: port === undefined ? undefined : Number(port),
    tls: values.tls as boolean | undefined,
    h2c: values.h2c as boolean | undefined,
    storage: values.dir !== undefined ? { dir: values.dir as string } : values.discard ? 'discard' : 'memory',
    buckets,
    minPartSize: values['min-part-size'] === undefined ? undefined : sizeFlag(values['min-part-size'] as string),
    profile: profile as ProfileName | undefined,
    keys: Object.keys(keys).length > 0 ? keys : undefined,
  };
}

function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function stop(emulator: Emulator, files: ServeFiles | undefined): Promise<void> {
  await emulator.close();
  await files?.remove();
}

function sizeFlag(text: string): number {
  try {
    return parseSize(text, '--min-part-size');
  } catch (error) {
    throw new UsageError((error as Error).message, 'serve');
  }
}

/** Why the emulator could not listen, in a line: a bad address is the command line's fault (exit 2), a busy port is not. */
function listenFailure(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new PartpushError(
      'PARTPUSH_NETWORK_ERROR',
      `port ${port} on ${host} is in use; choose another with --port, or --port 0 for any free one`,
      { causeCode: code },
    );
  }
  if (code === 'EACCES') {
    return new PartpushError('PARTPUSH_NETWORK_ERROR', `port ${port} on ${host} needs privileges this user lacks; use a port above 1023`, {
      causeCode: code,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN' || code === 'EINVAL') {
    return new UsageError(
      `--host ${host}: not an address of this machine (${code}); use 127.0.0.1, ::1, 0.0.0.0 or one of its interfaces`,
      'serve',
    );
  }
  return error as Error;
}

/**
 * `--dir` is made if missing and tried with a directory created and removed in it, before the
 * emulator starts: a file in its place, or a place this user cannot write, failed only at the first
 * PUT (500 InternalError) or after the URL was printed (a stack trace).
 */
function checkStorageDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    rmdirSync(mkdtempSync(join(dir, '.partpush-probe-')));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (error as Error).message;
    throw new UsageError(`--dir ${dir}: cannot keep objects there (${reason}); give a directory this user can write`, 'serve');
  }
}
