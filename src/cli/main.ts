#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { PartpushError } from '../errors.js';
import { cpCommand } from './cp-command.js';
import { MAIN_HELP } from './help-text.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';

/** Errors in what the user typed exit 2; a failed upload exits 1 (see `partpush cp --help`). */
const USAGE_CODES = new Set(['PARTPUSH_INVALID_OPTION', 'PARTPUSH_INVALID_DESTINATION']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'cp':
      return cpCommand(rest);
    case 'serve':
      return serveCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    case '-v':
    case '--version': {
      const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`partpush ${pkg.version}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`, '');
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`partpush: ${error.message} (see "partpush ${error.command ? `${error.command} ` : ''}--help")\n`);
      process.exitCode = 2;
    } else if (error instanceof PartpushError) {
      process.stderr.write(`partpush: ${error.message} [${error.code}]\n`);
      process.exitCode = USAGE_CODES.has(error.code) ? 2 : 1;
    } else {
      process.stderr.write(`partpush: unexpected failure: ${(error as Error)?.stack ?? error}\n`);
      process.exitCode = 1;
    }
  },
);
