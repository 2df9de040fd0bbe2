import { PartpushError } from '../errors.js';

const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
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
    return new PartpushError('PARTPUSH_NETWORK_ERROR',
      `${context}: the server's TLS certificate is not trusted (${code}); pass its CA with --ca FILE (or the ca option)`,
      { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  return new PartpushError('PARTPUSH_NETWORK_ERROR', `${context}: ${code ? `${code}: ` : ''}${detail}`,
    { ...fields, causeCode: code, retryable: true }, { cause: error });
}
