import { XMLParser } from 'fast-xml-parser';

/**
 * The XML of the multipart API, shared by S3 and the GCS XML API (GCS answers in the same shapes).
 * Values stay strings: an ETag such as 1e3 must not turn into a number.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name) => name === 'Part' || name === 'Upload',
  processEntities: true,
});

export interface CompletedPart {
  partNumber: number;
  etag: string;
  /** Base64 CRC32C; S3 wants it back in Complete when parts were checksummed. */
  checksumCrc32c?: string;
}

export interface ServiceErrorBody {
  code: string;
  message: string;
  requestId?: string;
}

export interface ListedPart {
  partNumber: number;
  etag: string;
  size: number;
  checksumCrc32c?: string;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`,
  );
}

export function buildCompleteXml(parts: readonly CompletedPart[]): string {
  const body = parts
    .map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag>` +
        (p.checksumCrc32c ? `<ChecksumCRC32C>${p.checksumCrc32c}</ChecksumCRC32C>` : '') +
        '</Part>',
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${body}</CompleteMultipartUpload>`;
}

/** The `<Error>` document of a failed call, or undefined if the body is not one. */
export function parseErrorXml(xml: string): ServiceErrorBody | undefined {
  const error = parseXml(xml)?.Error;
  if (!error || typeof error !== 'object') return undefined;
  return {
    code: text(error.Code) ?? 'UnknownError',
    message: text(error.Message) ?? '',
    requestId: text(error.RequestId),
  };
}

export function parseInitiateXml(xml: string): string | undefined {
  return text(parseXml(xml)?.InitiateMultipartUploadResult?.UploadId);
}

export function parseCompleteXml(xml: string): { etag?: string; checksumCrc32c?: string } | undefined {
  // moto (and S3's older documents) name the root CompleteMultipartUploadResponse.
  const root = parseXml(xml);
  const result = root?.CompleteMultipartUploadResult ?? root?.CompleteMultipartUploadResponse;
  return result === undefined ? undefined : { etag: text(result?.ETag), checksumCrc32c: text(result?.ChecksumCRC32C) };
}

export function parseListPartsXml(xml: string): { parts: ListedPart[]; truncated: boolean; nextMarker?: string } {
  const result = parseXml(xml)?.ListPartsResult ?? {};
  const parts = (result.Part ?? []).map((p: Record<string, unknown>) => ({
    partNumber: Number(text(p.PartNumber)),
    etag: text(p.ETag) ?? '',
    size: Number(text(p.Size)),
    checksumCrc32c: text(p.ChecksumCRC32C),
  }));
  return { parts, truncated: text(result.IsTruncated) === 'true', nextMarker: text(result.NextPartNumberMarker) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parseXml(xml: string): any {
  if (!xml.trimStart().startsWith('<')) return undefined;
  try {
    return parser.parse(xml);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The parts listed in a CompleteMultipartUpload request body (what the emulator reads). */
export function parseCompleteRequestXml(xml: string): CompletedPart[] | undefined {
  const root = parseXml(xml)?.CompleteMultipartUpload;
  if (root === undefined) return undefined;
  const parts = root === '' ? [] : (root.Part ?? []);
  return parts.map((p: Record<string, unknown>) => ({
    partNumber: Number(text(p.PartNumber)),
    etag: text(p.ETag) ?? '',
    checksumCrc32c: text(p.ChecksumCRC32C),
  }));
}
