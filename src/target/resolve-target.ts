import { redactUrlCredentials } from '../core/redact.js';
import { PartpushError } from '../errors.js';
import type { Destination } from './destination.js';

export type Dialect = 'gcs' | 's3';

/** Where the object lives on the wire: everything a request needs except auth and the query. */
export interface Target {
  dialect: Dialect;
  /** `https://host:port`, no path. */
  origin: string;
  /** Encoded path of the object, e.g. `/bucket/dir/my%20file` (path-style) or `/dir/my%20file`. */
  objectPath: string;
  /** Encoded path of the bucket, for bucket-level calls such as ListMultipartUploads. */
  bucketPath: string;
  /** SigV4 region; unused by GCS. */
  region: string;
}

export interface TargetOptions {
  endpoint?: string;
  region?: string;
  env?: NodeJS.ProcessEnv;
}

const GCS_ENDPOINT = 'https://storage.googleapis.com';

/**
 * Resolves the endpoint as users of gcloud and the AWS CLI expect: an explicit endpoint first, then
 * `STORAGE_EMULATOR_HOST` (gs://) or `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` (s3://), then the
 * public service. Custom endpoints use path-style addressing (emulators, MinIO, proxies); AWS itself
 * uses virtual-hosted style unless the bucket name has a dot (its wildcard certificate would not
 * match `a.b.s3.amazonaws.com`).
 */
export function resolveTarget(destination: Destination, options: TargetOptions = {}): Target {
  const env = options.env ?? process.env;
  const [region, from] = regionOf(options.region, env);
  if (destination.scheme === 's3') checkRegion(region, from);
  const encodedKey = encodeObjectKey(destination.key);
  const bucket = encodeURIComponent(destination.bucket);
  if (destination.scheme === 'gs') {
    const emulatorHost = env.STORAGE_EMULATOR_HOST;
    const endpoint = options.endpoint ?? (emulatorHost ? withScheme(emulatorHost) : GCS_ENDPOINT);
    const { origin, basePath } = parseEndpoint(endpoint);
    return pathStyle('gcs', origin, basePath, bucket, encodedKey, region);
  }
  const custom = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (custom) {
    const { origin, basePath } = parseEndpoint(custom);
    return pathStyle('s3', origin, basePath, bucket, encodedKey, region);
  }
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `${from} ${JSON.stringify(region)} is not an AWS region name (lower-case letters, digits and -, e.g. eu-west-1): AWS S3's host is named after it; give the bucket's region, or --endpoint for another store`,
    );
  }
  const awsHost = `s3.${region}.amazonaws.com`;
  if (destination.bucket.includes('.')) {
    return pathStyle('s3', `https://${awsHost}`, '', bucket, encodedKey, region);
  }
  return {
    dialect: 's3',
    origin: `https://${destination.bucket}.${awsHost}`,
    objectPath: `/${encodedKey}`,
    bucketPath: '/',
    region,
  };
}

/**
 * The SigV4 region and where it came from: its credential scope is `date/region/service`, so for
 * s3:// a region with a `/`, a space or a control character, which can only fail every signature
 * check, is refused before any request (checkRegion).
 */
function regionOf(given: string | undefined, env: NodeJS.ProcessEnv): [region: string, from: string] {
  if (given !== undefined) return [given, 'region (--region)'];
  if (env.AWS_REGION) return [env.AWS_REGION, 'AWS_REGION'];
  if (env.AWS_DEFAULT_REGION) return [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'];
  return ['us-east-1', 'the default region'];
}

function checkRegion(region: string, from: string): void {
  if (region === '' || /[\s/\p{Cc}]/u.test(region)) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `${from} ${JSON.stringify(region)} cannot be a SigV4 region (empty, or with a space, / or control character): give the store's region, e.g. us-east-1`,
    );
  }
}

/**
 * Encodes each path segment of a key per RFC 3986 (what SigV4's canonical URI expects for S3, which
 * does not double-encode): unreserved characters stay, `/` separates segments, everything else,
 * `+`, `?`, `#`, spaces and non-ASCII included, is percent-encoded as UTF-8.
 */
export function encodeObjectKey(key: string): string {
  return key.split('/').map(encodeRfc3986).join('/');
}

function encodeRfc3986(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function pathStyle(dialect: Dialect, origin: string, basePath: string, bucket: string, encodedKey: string, region: string): Target {
  return { dialect, origin, objectPath: `${basePath}/${bucket}/${encodedKey}`, bucketPath: `${basePath}/${bucket}`, region };
}

function withScheme(host: string): string {
  return /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
}

function parseEndpoint(given: string): { origin: string; basePath: string } {
  const endpoint = redactUrlCredentials(given);
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `endpoint "${endpoint}" is not a URL; expected e.g. https://storage.example.com or http://127.0.0.1:9000`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `endpoint "${endpoint}" must start with http:// or https://`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `endpoint "${endpoint}" must not carry a query, fragment or credentials`);
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}
