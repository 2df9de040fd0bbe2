import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';

let parser: XMLParser | undefined;

/**
 * The XML of the multipart API, shared by S3 and the GCS XML API (GCS answers in the same shapes).
 * Values stay strings: an ETag such as 1e3 must not turn into a number. Loaded on the first answer
 * to parse, from the package's one-file CommonJS build: its ES module build is 55 files, 76 ms to
 * load against 16, in every thread that imports this (a worker that only sends parts never parses).
 */
function xmlParser(): XMLParser {
  if (!parser) {
    const library = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    parser = new library.XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      removeNSPrefix: true,
      isArray: (name) => name === 'Part' || name === 'Upload',
      processEntities: true,
    });
  }
  return parser;
}

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

/** Text as XML carries it; a CR as a character reference, which XML parsers do not turn into LF as they do a raw CR. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"'\r]/g,
    (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos', '\r': '#13' } as Record<string, string>)[c]};`,
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
  const error = child(parseXml(xml), 'Error');
  if (!error) return undefined;
  return {
    code: text(error.Code) ?? 'UnknownError',
    message: text(error.Message) ?? '',
    requestId: text(error.RequestId),
  };
}

export function parseInitiateXml(xml: string): string | undefined {
  return text(child(parseXml(xml), 'InitiateMultipartUploadResult')?.UploadId);
}

export function parseCompleteXml(xml: string): { etag?: string; checksumCrc32c?: string } | undefined {
  // moto (and S3's older documents) name the root CompleteMultipartUploadResponse.
  const root = parseXml(xml);
  const result = child(root, 'CompleteMultipartUploadResult') ?? child(root, 'CompleteMultipartUploadResponse');
  return result === undefined ? undefined : { etag: text(result.ETag), checksumCrc32c: text(result.ChecksumCRC32C) };
}

/** A ListParts page; undefined when the document is none (an empty list read from it would say no part is stored). */
export function parseListPartsXml(xml: string): { parts: ListedPart[]; truncated: boolean; nextMarker?: string } | undefined {
  // moto names the root ListPartsResponse.
  const root = parseXml(xml);
  const result = child(root, 'ListPartsResult') ?? child(root, 'ListPartsResponse');
  if (result === undefined) return undefined;
  const parts = children(result, 'Part').map((p) => ({
    partNumber: Number(text(p.PartNumber)),
    etag: text(p.ETag) ?? '',
    size: Number(text(p.Size)),
    checksumCrc32c: text(p.ChecksumCRC32C),
  }));
  return { parts, truncated: text(result.IsTruncated) === 'true', nextMarker: text(result.NextPartNumberMarker) };
}

/** An element as fast-xml-parser gives it: child elements by name (repeated ones as arrays, see isArray). */
export type XmlNode = Record<string, unknown>;

export function parseXml(xml: string): XmlNode | undefined {
  if (!xml.trimStart().startsWith('<')) return undefined;
  try {
    const parsed: unknown = xmlParser().parse(xml);
    return isNode(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child element `name`, if it is an element (an empty one parses as ''). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  if (value === '') return {};
  return isNode(value) ? value : undefined;
}

/** Every child element `name`, in order. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isNode);
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The parts listed in a CompleteMultipartUpload request body (what the emulator reads). */
export function parseCompleteRequestXml(xml: string): CompletedPart[] | undefined {
  const root = child(parseXml(xml), 'CompleteMultipartUpload');
  if (root === undefined) return undefined;
  return children(root, 'Part').map((p) => ({
    partNumber: Number(text(p.PartNumber)),
    etag: text(p.ETag) ?? '',
    checksumCrc32c: text(p.ChecksumCRC32C),
  }));
}
