import { parseArgs } from 'node:util';
import { firstLine } from '../core/first-line.js';
import { UsageError } from './usage-error.js';

export type FlagSpecs = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** In command-line order: what `--resume [JOURNAL]` needs to find its optional argument. */
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>;
}

/**
 * node:util parseArgs, with errors in partpush's words: the flag's own name, a "did you mean" for
 * a near miss, and negative numbers taken as values (`--workers -1` reaches the range check and
 * its message, instead of being read as a cluster of short flags).
 */
export function parseFlags(argv: string[], specs: FlagSpecs, command: string): ParsedFlags {
  // A negative number after a flag that takes a value is that value: a leading space keeps
  // parseArgs from reading it as a flag, and is taken off again below.
  const args = argv.map((arg, i) => {
    const previous = argv[i - 1];
    const takesValue = previous?.startsWith('--') && !previous.includes('=') && specs[previous.slice(2)]?.type === 'string';
    return takesValue && /^-\d/.test(arg) ? ` ${arg}` : arg;
  });
  try {
    const parsed = parseArgs({ args, options: specs, allowPositionals: true, tokens: true, strict: true });
    const unmask = (value: unknown) => (typeof value === 'string' && /^ -\d/.test(value) ? value.slice(1) : value);
    const values = Object.fromEntries(
      Object.entries(parsed.values).map(([k, v]) => [k, Array.isArray(v) ? v.map(unmask) : unmask(v)]),
    ) as ParsedFlags['values'];
    return { values, positionals: parsed.positionals, tokens: parsed.tokens ?? [] };
  } catch (error) {
    throw new UsageError(describeParseError(error as NodeJS.ErrnoException, specs), command);
  }
}

function describeParseError(error: NodeJS.ErrnoException, specs: FlagSpecs): string {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  const name = flag.replace(/^-+/, '');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closest(name, Object.keys(specs));
    return `unknown option ${flag}${near ? `; did you mean --${near}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = flag.startsWith('--') ? flag : `--${Object.keys(specs).find((k) => specs[k]!.short === name) ?? name}`;
    if (/does not take an argument/.test(error.message)) return `${long} takes no value`;
    return `${long} needs a value`;
  }
  return firstLine(error.message);
}

/**
 * The known flag nearest to `name`, if it is a plausible typo: one edit for a name of up to four
 * letters, two for a longer one. A looser bound answered `-n`, `-P` and `--acl` with "did you
 * mean --ca?", which sends a user looking for a flag that does something else entirely.
 */
function closest(name: string, known: string[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name, flag);
    if (!best || distance < best.distance) best = { flag, distance };
  }
  return best && best.distance <= (name.length <= 4 ? 1 : 2) && best.distance < name.length ? best.flag : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
