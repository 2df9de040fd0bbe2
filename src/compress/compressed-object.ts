import { PartpushError } from '../errors.js';
import type { ObjectAttributes } from '../target/object-attributes.js';

/** The metadata name (x-amz-meta-… / x-goog-meta-…) holding the uncompressed size in bytes. */
export const UNCOMPRESSED_SIZE_METADATA = 'partpush-uncompressed-size';
/** The metadata name holding the compression, as `zstd-seekable` plus the level: `zstd-seekable;level=1`. */
export const COMPRESSION_METADATA = 'partpush-compression';

/**
 * A compressed object's attributes: `application/zstd` unless the caller named a type, and metadata
 * a reader can use without downloading (the uncompressed size, known up front for a file or a
 * buffer; a stream's is not, as metadata is fixed when the upload is created, before the bytes).
 */
export function compressedObjectAttributes(
  attributes: ObjectAttributes,
  level: number,
  uncompressedSize: number | undefined,
): ObjectAttributes {
  return {
    ...attributes,
    contentType: attributes.contentType ?? 'application/zstd',
    metadata: {
      ...attributes.metadata,
      [COMPRESSION_METADATA]: `zstd-seekable;level=${level}`,
      ...(uncompressedSize === undefined ? {} : { [UNCOMPRESSED_SIZE_METADATA]: String(uncompressedSize) }),
    },
  };
}

/**
 * A compressed upload writes its own two metadata names; the caller's metadata must not hold
 * either (in any case), or one of the two values would silently replace the other.
 */
export function refuseCompressionMetadata(metadata: Record<string, string> | undefined): void {
  const own = [UNCOMPRESSED_SIZE_METADATA, COMPRESSION_METADATA];
  const taken = Object.keys(metadata ?? {}).find((name) => own.includes(name.toLowerCase()));
  if (taken !== undefined) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `metadata name "${taken}" is written by --compress itself (${own.join(', ')}: how a reader finds the size and the format); choose another name`,
      { option: 'metadata' },
    );
  }
}
