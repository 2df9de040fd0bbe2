import { describe, expect, it } from 'vitest';
import { readListPage } from '../../../src/wire/list-page-xml.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const contents = (key: string, size: number, etag: string) =>
  `<Contents><Key>${key}</Key><LastModified>2026-12-06T00:00:00.000Z</LastModified><ETag>${etag}</ETag><Size>${size}</Size>` +
  `<Owner><ID>x</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>`;

describe('a ListBucketResult page', () => {
  it('reads each object with its key exactly as sent: entities, CDATA, spaces at either end', () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult ${NS}><Name>b</Name><Prefix></Prefix><KeyCount>3</KeyCount>` +
      `<IsTruncated>false</IsTruncated>${contents('a&amp;b &lt;c&gt; &#x1F600;', 1, '&quot;e1&quot;')}` +
      `${contents('<![CDATA[ x/../y ]]>', 1024, '"1e3"')}${contents('  spaced  ', 0, '"e-2"')}</ListBucketResult>`;
    expect(readListPage(xml)).toEqual({
      objects: [
        { key: 'a&b <c> \u{1f600}', size: 1, etag: '"e1"' },
        { key: ' x/../y ', size: 1024, etag: '"1e3"' },
        { key: '  spaced  ', size: 0, etag: '"e-2"' },
      ],
    });
  });

  it('continues with the continuation token, else after the NextMarker, else after the last key', () => {
    const page = (paging: string) =>
      `<ListBucketResult ${NS}><IsTruncated>true</IsTruncated>${paging}${contents('k1', 5, '"a"')}${contents('k2', 6, '"b"')}</ListBucketResult>`;
    expect(readListPage(page('<NextContinuationToken>tok==</NextContinuationToken>'))?.next).toEqual({ token: 'tok==' });
    expect(readListPage(page('<NextMarker>k1</NextMarker>'))?.next).toEqual({ startAfter: 'k1' });
    expect(readListPage(page(''))?.next).toEqual({ startAfter: 'k2' });
  });

  it('does not take a nested element for a top-level one', () => {
    const xml = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size><ETag>"e"</ETag><Owner><Key>not this</Key></Owner></Contents></ListBucketResult>`;
    expect(readListPage(xml)).toEqual({ objects: [{ key: 'k', size: 1, etag: '"e"' }] });
  });

  it('reads elements with a namespace prefix as S3 names them', () => {
    const xml = `<s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:IsTruncated>false</s3:IsTruncated><s3:Contents><s3:Key>k</s3:Key><s3:Size>7</s3:Size><s3:ETag>"e"</s3:ETag></s3:Contents></s3:ListBucketResult>`;
    expect(readListPage(xml)).toEqual({ objects: [{ key: 'k', size: 7, etag: '"e"' }] });
  });

  it('decodes keys and NextMarker of a page that says it is URL-encoded, as botocore does: `+` a space, `%2B` a plus', () => {
    const xml =
      `<ListBucketResult ${NS}><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextMarker>next%0D+key</NextMarker>` +
      `${contents('a+b', 1, '"1"')}${contents('a%2Bb', 1, '"2"')}${contents('ctl%01%0D%0A.txt', 1, '"3"')}${contents('100%25%2541', 1, '"4"')}` +
      `${contents('%E6%97%A5/x', 1, '"5"')}</ListBucketResult>`;
    expect(readListPage(xml)).toEqual({
      objects: [
        { key: 'a b', size: 1, etag: '"1"' },
        { key: 'a+b', size: 1, etag: '"2"' },
        { key: 'ctl\x01\r\n.txt', size: 1, etag: '"3"' },
        { key: '100%%41', size: 1, etag: '"4"' },
        { key: '日/x', size: 1, etag: '"5"' },
      ],
      next: { startAfter: 'next\r key' },
    });
  });

  it('keeps the keys of a page that does not say it is encoded (a store that ignored encoding-type=url)', () => {
    const xml = `<ListBucketResult ${NS}><IsTruncated>false</IsTruncated>${contents('a+b %41', 1, '"1"')}</ListBucketResult>`;
    expect(readListPage(xml)?.objects).toEqual([{ key: 'a+b %41', size: 1, etag: '"1"' }]);
  });

  it('answers undefined for an encoded page whose escape does not decode', () => {
    const xml = `<ListBucketResult ${NS}><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>${contents('bad%E6%97', 1, '"1"')}</ListBucketResult>`;
    expect(readListPage(xml)).toBeUndefined();
  });

  it('answers undefined for another document or XML that is not well-formed', () => {
    expect(readListPage('<Error><Code>AccessDenied</Code></Error>')).toBeUndefined();
    expect(readListPage(`<ListBucketResult><Contents><Key>k</Contents></ListBucketResult>`)).toBeUndefined();
    expect(readListPage('<html>502 Bad Gateway')).toBeUndefined();
    expect(readListPage('')).toBeUndefined();
  });
});
