import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeRequest } from '../../../src/auth/authorize-request.js';
import type { AuthMaterial } from '../../../src/auth/auth-material.js';
import { SignerCache } from '../../../src/auth/signer-cache.js';

// The worked examples of AWS's "Signature Calculations for the Authorization Header" (S3 docs).
// Its PUT example is left out: it signs a Date header, which AWS's own signer (used here) replaces
// with x-amz-date by design; partpush never sends Date.
const credentials: AuthMaterial = {
  kind: 'sigv4',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
};
const origin = 'https://examplebucket.s3.amazonaws.com';
const when = new Date('2013-05-24T00:00:00Z');
const signers = new SignerCache();
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

function signatureOf(headers: Record<string, string>): string {
  return /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '')?.[1] ?? '(no signature)';
}

describe('SigV4 against the published AWS S3 examples', () => {
  it('GET object with a Range header', async () => {
    const headers = await authorizeRequest(
      {
        method: 'GET',
        origin,
        path: '/test.txt',
        query: {},
        headers: { range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      credentials,
      signers,
      when,
    );
    expect(headers.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(headers.authorization).toContain('SignedHeaders=host;range;x-amz-content-sha256;x-amz-date');
    expect(signatureOf(headers)).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('GET bucket lifecycle: a query flag with no value', async () => {
    const headers = await authorizeRequest(
      {
        method: 'GET',
        origin,
        path: '/',
        query: { lifecycle: '' },
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      credentials,
      signers,
      when,
    );
    expect(signatureOf(headers)).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('GET bucket (list objects): query parameters sorted', async () => {
    const headers = await authorizeRequest(
      {
        method: 'GET',
        origin,
        path: '/',
        query: { prefix: 'J', 'max-keys': '2' },
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      credentials,
      signers,
      when,
    );
    expect(signatureOf(headers)).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('part uploads are signed with UNSIGNED-PAYLOAD and carry the session token', async () => {
    const headers = await authorizeRequest(
      {
        method: 'PUT',
        origin,
        path: '/big.img',
        query: { partNumber: '3', uploadId: 'abc' },
        headers: { 'content-length': '5' },
      },
      { ...credentials, sessionToken: 'token-xyz' },
      signers,
      when,
    );
    expect(headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(headers['x-amz-security-token']).toBe('token-xyz');
    expect(headers.authorization).toContain('x-amz-security-token');
  });

  it('bearer tokens go in the Authorization header, and none sends nothing', async () => {
    const request = { method: 'PUT' as const, origin, path: '/k', query: {}, headers: {} };
    expect((await authorizeRequest(request, { kind: 'bearer', token: 'ya29.t' }, signers)).authorization).toBe('Bearer ya29.t');
    expect((await authorizeRequest(request, { kind: 'none' }, signers)).authorization).toBeUndefined();
  });
});
