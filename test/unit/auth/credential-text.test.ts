import { describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../../src/auth/credential-source.js';
import { toPartpushError } from '../../../src/http/network-error.js';

const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    resolveCredentials('s3', 'auto', 'us-east-1', env);
  } catch (error) {
    return error as Error & { code: string };
  }
  return undefined;
};

describe('credentials copied with more than the key', () => {
  it('are refused before any request, naming the variable and never the value', () => {
    const crlf = refusal({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE\r', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI' });
    expect(crlf).toMatchObject({ code: 'PARTPUSH_AUTH_FAILED' });
    expect(crlf!.message).toMatch(/^AWS_ACCESS_KEY_ID ends with a carriage return/);
    expect(crlf!.message).not.toContain('AKIDEXAMPLE');
    expect(refusal({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI\n' })!.message).toMatch(
      /^AWS_SECRET_ACCESS_KEY ends with a line break/,
    );
    expect(refusal({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'wJal', AWS_SESSION_TOKEN: 'to ken' })!.message).toMatch(
      /^AWS_SESSION_TOKEN holds a space/,
    );
    expect(() => resolveCredentials('s3', { accessKeyId: '\tAK', secretAccessKey: 's' }, 'us-east-1', {})).toThrow(
      /^auth.accessKeyId starts with a tab/,
    );
  });

  it("a secret is only hashed: a space inside it is the store's business", () => {
    expect(refusal({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'se cret' })).toBeUndefined();
  });

  it('a request undici cannot build is not retried as a network failure', () => {
    const error = toPartpushError(
      Object.assign(new Error('invalid authorization header'), { code: 'UND_ERR_INVALID_ARG' }),
      'object upload',
    );
    expect(error).toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', retryable: false, causeCode: 'UND_ERR_INVALID_ARG' });
    expect(error.message).toContain('most likely a header value holds a character HTTP cannot carry');
  });
});
