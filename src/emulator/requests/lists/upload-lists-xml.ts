import { escapeXml } from '../../../wire/multipart-xml.js';
import { crc32cToBase64 } from '../../../checksum/crc32c-combine.js';
import { checksumElementName } from '../../checksums/checksum-algorithm.js';
import type { MultipartUpload } from '../../store/multipart-store.js';

/** ListParts and ListMultipartUploads documents, in the shape S3 and the GCS XML API share. */
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

export function listPartsXml(upload: MultipartUpload, marker: number, maxParts: number): string {
  const numbers = [...upload.parts.keys()].filter((n) => n > marker).sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  // max-parts=0 asks for none, and a page that asks for none has nothing to continue (as max-keys=0).
  const truncated = maxParts > 0 && numbers.length > page.length;
  const algorithm = upload.checksumAlgorithm;
  const parts = page
    .map((n) => {
      const part = upload.parts.get(n)!;
      const own = algorithm && algorithm !== 'CRC32C' && part.checksums[algorithm];
      const checksum = own ? `<${checksumElementName(algorithm)}>${own}</${checksumElementName(algorithm)}>` : '';
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${escapeXml(part.etag)}</ETag><Size>${part.blob.size}</Size><ChecksumCRC32C>${crc32cToBase64(part.blob.crc32c)}</ChecksumCRC32C>${checksum}</Part>`;
    })
    .join('');
  const next = page.length > 0 ? page[page.length - 1] : marker;
  const declared = algorithm
    ? `<ChecksumAlgorithm>${algorithm}</ChecksumAlgorithm><ChecksumType>${upload.checksumType ?? 'COMPOSITE'}</ChecksumType>`
    : '';
  return (
    `${HEAD}<ListPartsResult ${NS}><Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.id}</UploadId>` +
    `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts>` +
    `<IsTruncated>${truncated}</IsTruncated>${declared}${parts}</ListPartsResult>`
  );
}

export interface UploadPage {
  bucket: string;
  prefix: string;
  delimiter: string;
  /** Keys rolled up at the delimiter, each listed once. */
  commonPrefixes: readonly string[];
  keyMarker: string;
  uploadIdMarker: string;
  maxUploads: number;
  uploads: readonly MultipartUpload[];
  truncated: boolean;
}

export function listUploadsXml(page: UploadPage): string {
  const items = page.uploads
    .map(
      (u) =>
        `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated>${u.checksumAlgorithm ? `<ChecksumAlgorithm>${u.checksumAlgorithm}</ChecksumAlgorithm>` : ''}</Upload>`,
    )
    .join('');
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${escapeXml(p)}</Prefix></CommonPrefixes>`).join('');
  // The page ends at its last upload or its last rolled-up prefix, whichever sorts later.
  const last = page.uploads.at(-1);
  const lastPrefix = page.commonPrefixes.at(-1);
  const next = !page.truncated
    ? ''
    : lastPrefix !== undefined && (!last || lastPrefix > last.key)
      ? `<NextKeyMarker>${escapeXml(lastPrefix)}</NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>`
      : last
        ? `<NextKeyMarker>${escapeXml(last.key)}</NextKeyMarker><NextUploadIdMarker>${last.id}</NextUploadIdMarker>`
        : '';
  const delimiter = page.delimiter === '' ? '' : `<Delimiter>${escapeXml(page.delimiter)}</Delimiter>`;
  return (
    `${HEAD}<ListMultipartUploadsResult ${NS}><Bucket>${escapeXml(page.bucket)}</Bucket><KeyMarker>${escapeXml(page.keyMarker)}</KeyMarker>` +
    `<UploadIdMarker>${escapeXml(page.uploadIdMarker)}</UploadIdMarker>${next}<Prefix>${escapeXml(page.prefix)}</Prefix>${delimiter}` +
    `<MaxUploads>${page.maxUploads}</MaxUploads><IsTruncated>${page.truncated}</IsTruncated>${items}${prefixes}</ListMultipartUploadsResult>`
  );
}
