import { child, children, parseXml, text } from '../../../wire/multipart-xml.js';
import { CHECKSUM_ALGORITHMS, checksumElementName } from '../../checksums/checksum-algorithm.js';
import type { RequestedPart } from '../../store/multipart-store.js';

/** The parts a CompleteMultipartUpload body lists, with a checksum in any algorithm beside each; undefined when it is not one. */
export function parseCompleteBody(xml: string): RequestedPart[] | undefined {
  const root = child(parseXml(xml), 'CompleteMultipartUpload');
  if (root === undefined) return undefined;
  return children(root, 'Part').map((p) => {
    const checksums: RequestedPart['checksums'] = {};
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = text(p[checksumElementName(algorithm)]);
      if (value !== undefined) checksums[algorithm] = value;
    }
    return { partNumber: Number(text(p.PartNumber)), etag: text(p.ETag) ?? '', checksums };
  });
}
