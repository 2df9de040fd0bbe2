import { PartpushError } from '../errors.js';
import { redactUrlCredentials } from '../core/redact.js';
import { printable } from './printable.js';
import { storedBefore } from './stored-before-failure.js';
import { UsageError } from './usage-error.js';

/** Errors in what the user typed exit 2; a failed upload exits 1 (see `partpush cp --help`). */
const USAGE_CODES = new Set(['PARTPUSH_INVALID_OPTION', 'PARTPUSH_INVALID_DESTINATION']);

/** The flag of each API option, so that the CLI's messages name what the user typed. */
const FLAG_OF: Record<string, string> = {
  mode: '--mode',
  workers: '--workers',
  streamsPerWorker: '--streams',
  connections: '--connections',
  workerNice: '--worker-nice',
  partSize: '--part-size',
  http: '--http',
  checksum: '--checksum',
  ca: '--ca',
  endpoint: '--endpoint',
  expectedSize: '--expected-size',
  contentType: '--content-type',
  cacheControl: '--cache-control',
  metadata: '--metadata',
  storageClass: '--storage-class',
  resume: '--resume',
  keepStaleUpload: '--keep-stale-upload',
  bwlimit: '--bwlimit',
  compress: '--compress',
  proxy: '--proxy',
};

/**
 * Prints a failure the way the CLI promises: one line on stderr (never a stack trace), and with
 * --json one JSON object on stdout too. Returns the exit code.
 */
export function reportError(error: unknown, options: { json: boolean }): number {
  const usage = error instanceof UsageError;
  const typed = error instanceof PartpushError ? error : undefined;
  const message = printable(
    redactUrlCredentials(
      oneLine(usage ? error.message : typed ? inFlagTerms(typed) : `unexpected failure: ${(error as Error)?.message ?? String(error)}`),
    ),
  );
  const code = usage ? 'PARTPUSH_INVALID_OPTION' : (typed?.code ?? 'PARTPUSH_UNEXPECTED');
  const exitCode = usage || (typed && USAGE_CODES.has(typed.code)) ? 2 : 1;
  if (options.json) {
    const { status, serviceCode, partNumber, requestId } = typed ?? {};
    // Objects a set stored before it failed are kept: --json names them, as stderr does.
    const stored = storedBefore(error);
    process.stdout.write(`${JSON.stringify({ error: { code, message, status, serviceCode, partNumber, requestId }, stored })}\n`);
  }
  const hint = usage ? ` (see "partpush ${error.command ? `${error.command} ` : ''}--help")` : typed ? ` [${typed.code}]` : '';
  process.stderr.write(`partpush: ${message}${hint}\n`);
  return exitCode;
}

function inFlagTerms(error: PartpushError): string {
  const flag = error.option === undefined ? undefined : FLAG_OF[error.option];
  return flag && error.message.startsWith(error.option!) ? `${flag}${error.message.slice(error.option!.length)}` : error.message;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}
