/** What a request asks of the store, from its method, query and whether it names a bucket and a key. */
export type Action =
  | 'list-buckets'
  | 'create-bucket'
  | 'head-bucket'
  | 'bucket-location'
  | 'delete-bucket'
  | 'list-uploads'
  | 'list-objects'
  | 'delete-objects'
  | 'initiate'
  | 'part'
  | 'complete'
  | 'abort'
  | 'list-parts'
  | 'put-object'
  | 'get-object'
  | 'head-object'
  | 'object-attributes'
  | 'delete-object'
  | 'unsupported';

export function classifyRequest(method: string, query: URLSearchParams, hasBucket: boolean, hasKey: boolean): Action {
  if (!hasBucket) return method === 'GET' ? 'list-buckets' : 'unsupported';
  return hasKey ? objectAction(method, query) : bucketAction(method, query);
}

function bucketAction(method: string, query: URLSearchParams): Action {
  switch (method) {
    case 'PUT':
      return 'create-bucket';
    case 'HEAD':
      return 'head-bucket';
    case 'DELETE':
      return 'delete-bucket';
    case 'GET':
      return query.has('uploads') ? 'list-uploads' : query.has('location') ? 'bucket-location' : 'list-objects';
    case 'POST':
      return query.has('delete') ? 'delete-objects' : 'unsupported';
    default:
      return 'unsupported';
  }
}

function objectAction(method: string, query: URLSearchParams): Action {
  const hasUploadId = query.has('uploadId');
  switch (method) {
    case 'POST':
      return query.has('uploads') ? 'initiate' : hasUploadId ? 'complete' : 'unsupported';
    case 'PUT':
      return hasUploadId ? 'part' : 'put-object';
    case 'DELETE':
      return hasUploadId ? 'abort' : 'delete-object';
    case 'GET':
      return hasUploadId ? 'list-parts' : query.has('attributes') ? 'object-attributes' : 'get-object';
    case 'HEAD':
      return 'head-object';
    default:
      return 'unsupported';
  }
}

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
 * The query a write (PUT, POST, DELETE) may carry here: what the multipart API, versions and
 * DeleteObjects name, the SDKs' `x-id`, V2 signed URLs' parameters (S3's and GCS's), and any
 * `x-amz-*` / `x-goog-*` (V4 signed URLs' parameters and headers hoisted into them). Anything else asks for something this emulator does not do
 * (GCS's resumable `upload_id`, a subresource S3 adds later), and a write must not guess.
 */
/** What a bucket's GET may ask besides a listing's own parameters: its location, the SDKs' `x-id`, signed URLs' parameters. */
const BUCKET_READ_QUERY = new Set([
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
  'x-id',
  'AWSAccessKeyId',
  'GoogleAccessId',
  'Expires',
  'Signature',
]);

const WRITE_QUERY = new Set([
  'uploadId',
  'partNumber',
  'uploads',
  'delete',
  'versionId',
  'generation',
  'x-id',
  'AWSAccessKeyId',
  'GoogleAccessId',
  'Expires',
  'Signature',
]);

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
  if (bucketRead) {
    const unknown = [...query.keys()].find((name) => !BUCKET_READ_QUERY.has(name) && !/^x-(amz|goog)-/i.test(name));
    if (unknown !== undefined) return `the query parameter "${unknown}" on a bucket's GET is not understood by this emulator`;
  }
  if (method === 'PUT' || method === 'POST' || method === 'DELETE') {
    const unknown = [...query.keys()].find((name) => !WRITE_QUERY.has(name) && !/^x-(amz|goog)-/i.test(name));
    if (unknown !== undefined)
      return `the query parameter "${unknown}" on a ${method} is not understood by this emulator; nothing was changed`;
  }
  // A presigned copy may carry its source in the query (a header hoisted there).
  const copySource = ['x-amz-copy-source', 'x-goog-copy-source'].some((name) => header(name) !== undefined || query.has(name));
  if (method === 'PUT' && copySource) {
    return 'copies (CopyObject, UploadPartCopy) are not made by this emulator; nothing was changed: download and upload instead';
  }
  return undefined;
}
