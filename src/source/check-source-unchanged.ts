import { stat } from 'node:fs/promises';
import { PartpushError } from '../errors.js';
import type { SourceDescriptor } from './source-descriptor.js';

/**
 * Parts were each checked against the source's size and mtime when read; a write to a part already
 * sent shows only now. Completing would publish an object that matches no version of the file.
 */
export async function checkSourceUnchanged(source: SourceDescriptor): Promise<void> {
  if (source.kind !== 'file') return;
  const now = await stat(source.path).catch(() => undefined);
  if (!now || now.size !== source.size || now.mtimeMs !== source.mtimeMs) {
    throw new PartpushError(
      'PARTPUSH_SOURCE_CHANGED',
      `${source.path} changed while it was being uploaded; nothing was completed. Upload a file that is not being written to, or a copy of it`,
    );
  }
}
