import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/** The keys an emulator started with `keys` accepts: access key id to secret. */
export type AccessKeys = Record<string, string>;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** S3 refuses a request signed more than 15 minutes from its own clock, either way. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** What a signature covers, from the Authorization header or a presigned URL's query. */
export interface Signed {
  accessKeyId: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  signingDate: Date;
}

/**
 * Checks a request's SigV4 signature against the keys the emulator was started with, as S3 does:
 * the canonical request rebuilt from the method, path, query and the headers the client said it
 * signed (with their values as they arrived), the payload hash as declared in
 * x-amz-content-sha256, signed again with the key's secret and compared; the date within 15
 * minutes of now. Refusals carry S3's codes. The declared payload hash itself is checked against
 * the body where the body is read (payload-digest.ts, chunk-signatures.ts), with what this returns.
 */
export async function checkSignature(
  req: EmulatorRequest,
  query: URLSearchParams,
  keys: AccessKeys,
): Promise<{ signed: Signed; secretAccessKey: string }> {
  const signed = signedBy(headerOf(req, 'authorization') ?? '', headerOf(req, 'x-amz-date'));
  const secretAccessKey = keys[signed.accessKeyId];
  if (secretAccessKey === undefined)
    throw new EmulatorError(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const skew = Math.abs(Date.now() - signed.signingDate.getTime());
  if (skew > MAX_SKEW_MS) {
    throw new EmulatorError(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      {},
      {
        RequestTime: headerOf(req, 'x-amz-date') ?? '',
        ServerTime: new Date().toISOString(),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    );
  }
  const computed = await signatureOf(req, query, signed, secretAccessKey, false);
  if (computed !== signed.signature) throw signatureMismatch();
  return { signed, secretAccessKey };
}

function signedBy(authorization: string, date: string | undefined): Signed {
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) throw new EmulatorError(403, 'AccessDenied', 'Access Denied: the request carries no AWS Signature Version 4 authorization');
  const [, accessKeyId, , region, service, signedHeaders, signature] = parsed as unknown as string[];
  if (service !== 's3') {
    throw new EmulatorError(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "s3".`,
    );
  }
  const signingDate = amzDate(date);
  if (Number.isNaN(signingDate.getTime()))
    throw new EmulatorError(403, 'AccessDenied', 'Access Denied: X-Amz-Date is missing or malformed');
  return {
    accessKeyId: accessKeyId!,
    region: region!,
    service: service,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
    signingDate,
  };
}

/** The signature this request should carry, signed again with the key's secret (`presigned`: in its query). */
export async function signatureOf(
  req: EmulatorRequest,
  query: URLSearchParams,
  signed: Signed,
  secretAccessKey: string,
  presigned: boolean,
): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  for (const name of signed.signedHeaders)
    headers[name] = name === 'host' ? (headerOf(req, 'host') ?? headerOf(req, ':authority') ?? '') : (headerOf(req, name) ?? '');
  // Every pair, a repeated name's values all signed (S3 sorts them): keeping one would let a pair
  // put before the signed one (which the handlers read, `query.get`) pass unsigned.
  const params: Record<string, string[]> = {};
  for (const [key, value] of query) if (!presigned || !PRESIGN_PARAMS.has(key)) (params[key] ??= []).push(value);
  const signer = new SignatureV4({
    credentials: { accessKeyId: signed.accessKeyId, secretAccessKey },
    region: signed.region,
    service: signed.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });
  const request = {
    method: req.method ?? 'GET',
    protocol: 'http:',
    hostname: headers.host!.replace(/:\d+$/, ''),
    path: rawPath(req),
    query: params,
    headers,
  };
  const options = { signingDate: signed.signingDate, signableHeaders: new Set(Object.keys(headers)), unsignableHeaders: new Set<string>() };
  if (presigned) {
    const expires = Number(query.get('X-Amz-Expires'));
    // A presigned URL's canonical request ends in UNSIGNED-PAYLOAD, as S3 defines query-string
    // authentication (the signer cannot know the body): declared to the signer as the payload
    // hash, neither signed as a header nor moved into the query.
    const unsigned = { ...request, headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    const url = await signer.presign(unsigned, {
      ...options,
      expiresIn: expires,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set([...Object.keys(headers), 'x-amz-content-sha256']),
    });
    return url.query?.['X-Amz-Signature'] as string | undefined;
  }
  const expected = await signer.sign(request, options);
  return /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? expected.headers.Authorization))?.[1];
}

/** The query parameters a presigned URL carries its signature in (the signer adds them again). */
const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
]);

export function signatureMismatch(): EmulatorError {
  return new EmulatorError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

/** X-Amz-Date's basic ISO 8601 (20261205T140000Z); an invalid Date when malformed. */
export function amzDate(text: string | null | undefined): Date {
  return new Date((text ?? '').replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** The path exactly as sent (still percent-encoded): S3 signs it so, without encoding it again. */
function rawPath(req: EmulatorRequest): string {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  return queryAt < 0 ? target : target.slice(0, queryAt);
}
