#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { helpCommand } from './help-command.js';
import { MAIN_HELP } from './help-text.js';
import { reportError } from './report-error.js';
import { silenceMetadataLookupWarnings } from './silence-warnings.js';
import { UsageError } from './usage-error.js';

// Each command loads its own modules: `cp` and `sync` do not pay for the emulator's (its
// certificate maker and checksum libraries), nor `serve` for the uploader's; 0.2 s per run.
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'cp':
      return (await import('./cp/cp-command.js')).cpCommand(rest);
    case 'sync':
      return (await import('./cp/cp-command.js')).cpCommand(rest, 'sync');
    case 'serve':
      return (await import('./serve-command.js')).serveCommand(rest);
    case 'help':
      return helpCommand(rest);
    case undefined:
    case '-h':
    case '--help':
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

/**
 * The V8 releases of Node 20, 22 and 24 (11 to 13), which all know the flag below; a later one may
 * not, and would print an error line for it.
 */
const V8_WITH_LIFTOFF_ONLY = /^1[1-3]\./;

// The command owns its process, so it may set a V8 flag for all its threads: undici parses HTTP/1.1
// answers with llhttp compiled to WebAssembly, which V8 recompiles with TurboFan once it runs hot
// (as a wave of parts ends), holding 25-30 MiB while it does: four workers at 150 ms peaked at
// 252-259 MiB with it and 226-228 without (docs/performance-log.md). A few hundred bytes of answer
// per part gain nothing from the faster code. Set before any connection compiles llhttp.
if (V8_WITH_LIFTOFF_ONLY.test(process.versions.v8)) setFlagsFromString('--liftoff-only');
silenceMetadataLookupWarnings();
// A reader that went away (`2>&1 | head`) must not end the command mid-upload with its multipart
// upload left open: what cannot be written is dropped, and the upload finishes or aborts as it would.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, { json: argv.includes('--json') });
  },
);
