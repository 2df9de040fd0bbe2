import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { EmulatorError } from '../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from './request-header.js';

/** The keys an emulator started with `keys` accepts: access key id to secret. */
export type AccessKeys = Record<string, string>;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Checks a request's SigV4 signature against the keys the emulator was started with, as S3 does:
 * the canonical request rebuilt from the method, path, query and the headers the client said it
 * signed (with their values as they arrived), the payload hash as declared in
 * x-amz-content-sha256 (UNSIGNED-PAYLOAD, or the aws-chunked trailer form), signed again with the
 * key's secret and compared. Refusals carry S3's codes: a missing signature, an unknown key, a
 * signature that does not match.
 */
export async function checkSignature(req: EmulatorRequest, url: URL, keys: AccessKeys): Promise<void> {
  const authorization = headerOf(req, 'authorization') ?? '';
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) throw new EmulatorError(403, 'AccessDenied', 'Access Denied: the request carries no AWS Signature Version 4 authorization');
  const [, accessKeyId, , region, service, signedHeaders, signature] = parsed as unknown as string[];
  const secretAccessKey = keys[accessKeyId!];
  if (secretAccessKey === undefined)
    throw new EmulatorError(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const amzDate = headerOf(req, 'x-amz-date') ?? '';
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signingDate.getTime()))
    throw new EmulatorError(403, 'AccessDenied', 'Access Denied: X-Amz-Date is missing or malformed');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';'))
    headers[name] = name === 'host' ? (headerOf(req, 'host') ?? headerOf(req, ':authority') ?? '') : (headerOf(req, name) ?? '');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId: accessKeyId!, secretAccessKey },
    region: region!,
    service: service!,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: headers.host!.replace(/:\d+$/, ''),
      path: rawPath(req),
      query,
      headers,
    },
    { signingDate, signableHeaders: new Set(Object.keys(headers)), unsignableHeaders: new Set() },
  );
  const computed = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? expected.headers.Authorization))?.[1];
  if (computed !== signature) {
    throw new EmulatorError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
}

/** The path exactly as sent (still percent-encoded): S3 signs it so, without encoding it again. */
function rawPath(req: EmulatorRequest): string {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  return queryAt < 0 ? target : target.slice(0, queryAt);
}
