import { EmulatorError } from '../../store/emulator-error.js';
import type { EmulatorRequest } from '../request-header.js';
import { MAX_SKEW_MS, amzDate, signatureMismatch, signatureOf, type AccessKeys } from './check-signature.js';

/** S3's longest presigned URL life: seven days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

/** Whether a request carries its SigV4 signature in its query (a presigned URL). */
export function isPresigned(query: URLSearchParams): boolean {
  return query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256';
}

/**
 * A presigned URL as S3 checks it: the signature over the request and the query parameters that
 * describe it, and its life (X-Amz-Date plus X-Amz-Expires) not over: "Request has expired".
 */
export async function checkPresigned(req: EmulatorRequest, query: URLSearchParams, keys: AccessKeys): Promise<void> {
  const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(query.get('X-Amz-Credential') ?? '');
  const signature = query.get('X-Amz-Signature') ?? '';
  const expires = Number(query.get('X-Amz-Expires'));
  const signingDate = amzDate(query.get('X-Amz-Date'));
  // Each once: the signature is checked with the first, and a second must not say otherwise.
  const repeated = [...new Set(query.keys())].some((name) => name.startsWith('X-Amz-') && query.getAll(name).length > 1);
  if (repeated || !credential || !/^[0-9a-f]{64}$/.test(signature) || Number.isNaN(signingDate.getTime()) || !Number.isInteger(expires)) {
    throw new EmulatorError(
      400,
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
    throw new EmulatorError(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds.',
    );
  }
  const [, accessKeyId, , region, service] = credential as unknown as string[];
  if (service !== 's3') {
    throw new EmulatorError(
      400,
      'AuthorizationQueryParametersError',
      `Error parsing the X-Amz-Credential parameter; incorrect service "${service}". This endpoint belongs to "s3".`,
    );
  }
  const secretAccessKey = keys[accessKeyId!];
  if (secretAccessKey === undefined)
    throw new EmulatorError(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (Date.now() > signingDate.getTime() + expires * 1000) throw new EmulatorError(403, 'AccessDenied', 'Request has expired');
  if (signingDate.getTime() > Date.now() + MAX_SKEW_MS) throw new EmulatorError(403, 'AccessDenied', 'Request is not yet valid');
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? 'host').split(';');
  // What the URL's signature does not cover cannot ride along: S3 refuses any x-amz-* header it did not sign.
  const unsigned = Object.keys(req.headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length > 0) {
    throw new EmulatorError(403, 'AccessDenied', `There were headers present in the request which were not signed: ${unsigned.join(', ')}`);
  }
  const signed = { accessKeyId: accessKeyId!, region: region!, service: service, signedHeaders, signature, signingDate };
  if ((await signatureOf(req, query, signed, secretAccessKey, true)) !== signature) throw signatureMismatch();
}
