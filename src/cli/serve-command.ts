import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSize } from '../core/sizes.js';
import { startEmulator, type EmulatorOptions } from '../emulator/start-emulator.js';
import { SERVE_HELP } from './help-text.js';
import { UsageError } from './usage-error.js';

/** `partpush serve`: runs until SIGINT or SIGTERM, then returns the exit code. */
export async function serveCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        tls: { type: 'boolean' },
        h2c: { type: 'boolean' },
        memory: { type: 'boolean' },
        dir: { type: 'string' },
        discard: { type: 'boolean' },
        bucket: { type: 'string', multiple: true },
        'min-part-size': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, 'serve');
  }
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (values.tls && values.h2c) throw new UsageError('--tls and --h2c exclude each other (h2c is cleartext)', 'serve');
  if ([values.memory, values.dir !== undefined, values.discard].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --memory, --dir DIR and --discard', 'serve');
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw new UsageError(`--port takes a number, got "${values.port}"`, 'serve');
  const options: EmulatorOptions = {
    host: values.host,
    port: values.port === undefined ? undefined : Number(values.port),
    tls: values.tls,
    h2c: values.h2c,
    storage: values.dir !== undefined ? { dir: values.dir } : values.discard ? 'discard' : 'memory',
    buckets: values.bucket,
    minPartSize: values['min-part-size'] === undefined ? undefined : parseSize(values['min-part-size'], '--min-part-size'),
  };
  const emulator = await startEmulator(options);
  let caFile: string | undefined;
  if (emulator.ca) {
    caFile = join(tmpdir(), `partpush-emulator-${new URL(emulator.url).port}-ca.pem`);
    await writeFile(caFile, emulator.ca);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: emulator.url, ca: caFile ?? null })}\n`);
  } else {
    process.stdout.write(`${emulator.url}\n`);
    if (caFile) process.stdout.write(`CA certificate: ${caFile} (pass it to partpush cp with --ca)\n`);
    process.stdout.write(`buckets: ${values.bucket?.join(', ') || '(none yet: create with PUT /NAME or --bucket)'}; Ctrl-C stops\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
