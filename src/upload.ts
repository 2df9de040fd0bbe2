import { createUploader } from './create-uploader.js';
import type { UploadOptions } from './options.js';
import type { SourceInput } from './source/resolve-source.js';
import type { UploadResult } from './object-upload/upload-object.js';

/**
 * Uploads one file or buffer and releases everything it started. For several uploads, keep one
 * createUploader() instead: its workers and sessions stay warm.
 */
export async function upload(source: SourceInput, destination: string, options: UploadOptions = {}): Promise<UploadResult> {
  const uploader = createUploader(options);
  try {
    return await uploader.upload(source, destination);
  } finally {
    await uploader.close();
  }
}
