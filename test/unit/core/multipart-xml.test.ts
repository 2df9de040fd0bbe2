import { describe, expect, it } from 'vitest';
import {
  buildCompleteXml,
  parseCompleteRequestXml,
  parseCompleteXml,
  parseErrorXml,
  parseInitiateXml,
  parseListPartsXml,
} from '../../../src/wire/multipart-xml.js';

describe('multipart XML', () => {
  it('builds Complete with escaped ETags in the given order, and reads it back', () => {
    const xml = buildCompleteXml([
      { partNumber: 1, etag: '"a1"' },
      { partNumber: 2, etag: '"b<2>"', checksumCrc32c: '4waSgw==' },
    ]);
    expect(xml).toContain('<Part><PartNumber>1</PartNumber><ETag>&quot;a1&quot;</ETag></Part>');
    expect(xml).toContain('<ChecksumCRC32C>4waSgw==</ChecksumCRC32C>');
    expect(parseCompleteRequestXml(xml)).toEqual([
      { partNumber: 1, etag: '"a1"', checksumCrc32c: undefined },
      { partNumber: 2, etag: '"b<2>"', checksumCrc32c: '4waSgw==' },
    ]);
  });

  it('reads the upload id of an initiate answer (S3 namespace included)', () => {
    expect(
      parseInitiateXml(
        '<?xml version="1.0"?><InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>',
      ),
    ).toBe('VXBsb2FkIElE');
    expect(parseInitiateXml('not xml')).toBeUndefined();
  });

  it('accepts the older CompleteMultipartUploadResponse root that moto sends', () => {
    expect(
      parseCompleteXml(
        '<?xml version="1.0" encoding="utf-8"?>\n<CompleteMultipartUploadResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Location>x</Location><Bucket>b</Bucket><Key>k</Key><ETag>"abc-3"</ETag></CompleteMultipartUploadResponse>',
      ),
    ).toEqual({ etag: '"abc-3"', checksumCrc32c: undefined });
  });

  it('keeps numeric-looking ETags as strings', () => {
    expect(parseCompleteXml('<CompleteMultipartUploadResult><ETag>1e3</ETag></CompleteMultipartUploadResult>')).toEqual({
      etag: '1e3',
      checksumCrc32c: undefined,
    });
  });

  it('recognises an <Error> document, including one sent with 200', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>656c76696e6727732072657175657374</RequestId></Error>';
    expect(parseErrorXml(body)).toEqual({
      code: 'InternalError',
      message: 'We encountered an internal error. Please try again.',
      requestId: '656c76696e6727732072657175657374',
    });
    expect(parseErrorXml('<CompleteMultipartUploadResult/>')).toBeUndefined();
    expect(parseErrorXml('')).toBeUndefined();
  });

  it('lists parts, none, one or many', () => {
    const one = parseListPartsXml(
      '<ListPartsResult><IsTruncated>true</IsTruncated><NextPartNumberMarker>1</NextPartNumberMarker><Part><PartNumber>1</PartNumber><ETag>"e"</ETag><Size>5242880</Size></Part></ListPartsResult>',
    );
    expect(one).toEqual({
      parts: [{ partNumber: 1, etag: '"e"', size: 5242880, checksumCrc32c: undefined }],
      truncated: true,
      nextMarker: '1',
    });
    const two = parseListPartsXml(
      '<ListPartsResult><Part><PartNumber>1</PartNumber><ETag>"a"</ETag><Size>1</Size></Part><Part><PartNumber>2</PartNumber><ETag>"b"</ETag><Size>2</Size><ChecksumCRC32C>4waSgw==</ChecksumCRC32C></Part></ListPartsResult>',
    );
    expect(two?.parts.map((p) => [p.partNumber, p.checksumCrc32c])).toEqual([
      [1, undefined],
      [2, '4waSgw=='],
    ]);
    expect(parseListPartsXml('<ListPartsResult></ListPartsResult>')?.parts).toEqual([]);
  });

  it("reads moto's ListPartsResponse, and no other document as an empty list", () => {
    const moto = parseListPartsXml(
      '<ListPartsResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber><ETag>"m"</ETag><Size>3</Size></Part></ListPartsResponse>',
    );
    expect(moto?.parts.map((p) => p.etag)).toEqual(['"m"']);
    expect(parseListPartsXml('<Error><Code>InternalError</Code></Error>')).toBeUndefined();
    expect(parseListPartsXml('<html>502</html>')).toBeUndefined();
  });
});
