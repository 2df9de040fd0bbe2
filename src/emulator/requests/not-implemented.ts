/**
 * S3's subresources this emulator does not keep (ACLs, tags, holds, bucket settings, versions):
 * a request for one is refused, never taken for a request on the object or bucket itself (a
 * PutObjectTagging stored its XML as the object's bytes; a DeleteBucketCors deleted the bucket).
 */
const UNKEPT_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataConfiguration',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
];

/**
 * What any request may carry besides what it asks: the SDKs' `x-id`, V2 signed URLs' parameters
 * (S3's and GCS's); `x-amz-*` and `x-goog-*` names (V4 signed URLs' parameters and headers hoisted
 * into them) are taken too (knownQuery).
 */
const ANY_REQUEST_QUERY = ['x-id', 'AWSAccessKeyId', 'GoogleAccessId', 'Expires', 'Signature'];

/** What a bucket's GET may ask: a listing's parameters, or its location. */
const BUCKET_READ_QUERY = new Set([
  ...ANY_REQUEST_QUERY,
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'marker',
  'uploads',
  'key-marker',
  'upload-id-marker',
  'max-uploads',
  'location',
]);

/**
 * What a write (PUT, POST, DELETE) may ask: what the multipart API, versions and DeleteObjects
 * name. Anything else asks for something this emulator does not do (GCS's resumable `upload_id`,
 * a subresource S3 adds later), and a write must not guess.
 */
const WRITE_QUERY = new Set([...ANY_REQUEST_QUERY, 'uploadId', 'partNumber', 'uploads', 'delete', 'versionId', 'generation']);

/**
 * Headers that ask a write for what this emulator does not keep (tags, ACLs, object lock, keys of
 * the caller's or KMS's, website redirects, appends): refused rather than dropped, which would
 * report success for a request not carried out (an object "locked" that a DELETE then removes).
 */
const UNKEPT_HEADERS = [
  /^x-amz-tagging$/,
  /^x-amz-acl$/,
  /^x-amz-grant-/,
  /^x-amz-object-lock-/,
  /^x-amz-server-side-encryption-(customer-|aws-kms-|context$|bucket-key)/,
  /^x-amz-website-redirect-location$/,
  /^x-amz-write-offset-bytes$/,
  /^x-goog-acl$/,
  /^x-goog-encryption-/,
  /^x-goog-content-length-range$/,
];

/** What a request asks that the emulator does not do, in words for its NotImplemented; undefined if nothing. */
export function notImplemented(
  method: string,
  query: URLSearchParams,
  header: (name: string) => string | undefined,
  headerNames: readonly string[] = [],
  bucketRead = false,
): string | undefined {
  const unkeptHeader = headerNames.find((name) => UNKEPT_HEADERS.some((form) => form.test(name)));
  if (unkeptHeader) return `the ${unkeptHeader} header asks for what this emulator does not keep; nothing was changed`;
  // SSE-S3 (AES256) is what S3 does to every object; KMS is not kept.
  const encryption = header('x-amz-server-side-encryption');
  if (encryption !== undefined && encryption !== 'AES256')
    return `x-amz-server-side-encryption: ${encryption} is not kept by this emulator; nothing was changed`;
  const subresource = UNKEPT_SUBRESOURCES.find((name) => query.has(name));
  if (subresource) return `the ${subresource} subresource (${method} ?${subresource}) is not kept by this emulator; nothing was changed`;
  // A bucket read that is no listing (GCS's ?billing, ?storageClass; a setting added later) must not answer as one.
  const write = method === 'PUT' || method === 'POST' || method === 'DELETE';
  const unknown = bucketRead ? unknownQuery(query, BUCKET_READ_QUERY) : write ? unknownQuery(query, WRITE_QUERY) : undefined;
  if (unknown !== undefined)
    return `the query parameter "${unknown}" on a ${method} is not understood by this emulator; nothing was changed`;
  // A presigned copy may carry its source in the query (a header hoisted there).
  const copySource = ['x-amz-copy-source', 'x-goog-copy-source'].some((name) => header(name) !== undefined || query.has(name));
  if (method === 'PUT' && copySource) {
    return 'copies (CopyObject, UploadPartCopy) are not made by this emulator; nothing was changed: download and upload instead';
  }
  return undefined;
}

/** The first query name neither `known` nor an `x-amz-*` / `x-goog-*` one. */
function unknownQuery(query: URLSearchParams, known: ReadonlySet<string>): string | undefined {
  return [...query.keys()].find((name) => !known.has(name) && !/^x-(amz|goog)-/i.test(name));
}
