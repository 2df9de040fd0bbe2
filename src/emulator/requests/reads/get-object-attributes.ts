import { escapeXml } from '../../../wire/multipart-xml.js';
import { crc32cToBase64 } from '../../../checksum/crc32c-combine.js';
import { checksumElementName, type StoredChecksum } from '../../checksums/checksum-algorithm.js';
import type { StoredObject } from '../../store/multipart-store.js';
import { xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf } from '../request-header.js';
import { notModified } from './read-condition.js';
import { isVersionNamed, noSuchVersion } from './version-selector.js';
import { markerOf, maxKeysOf } from '../lists/list-objects.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * GetObjectAttributes (GET ?attributes), the call the SDKs make to read a multipart object's
 * checksums: the attributes named in x-amz-object-attributes, ObjectParts paged by
 * part-number-marker and max-parts as S3 pages them.
 */
export async function getObjectAttributes(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
  const object = ctx.store.getObject(record.bucket, record.key);
  if (!isVersionNamed(ex.query, object)) throw noSuchVersion(ex.query);
  if (notModified(req, object)) return { status: 304, headers: { etag: object.etag } };
  const wanted = new Set((headerOf(req, 'x-amz-object-attributes') ?? '').split(',').map((a) => a.trim()));
  wanted.delete('');
  if (wanted.size === 0) {
    throw new EmulatorError(
      400,
      'InvalidArgument',
      'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
    );
  }
  const checksum = object.checksum ?? {
    algorithm: 'CRC32C' as const,
    type: 'FULL_OBJECT' as const,
    value: crc32cToBase64(object.blob.crc32c),
  };
  const elements = [
    wanted.has('ETag') ? `<ETag>${escapeXml(object.etag.replace(/"/g, ''))}</ETag>` : '',
    wanted.has('Checksum') ? checksumXml(checksum) : '',
    wanted.has('ObjectParts') && object.parts ? partsXml(ex, object, checksum) : '',
    wanted.has('StorageClass') ? `<StorageClass>${escapeXml(object.attributes['x-amz-storage-class'] ?? 'STANDARD')}</StorageClass>` : '',
    wanted.has('ObjectSize') ? `<ObjectSize>${object.blob.size}</ObjectSize>` : '',
  ];
  const answer = xml(
    200,
    `${HEAD}<GetObjectAttributesResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${elements.join('')}</GetObjectAttributesResponse>`,
  );
  answer.headers!['last-modified'] = object.lastModified.toUTCString();
  return answer;
}

function checksumXml(checksum: StoredChecksum): string {
  const name = checksumElementName(checksum.algorithm);
  return `<Checksum><${name}>${checksum.value}</${name}><ChecksumType>${checksum.type}</ChecksumType></Checksum>`;
}

function partsXml(ex: Exchange, object: StoredObject, checksum: StoredChecksum): string {
  const parts = object.parts ?? [];
  const marker = markerOf(headerOf(ex.req, 'x-amz-part-number-marker'), 'x-amz-part-number-marker');
  const max = maxKeysOf(headerOf(ex.req, 'x-amz-max-parts'), 'x-amz-max-parts');
  const page = parts.map((part, i) => ({ ...part, number: i + 1 })).slice(marker, marker + max);
  const name = checksumElementName(checksum.algorithm);
  const items = page
    .map(
      (p) =>
        `<Part><PartNumber>${p.number}</PartNumber><Size>${p.size}</Size>${p.checksum ? `<${name}>${p.checksum}</${name}>` : ''}</Part>`,
    )
    .join('');
  const next = page.at(-1)?.number ?? marker;
  return (
    `<ObjectParts><PartsCount>${parts.length}</PartsCount><PartNumberMarker>${marker}</PartNumberMarker>` +
    `<NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${max}</MaxParts><IsTruncated>${max > 0 && next < parts.length}</IsTruncated>${items}</ObjectParts>`
  );
}
