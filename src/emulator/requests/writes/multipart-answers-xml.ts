import { escapeXml } from '../../../wire/multipart-xml.js';
import { checksumElementName, type StoredChecksum } from '../../checksums/checksum-algorithm.js';

/** The success documents of initiate and Complete, in the shape S3 and the GCS XML API share. */
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

export function initiateResultXml(bucket: string, key: string, uploadId: string, checksum?: Omit<StoredChecksum, 'value'>): string {
  const elements = checksum
    ? `<ChecksumAlgorithm>${checksum.algorithm}</ChecksumAlgorithm><ChecksumType>${checksum.type}</ChecksumType>`
    : '';
  return `${HEAD}<InitiateMultipartUploadResult ${NS}><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId>${elements}</InitiateMultipartUploadResult>`;
}

/** `checksum`: the object's checksum as the store reports it (the type only for an upload that chose an algorithm). */
export function completeResultXml(
  location: string,
  bucket: string,
  key: string,
  etag: string,
  checksum: (Omit<StoredChecksum, 'type'> & { type?: StoredChecksum['type'] }) | undefined,
): string {
  const element =
    checksum === undefined
      ? ''
      : `<${checksumElementName(checksum.algorithm)}>${checksum.value}</${checksumElementName(checksum.algorithm)}>`;
  const type = checksum?.type === undefined ? '' : `<ChecksumType>${checksum.type}</ChecksumType>`;
  return `${HEAD}<CompleteMultipartUploadResult ${NS}><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag>${element}${type}</CompleteMultipartUploadResult>`;
}
