/** `partpush/seekable`: reading the seek table of a seekable zstd object, apart from the upload entry. */
export { readSeekTable, type RangeReader, type SeekableFrame, type SeekableSource, type SeekTable } from './read-seek-table.js';
export { PartpushError, type ErrorCode } from '../errors.js';
