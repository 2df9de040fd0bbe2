#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { cpCommand } from './cp-command.js';
import { MAIN_HELP } from './help-text.js';
import { reportError } from './report-error.js';
import { serveCommand } from './serve-command.js';
import { silenceMetadataLookupWarnings } from './silence-warnings.js';
import { UsageError } from './usage-error.js';

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

silenceMetadataLookupWarnings();
const argv = process.argv.slice(2);
main(argv).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => { process.exitCode = reportError(error, { json: argv.includes('--json') }); },
);
