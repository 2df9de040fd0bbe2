import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { abortCommand } from '../../../src/control/abort-command.js';
import { printable } from '../../../src/cli/printable.js';

/** The words bash makes of a command line, one per line of its output (printf's %s\0 split). */
function wordsOf(command: string): string[] {
  const run = spawnSync('bash', ['-c', `set -- ${command}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
  return run.stdout.split('\0').slice(0, -1);
}

describe('the command that aborts a left-open upload', () => {
  it('names the key exactly, in quotes a shell reads back, also for a key with a newline, a quote or a backslash', () => {
    for (const key of ['plain/key.bin', "it's here", 'a\nuploaded 9 files\r\u001b[2K', "back\\slash'\n"]) {
      const command = abortCommand('up-1', `s3://bkt/${key}`, 'http://127.0.0.1:9000');
      // As a message prints it: nothing in it for the escaping to change.
      expect(printable(command)).toBe(command);
      const words = wordsOf(command);
      expect(words[words.indexOf('--key') + 1]).toBe(key);
      expect(words[words.indexOf('--upload-id') + 1]).toBe('up-1');
    }
  });
});
