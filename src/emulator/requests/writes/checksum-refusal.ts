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

/** The checksum headers a refusing store names, in the order it names them. */
const CHECKSUM_HEADERS_NAMED_FIRST = ['x-amz-checksum-type', 'x-amz-sdk-checksum-algorithm', 'x-amz-checksum-algorithm'];

/** Stores that refuse checksum headers refuse them whatever the algorithm, naming the header (B2). */
export function refuseChecksumHeaders(profile: StoreProfile, req: EmulatorRequest): void {
  const refusal = profile.refuseChecksumHeaders;
  if (!refusal) return;
  const names = Object.keys(req.headers);
  const refused =
    CHECKSUM_HEADERS_NAMED_FIRST.find((name) => names.includes(name)) ??
    names.find((name) => name.startsWith('x-amz-checksum-') || name === 'x-amz-trailer');
  if (refused) throw new EmulatorError(refusal.status, refusal.code, refusal.message.replace('{header}', refused));
}
