import { stat } from 'node:fs/promises';
import { PartpushError } from '../errors.js';
import { identityChange, identityOf } from './file-identity.js';
import type { SourceDescriptor } from './source-descriptor.js';

/**
 * Parts were each checked against the source's identity when read; a write to a part already sent
 * shows only now. Completing would publish an object that matches no version of the file.
 */
export async function checkSourceUnchanged(source: SourceDescriptor): Promise<void> {
  if (source.kind !== 'file') return;
  const now = await stat(source.path).catch(() => undefined);
  const change = now ? identityChange(source, identityOf(now)) : 'it can no longer be read';
  if (change) {
    throw new PartpushError(
      'PARTPUSH_SOURCE_CHANGED',
      `${source.path} changed while it was being uploaded (${change}); nothing was completed. Upload a file that is not being written to, or a copy of it`,
    );
  }
}
