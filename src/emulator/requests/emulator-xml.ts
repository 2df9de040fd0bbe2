import { escapeXml } from '../../wire/multipart-xml.js';
import { crc32cToBase64 } from '../../checksum/crc32c-combine.js';
import type { MultipartUpload, StoredObject } from '../store/multipart-store.js';

/** The success documents the emulator answers with, in the shapes S3 and the GCS XML API use. */
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

export function initiateResultXml(bucket: string, key: string, uploadId: string): string {
  return `${HEAD}<InitiateMultipartUploadResult ${NS}><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`;
}

/** `checksum`: the object's CRC32C as the store reports it (full-object or composite), if it does. */
export function completeResultXml(location: string, bucket: string, key: string, etag: string, checksum: string | undefined): string {
  const element = checksum === undefined ? '' : `<ChecksumCRC32C>${checksum}</ChecksumCRC32C>`;
  return `${HEAD}<CompleteMultipartUploadResult ${NS}><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag>${element}</CompleteMultipartUploadResult>`;
}

export function listPartsXml(upload: MultipartUpload, marker: number, maxParts: number): string {
  const numbers = [...upload.parts.keys()].filter((n) => n > marker).sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const truncated = numbers.length > page.length;
  const parts = page
    .map((n) => {
      const part = upload.parts.get(n)!;
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${escapeXml(part.etag)}</ETag><Size>${part.blob.size}</Size><ChecksumCRC32C>${crc32cToBase64(part.blob.crc32c)}</ChecksumCRC32C></Part>`;
    })
    .join('');
  const next = page.length > 0 ? page[page.length - 1] : marker;
  return (
    `${HEAD}<ListPartsResult ${NS}><Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.id}</UploadId>` +
    `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts>` +
    `<IsTruncated>${truncated}</IsTruncated>${parts}</ListPartsResult>`
  );
}

export function listUploadsXml(bucket: string, prefix: string, uploads: readonly MultipartUpload[]): string {
  const items = uploads
    .map(
      (u) =>
        `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
    )
    .join('');
  return `${HEAD}<ListMultipartUploadsResult ${NS}><Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><IsTruncated>false</IsTruncated>${items}</ListMultipartUploadsResult>`;
}

export function listObjectsXml(bucket: string, prefix: string, objects: ReadonlyArray<[string, StoredObject]>): string {
  const items = objects
    .map(
      ([key, o]) =>
        `<Contents><Key>${escapeXml(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${escapeXml(o.etag)}</ETag><Size>${o.blob.size}</Size></Contents>`,
    )
    .join('');
  return `${HEAD}<ListBucketResult ${NS}><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${objects.length}</KeyCount><IsTruncated>false</IsTruncated>${items}</ListBucketResult>`;
}
