import { CP_HELP, MAIN_HELP, SERVE_HELP, SYNC_HELP } from './help-text.js';
import { UsageError } from './usage-error.js';

const HELP: Record<string, string> = { cp: CP_HELP, sync: SYNC_HELP, serve: SERVE_HELP };

/** `partpush help [COMMAND]`, as git and gcloud users type it: the command's own help. */
export function helpCommand(argv: readonly string[]): number {
  const [command] = argv;
  if (command === undefined) {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  const text = HELP[command];
  if (text === undefined) throw new UsageError(`no help for "${command}": the commands are ${Object.keys(HELP).join(', ')}`, '');
  process.stdout.write(text);
  return 0;
}
