import { firstLine } from '../core/first-line.js';
import { PartpushError } from '../errors.js';

/** The certificate's issuer is not trusted: the fix is its CA. */
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * Turns whatever a socket, TLS or undici threw into a PartpushError that says where it happened.
 * A PartpushError passes through unchanged.
 */
export function toPartpushError(error: unknown, context: string, fields: { partNumber?: number } = {}): PartpushError {
  if (error instanceof PartpushError) return error;
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err?.code ?? err?.cause?.code;
  const detail = err?.message ?? String(error);
  if (err?.name === 'AbortError' || code === 'ABORT_ERR') {
    return new PartpushError('PARTPUSH_ABORTED', `${context}: cancelled`, { ...fields, causeCode: code });
  }
  if (code && TLS_TRUST_CODES.has(code)) {
    return new PartpushError(
      'PARTPUSH_NETWORK_ERROR',
      `${context}: the server's TLS certificate is not trusted (${code}); pass its CA with --ca FILE (or the ca option)`,
      { ...fields, causeCode: code, retryable: false },
      { cause: error },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // A trusted certificate for another name: a CA would not help, the name would.
    const tlsError = (err.cause?.code === code ? err.cause : err) as NodeJS.ErrnoException & {
      host?: string;
      cert?: { subjectaltname?: string };
    };
    const names = tlsError.cert?.subjectaltname ?? 'other names';
    return new PartpushError(
      'PARTPUSH_NETWORK_ERROR',
      `${context}: the server's certificate is for ${names}, not ${tlsError.host ?? 'the host in the endpoint'}; ` +
        'use an endpoint with a name the certificate lists, or give the server a certificate for this name',
      { ...fields, causeCode: code, retryable: false },
      { cause: error },
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new PartpushError(
      'PARTPUSH_NETWORK_ERROR',
      `${context}: the server's TLS certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (${code}); check the server's certificate and this machine's clock`,
      { ...fields, causeCode: code, retryable: false },
      { cause: error },
    );
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // undici refused to build the request (a header value with a character HTTP forbids): the
    // same request would be refused again, so it fails at once rather than after every retry.
    return new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `${context}: the request could not be built (undici: ${firstLine(detail)}); most likely a header value holds a character HTTP cannot carry (a line break, a control character)`,
      { ...fields, causeCode: code, retryable: false },
      { cause: error },
    );
  }
  return new PartpushError(
    'PARTPUSH_NETWORK_ERROR',
    `${context}: ${code ? `${code}: ` : ''}${firstLine(detail)}`,
    { ...fields, causeCode: code, retryable: true },
    { cause: error },
  );
}
