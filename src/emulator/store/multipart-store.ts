import { createHash, randomBytes } from 'node:crypto';
import { sameEtag } from '../../wire/multipart-requests.js';
import { MAX_PARTS } from '../../core/plan-parts.js';
import { bucketNameProblem } from '../../target/bucket-name.js';
import type { Blob, BlobStorage } from './blob-storage.js';
import { EmulatorError } from './emulator-error.js';
import type { ChecksumAlgorithm, ChecksumType, StoredChecksum } from '../checksums/checksum-algorithm.js';
import { checkPartChecksum } from './check-part-checksum.js';
import { byUtf8 } from '../../core/key-order.js';

export interface StoredObject {
  blob: Blob;
  etag: string;
  /** The attribute headers it was written with (content-type, cache-control, metadata, storage class). */
  attributes: Record<string, string>;
  /** GCS's generation: a new number each time the key is written. */
  generation: number;
  lastModified: Date;
  /** The checksum the client chose (S3's flexible checksums), as GET and HEAD return it with checksum mode. */
  checksum?: StoredChecksum;
  /** A multipart object's parts, for GET ?partNumber= and GetObjectAttributes; none for a single PUT. */
  parts?: ObjectPart[];
  /** A single PUT's MD5 (GCS reports it in x-goog-hash; a composed object has none). */
  md5?: Buffer;
}

export interface ObjectPart {
  size: number;
  /** Base64, in the upload's checksum algorithm, when it declared one. */
  checksum?: string;
}

/** A part named in a Complete request: number, ETag and the checksums listed with it. */
export interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/** A write's precondition (If-None-Match, x-goog-if-generation-match): throws 412 when it fails on the current object. */
export type WriteCondition = (current: StoredObject | undefined) => void;

export interface StoredPart {
  blob: Blob;
  etag: string;
  /** The part's MD5, which its ETag is and the object's ETag is made of; none from a store that keeps no bytes. */
  md5?: Buffer;
  lastModified: Date;
  /** Base64 digests computed as the part arrived, by algorithm (CRC32C is the blob's own). */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export interface MultipartUpload {
  id: string;
  bucket: string;
  key: string;
  /** Given at initiate; the object gets them at Complete. */
  attributes: Record<string, string>;
  initiated: Date;
  /** Declared at initiation (S3's x-amz-checksum-algorithm); Complete must then carry part checksums. */
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Declared at initiation (x-amz-checksum-type), or the algorithm's default. */
  checksumType?: ChecksumType;
  parts: Map<number, StoredPart>;
  /** The blobs a Complete has chosen and is reading (its seal): a part sent again meanwhile must not remove them. */
  sealing?: Set<Blob>;
}

/**
 * Buckets, objects and multipart uploads with the rules of real S3 and GCS: the checks a client
 * gets wrong (part order, ETags, minimum part size, unknown uploads) fail here as they would there.
 */
export class MultipartStore {
  readonly #buckets = new Map<string, Map<string, StoredObject>>();
  readonly #created = new Map<string, Date>();
  readonly #uploads = new Map<string, MultipartUpload>();
  /** A Complete under way, by upload: a second one (a client's retry) waits for it (see complete). */
  readonly #completing = new WeakMap<MultipartUpload, Promise<StoredObject>>();
  /** Each bucket's keys in S3's order, kept until a key is added or removed: a listing page must not sort the bucket. */
  readonly #sortedKeys = new WeakMap<Map<string, StoredObject>, readonly string[]>();
  #generation = 0;

  constructor(
    readonly storage: BlobStorage,
    readonly minPartSize: number,
    buckets: readonly string[] = [],
  ) {
    for (const bucket of buckets) this.createBucket(bucket);
  }

  createBucket(name: string): void {
    const problem = bucketNameProblem(name);
    if (problem) throw new EmulatorError(400, 'InvalidBucketName', `The specified bucket is not valid: "${name}" ${problem}`);
    if (!this.#buckets.has(name)) {
      this.#buckets.set(name, new Map());
      this.#created.set(name, new Date());
    }
  }

  /** Deletes an empty bucket (S3's 409 BucketNotEmpty otherwise); its unfinished uploads go with it. */
  async deleteBucket(name: string): Promise<void> {
    if (this.objects(name).size > 0) throw new EmulatorError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
    for (const upload of this.listUploads(name)) await this.abort(upload);
    this.#buckets.delete(name);
    this.#created.delete(name);
  }

  /** Every bucket with its creation date, by name (ListBuckets). */
  buckets(): Array<{ name: string; created: Date }> {
    return [...this.#created].map(([name, created]) => ({ name, created })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  objects(bucket: string): Map<string, StoredObject> {
    const objects = this.#buckets.get(bucket);
    if (!objects) throw new EmulatorError(404, 'NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
    return objects;
  }

  /** The bucket's keys by their UTF-8 bytes, as S3 lists them. */
  sortedKeys(bucket: string): readonly string[] {
    const objects = this.objects(bucket);
    let sorted = this.#sortedKeys.get(objects);
    if (!sorted) {
      sorted = [...objects.keys()].sort(byUtf8);
      this.#sortedKeys.set(objects, sorted);
    }
    return sorted;
  }

  getObject(bucket: string, key: string): StoredObject {
    const object = this.objects(bucket).get(key);
    if (!object) throw new EmulatorError(404, 'NoSuchKey', `The specified key does not exist: ${key}`);
    return object;
  }

  async putObject(
    bucket: string,
    key: string,
    blob: Blob,
    attributes: Record<string, string>,
    condition: WriteCondition,
    checksum?: StoredChecksum,
    md5?: Buffer,
  ): Promise<StoredObject> {
    const objects = this.objects(bucket);
    const object = {
      blob,
      etag: bodyEtag(blob, md5),
      md5,
      attributes,
      generation: this.#nextGeneration(),
      lastModified: new Date(),
      checksum,
    };
    try {
      this.#replace(objects, key, object, condition);
    } catch (error) {
      await blob.remove();
      throw error;
    }
    return object;
  }

  /** Deletes a key (a missing one too, as S3 answers 204 for it); `condition` may refuse with 412. */
  async deleteObject(bucket: string, key: string, condition: WriteCondition = () => undefined): Promise<void> {
    const objects = this.objects(bucket);
    condition(objects.get(key));
    await objects.get(key)?.blob.remove();
    if (objects.delete(key)) this.#sortedKeys.delete(objects);
  }

  initiate(
    bucket: string,
    key: string,
    attributes: Record<string, string>,
    checksum?: { algorithm: ChecksumAlgorithm; type: ChecksumType },
  ): MultipartUpload {
    this.objects(bucket);
    const upload: MultipartUpload = {
      id: randomBytes(16).toString('base64url'),
      bucket,
      key,
      attributes,
      initiated: new Date(),
      checksumAlgorithm: checksum?.algorithm,
      checksumType: checksum?.type,
      parts: new Map(),
    };
    this.#uploads.set(upload.id, upload);
    return upload;
  }

  upload(bucket: string, key: string, uploadId: string): MultipartUpload {
    this.objects(bucket);
    const upload = this.#uploads.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      throw new EmulatorError(
        404,
        'NoSuchUpload',
        'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      );
    }
    return upload;
  }

  static checkPartNumber(text: string | null): number {
    // Digits only: Number() would also take 0x10, 1e1, +2 and " 1" (part 16, 10, 2 and 1).
    const partNumber = text !== null && /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw new EmulatorError(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive (got ${text})`);
    }
    return partNumber;
  }

  /** Stores a part; a part number sent again replaces the earlier bytes (as S3 does). */
  async putPart(
    upload: MultipartUpload,
    partNumber: number,
    blob: Blob,
    checksums: Partial<Record<ChecksumAlgorithm, string>> = {},
    md5?: Buffer,
  ): Promise<StoredPart> {
    if (this.#uploads.get(upload.id) !== upload) {
      await blob.remove();
      throw new EmulatorError(404, 'NoSuchUpload', 'The multipart upload was aborted or completed while this part was being sent.');
    }
    const part = { blob, etag: bodyEtag(blob, md5), md5, lastModified: new Date(), checksums };
    const replaced = upload.parts.get(partNumber);
    upload.parts.set(partNumber, part);
    // A Complete reading the replaced part keeps it: it consumes it, or removes it if it fails.
    if (replaced && !upload.sealing?.has(replaced.blob)) await replaced.blob.remove();
    return part;
  }

  /**
   * `seal` gives the object's checksum from the chosen parts while they can still be read, and
   * may refuse (BadDigest) before anything is consumed. One Complete of an upload at a time: a
   * second, sent while the first reads and joins the parts (a retry of a slow one), gets the first's
   * object, as a Complete retried after success gets it at S3; if the first was refused, it tries.
   */
  async complete(
    upload: MultipartUpload,
    requested: readonly RequestedPart[],
    condition: WriteCondition,
    seal: (parts: readonly StoredPart[]) => Promise<StoredChecksum | undefined> = async () => undefined,
  ): Promise<StoredObject> {
    const running = this.#completing.get(upload);
    if (running) {
      const first = await running.catch(() => undefined);
      if (first) return first;
      if (this.#uploads.get(upload.id) !== upload) throw new EmulatorError(404, 'NoSuchUpload', 'The specified upload does not exist.');
    }
    const attempt = this.#completeOnce(upload, requested, condition, seal);
    this.#completing.set(upload, attempt);
    try {
      return await attempt;
    } finally {
      if (this.#completing.get(upload) === attempt) this.#completing.delete(upload);
    }
  }

  async #completeOnce(
    upload: MultipartUpload,
    requested: readonly RequestedPart[],
    condition: WriteCondition,
    seal: (parts: readonly StoredPart[]) => Promise<StoredChecksum | undefined>,
  ): Promise<StoredObject> {
    // Checked first, as the stores do (nothing is consumed by a refused Complete), and again as the
    // object replaces the old one: another writer may have won meanwhile.
    condition(this.objects(upload.bucket).get(upload.key));
    if (requested.length === 0) {
      throw new EmulatorError(
        400,
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema: no parts.',
      );
    }
    const chosen: StoredPart[] = [];
    let previous = 0;
    for (const [index, item] of requested.entries()) {
      if (item.partNumber <= previous) {
        throw new EmulatorError(
          400,
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
        );
      }
      previous = item.partNumber;
      const part = upload.parts.get(item.partNumber);
      if (!part || !sameEtag(part.etag, item.etag)) {
        throw new EmulatorError(
          400,
          'InvalidPart',
          `One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag (part ${item.partNumber}).`,
        );
      }
      if (index < requested.length - 1 && part.blob.size < this.minPartSize) {
        throw new EmulatorError(
          400,
          'EntityTooSmall',
          `Your proposed upload is smaller than the minimum allowed size: part ${item.partNumber} is ${part.blob.size} bytes, the minimum is ${this.minPartSize}.`,
        );
      }
      checkPartChecksum(upload.checksumAlgorithm, item, part);
      chosen.push(part);
    }
    upload.sealing = new Set(chosen.map((p) => p.blob));
    let checksum: StoredChecksum | undefined;
    try {
      checksum = await seal(chosen);
    } catch (error) {
      // Refused (BadDigest): the upload goes on; chosen parts sent again meanwhile are gone from it.
      const current = new Set([...upload.parts.values()].map((p) => p.blob));
      await Promise.all(chosen.filter((p) => !current.has(p.blob)).map((p) => p.blob.remove()));
      throw error;
    } finally {
      upload.sealing = undefined;
    }
    this.#uploads.delete(upload.id);
    // Parts uploaded but not named in Complete are dropped, as S3 does.
    const named = new Set(chosen);
    await Promise.all([...upload.parts.values()].filter((p) => !named.has(p)).map((p) => p.blob.remove()));
    const blob = await this.storage.concat(chosen.map((p) => p.blob));
    const object = {
      blob,
      etag: multipartEtag(chosen, blob),
      attributes: upload.attributes,
      generation: this.#nextGeneration(),
      lastModified: new Date(),
      parts: chosen.map((p) => ({ size: p.blob.size, checksum: upload.checksumAlgorithm && p.checksums[upload.checksumAlgorithm] })),
      checksum,
    };
    try {
      this.#replace(this.objects(upload.bucket), upload.key, object, condition);
    } catch (error) {
      await blob.remove();
      throw error;
    }
    return object;
  }

  /**
   * The condition and the write in one synchronous step, so that two writers racing for a key with
   * If-None-Match cannot both pass the check: exactly one wins, as at the stores.
   */
  #replace(objects: Map<string, StoredObject>, key: string, object: StoredObject, condition: WriteCondition): void {
    const old = objects.get(key);
    condition(old);
    objects.set(key, object);
    if (!old) this.#sortedKeys.delete(objects);
    old?.blob.remove().catch(() => undefined);
  }

  #nextGeneration(): number {
    // Microseconds, as GCS's generations are, kept increasing when two writes share a millisecond.
    this.#generation = Math.max(this.#generation + 1, Date.now() * 1000);
    return this.#generation;
  }

  async abort(upload: MultipartUpload): Promise<void> {
    this.#uploads.delete(upload.id);
    await Promise.all([...upload.parts.values()].map((p) => p.blob.remove()));
  }

  listUploads(bucket: string, prefix = ''): MultipartUpload[] {
    this.objects(bucket);
    return [...this.#uploads.values()]
      .filter((u) => u.bucket === bucket && u.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated.getTime() - b.initiated.getTime()));
  }

  /** Every multipart upload not yet completed or aborted, across buckets. */
  get pendingUploads(): number {
    return this.#uploads.size;
  }
}

/**
 * A single PUT's or a part's ETag: its MD5 in hex, as S3 and GCS give it (rclone, s3cmd and the
 * Java SDK compare it with their own MD5). A store that keeps no bytes (`--discard`, for
 * benchmarks) computes none, and makes one of the CRC32C and the size.
 */
function bodyEtag(blob: Blob, md5: Buffer | undefined): string {
  return md5 ? `"${md5.toString('hex')}"` : `"${hex8(blob.crc32c)}${blob.size.toString(16).padStart(12, '0')}"`;
}

/** S3's multipart ETag: the MD5 of the parts' MD5s, then `-` and the part count. */
function multipartEtag(parts: readonly StoredPart[], blob: Blob): string {
  const digests = parts.map((p) => p.md5);
  if (digests.some((d) => d === undefined)) return `"${hex8(blob.crc32c)}-${parts.length}"`;
  const md5 = createHash('md5');
  for (const digest of digests) md5.update(digest!);
  return `"${md5.digest('hex')}-${parts.length}"`;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
