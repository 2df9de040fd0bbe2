import { escapeXml } from '../../../wire/multipart-xml.js';
import type { StoredObject } from '../../store/multipart-store.js';
import type { KeyPage } from './page-keys.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
// The GCS XML API's own namespace (its documents differ from S3's only where noted below).
const GCS_NS = 'xmlns="http://doc.s3.amazonaws.com/2006-03-01"';
const OWNER = '<Owner><ID>emulator</ID><DisplayName>emulator</DisplayName></Owner>';

export interface ListingDocument {
  bucket: string;
  query: URLSearchParams;
  v2: boolean;
  gcs: boolean;
  maxKeys: number;
  page: KeyPage;
  objects: ReadonlyMap<string, StoredObject>;
  nextToken?: string;
}

/** ListBucketResult in S3's v1 or v2 shape, or GCS's (Generation and MetaGeneration per object). */
export function listObjectsXml(doc: ListingDocument): string {
  const { query, page } = doc;
  const url = query.get('encoding-type') === 'url';
  // With encoding-type=url, every key-bearing element is percent-encoded (keys may hold bytes XML cannot).
  const name = (text: string) => escapeXml(url ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const element = (tag: string, value: string | null | undefined) =>
    value === null || value === undefined ? '' : `<${tag}>${name(value)}</${tag}>`;
  const owner = !doc.v2 || query.get('fetch-owner') === 'true' ? OWNER : '';
  const contents = page.keys.map((key) => contentsXml(key, doc.objects.get(key)!, doc.gcs, owner, name(key))).join('');
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${name(p)}</Prefix></CommonPrefixes>`).join('');
  const paging = doc.v2
    ? `<KeyCount>${page.keys.length + page.commonPrefixes.length}</KeyCount>${element('ContinuationToken', query.get('continuation-token'))}` +
      `${element('NextContinuationToken', doc.nextToken)}${element('StartAfter', query.get('start-after'))}`
    : `<Marker>${name(query.get('marker') ?? '')}</Marker>${page.truncated ? element('NextMarker', page.last) : ''}`;
  return (
    `${HEAD}<ListBucketResult ${doc.gcs ? GCS_NS : S3_NS}><Name>${escapeXml(doc.bucket)}</Name><Prefix>${name(query.get('prefix') ?? '')}</Prefix>` +
    `${paging}<MaxKeys>${doc.maxKeys}</MaxKeys>${element('Delimiter', query.get('delimiter'))}${url ? '<EncodingType>url</EncodingType>' : ''}` +
    `<IsTruncated>${page.truncated}</IsTruncated>${contents}${prefixes}</ListBucketResult>`
  );
}

function contentsXml(key: string, object: StoredObject, gcs: boolean, owner: string, encodedKey: string): string {
  const generation = gcs ? `<Generation>${object.generation}</Generation><MetaGeneration>1</MetaGeneration>` : '';
  const checksum = object.checksum
    ? `<ChecksumAlgorithm>${object.checksum.algorithm}</ChecksumAlgorithm><ChecksumType>${object.checksum.type}</ChecksumType>`
    : '';
  const storageClass = object.attributes['x-amz-storage-class'] ?? object.attributes['x-goog-storage-class'] ?? 'STANDARD';
  return (
    `<Contents><Key>${encodedKey}</Key>${generation}<LastModified>${object.lastModified.toISOString()}</LastModified>` +
    `<ETag>${escapeXml(object.etag)}</ETag><Size>${object.blob.size}</Size>${checksum}<StorageClass>${escapeXml(storageClass)}</StorageClass>${owner}</Contents>`
  );
}
