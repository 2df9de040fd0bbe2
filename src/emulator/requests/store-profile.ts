/**
 * How a real store answers what the stores disagree on, so that clients can be tested against each
 * without it: the emulator acts out one profile (`partpush serve --profile NAME`), or, without one,
 * accepts every form and reports every checksum.
 */
export type ProfileName = 'aws' | 'gcs' | 'swift' | 'b2' | 'r2' | 'minio' | 'ceph';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface StoreProfile {
  /** Refuses part and PUT bodies sent `aws-chunked` (a checksum trailer). */
  refuseTrailer?: Refusal;
  /**
   * Refuses `x-amz-checksum-*` and `x-amz-sdk-checksum-algorithm` headers, at create and on parts;
   * `{header}` in the message is replaced with the name of the header refused.
   */
  refuseChecksumHeaders?: Refusal;
  /**
   * A store older than S3's whole-object checksums (December 2024) takes no notice of
   * `x-amz-checksum-type: FULL_OBJECT` at create, nor of the object's CRC32C sent with the Complete:
   * the object is checked (if at all) part by part, never as a whole. Without this, the emulator
   * holds the object to the CRC32C declared for it, as S3 does.
   */
  ignoresChecksumType?: boolean;
  /** Refuses a Complete whose body lists the parts' ChecksumCRC32C. */
  refuseCompletePartChecksums?: Refusal;
  /** Takes no notice of `x-amz-checksum-algorithm` at create, so a Complete need not list part checksums. */
  ignoresChecksumAlgorithm?: boolean;
  /** Reports the CRC32C of what arrived in part and PUT answers and on HEAD. */
  reportChecksums: boolean;
  /** What a Complete answer says of the object's CRC32C. */
  completeChecksum: 'full-object' | 'composite' | 'none';
  /** How long a Complete takes, and whether it sends its 200 and whitespace meanwhile (S3). */
  slowComplete?: { seconds: number; whitespace: boolean };
  /** Answers a Complete with an empty ETag (the object's HEAD still has one). */
  emptyCompleteEtag?: boolean;
  /** Refuses a request before reading its body: the error at once, then the connection closed (S3). */
  rejectsEarly?: boolean;
}

/** The emulator's own behaviour: every form accepted, every checksum reported. */
export const PERMISSIVE: StoreProfile = { reportChecksums: true, completeChecksum: 'full-object' };

/**
 * Each store as documented or as its users have reported it (the refusals' status, code and
 * message are the ones quoted in the issue threads).
 */
export const PROFILES: Record<ProfileName, StoreProfile> = {
  // S3: composite checksums for multipart objects, a Complete that answers 200 at once and then
  // whitespace while it assembles, a refusal sent before the body is read.
  aws: { reportChecksums: true, completeChecksum: 'composite', slowComplete: { seconds: 2, whitespace: true }, rejectsEarly: true },
  // GCS's S3-interoperable XML API: aws-chunked breaks its signature check (aws/aws-sdk-java-v2#5987);
  // part answers carry x-goog-hash; Complete reports no checksum; S3's checksum types are not
  // among the headers it knows (the object's CRC32C it keeps is its own, over the whole object).
  gcs: {
    refuseTrailer: {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
    },
    ignoresChecksumType: true,
    reportChecksums: true,
    completeChecksum: 'none',
  },
  // OpenStack Swift's s3api.
  swift: {
    refuseTrailer: {
      status: 501,
      code: 'NotImplemented',
      message: 'Transfering payloads in multiple chunks using aws-chunked is not supported.',
    },
    refuseCompletePartChecksums: {
      status: 400,
      code: 'MalformedXML',
      message: 'The XML you provided was not well-formed or did not validate against our published schema',
    },
    ignoresChecksumAlgorithm: true,
    ignoresChecksumType: true,
    reportChecksums: false,
    completeChecksum: 'none',
  },
  // Backblaze B2 (home-assistant/core#143995): each checksum header refused by name, the
  // whole-object declaration (x-amz-checksum-type) first when it is sent.
  b2: {
    refuseChecksumHeaders: {
      status: 400,
      code: 'InvalidArgument',
      message: "Unsupported header '{header}' received for this API call.",
    },
    reportChecksums: false,
    completeChecksum: 'none',
  },
  // Cloudflare R2 (amd/gaia#3029): a trailer upload answered Unauthorized.
  r2: {
    refuseTrailer: { status: 401, code: 'Unauthorized', message: 'Unauthorized' },
    reportChecksums: true,
    completeChecksum: 'none',
  },
  // MinIO (RELEASE.2023-05-18 and later): every form, composite checksums.
  minio: { reportChecksums: true, completeChecksum: 'composite' },
  // Ceph RGW 16 (Pacific, Debian 12's), as the conformance suite meets it: the unsigned trailer
  // payload is taken for a payload hash that does not match; checksum headers, the whole-object
  // declaration among them, are taken and never echoed; Complete answers an empty ETag.
  ceph: {
    refuseTrailer: { status: 400, code: 'XAmzContentSHA256Mismatch', message: '' },
    ignoresChecksumType: true,
    reportChecksums: false,
    completeChecksum: 'none',
    emptyCompleteEtag: true,
  },
};
