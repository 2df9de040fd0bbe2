import { PartpushError } from '../errors.js';

const NAMES: Record<string, string> = {
  '\r': 'a carriage return',
  '\n': 'a line break',
  '\t': 'a tab',
  ' ': 'a space',
};

/**
 * Key ids and tokens travel in headers, so they are printable ASCII without spaces; a secret is
 * only hashed, but one with a control character or a space at either end was copied with more
 * than the secret. One taken from a file saved with Windows line ends carries a `\r` that no store
 * would match: a signature refused (the secret), or a header undici will not send (the key id,
 * the token), retried as if the network had failed. Refused before any request, naming the
 * variable and what is wrong with it, never its value.
 */
export function checkCredentialText(inHeaders: Record<string, string | undefined>, secret: [name: string, value: string]): void {
  for (const [name, value] of Object.entries(inHeaders)) {
    if (value !== undefined) refuse(name, value, /[^\x21-\x7e]/.exec(value));
  }
  refuse(secret[0], secret[1], /^\s|\p{Cc}|\s$/u.exec(secret[1]));
}

function refuse(name: string, value: string, bad: RegExpExecArray | null): void {
  if (bad === null) return;
  const what = NAMES[bad[0]] ?? `the character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const where = bad.index === value.length - 1 ? 'ends with' : bad.index === 0 ? 'starts with' : 'holds';
  throw new PartpushError(
    'PARTPUSH_AUTH_FAILED',
    `${name} ${where} ${what} (copied from a file with Windows line ends, or with a space?); set it again without it`,
  );
}
