import { describe, expect, it } from 'vitest';
import { parseFlags, type FlagSpecs } from '../../../src/cli/parse-flags.js';

const specs: FlagSpecs = {
  workers: { type: 'string' },
  streams: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
};
const parse = (...argv: string[]) => parseFlags(argv, specs, 'cp');
const refusal = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('parseFlags', () => {
  it('reads flags and positionals', () => {
    const { values, positionals } = parse('a', '--workers', '3', 'b', '-q', '--json');
    expect(values).toEqual({ workers: '3', quiet: true, json: true });
    expect(positionals).toEqual(['a', 'b']);
  });

  it('takes a negative number as the value of the flag before it, for the range check to refuse', () => {
    expect(parse('--workers', '-1').values.workers).toBe('-1');
    expect(parse('--workers=-1').values.workers).toBe('-1');
  });

  it('names an unknown flag once, and the near miss it may be', () => {
    expect(refusal('--worker', '2')).toBe('unknown option --worker; did you mean --workers?');
    expect(refusal('--bogus')).toBe('unknown option --bogus');
    expect(refusal('-x')).toBe('unknown option -x');
  });

  it('says which flag lacks its value, or has one it takes none of', () => {
    expect(refusal('--workers')).toBe('--workers needs a value');
    expect(refusal('--workers', '--json')).toBe('--workers needs a value');
    expect(refusal('--json=yes')).toBe('--json takes no value');
  });
});
