import { EmulatorError } from '../../store/emulator-error.js';
import type { StoreProfile } from '../store-profile.js';
import type { EmulatorRequest } from '../request-header.js';
import { isAwsChunked } from './receive-body.js';

/** A profile's refusal of the checksum forms a part or PUT arrives in (aws-chunked, checksum headers). */
export function refuseChecksumForms(profile: StoreProfile, req: EmulatorRequest): void {
  const trailer = profile.refuseTrailer;
  if (trailer && isAwsChunked(req)) throw new EmulatorError(trailer.status, trailer.code, trailer.message);
  refuseChecksumHeaders(profile, req);
}

/** Stores that refuse checksum headers refuse them whatever the algorithm (B2's words name the SDK's header). */
export function refuseChecksumHeaders(profile: StoreProfile, req: EmulatorRequest): void {
  const refusal = profile.refuseChecksumHeaders;
  const named = Object.keys(req.headers).some(
    (name) => name.startsWith('x-amz-checksum-') || name === 'x-amz-sdk-checksum-algorithm' || name === 'x-amz-trailer',
  );
  if (refusal && named) throw new EmulatorError(refusal.status, refusal.code, refusal.message);
}
