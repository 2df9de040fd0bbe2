import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  MAX_PARTS,
  MIN_PART_SIZE,
  STORAGE_CLASSES,
  bucketNameProblem,
  child,
  children,
  compositeChecksum,
  crc32c,
  crc32cCombine,
  crc32cFromGoogHash,
  crc32cToBase64,
  escapeXml,
  parseFlags,
  parseSize,
  parseXml,
  sameEtag,
  text
} from "./chunk-NJW5JJN7.js";
import {
  PartpushError,
  SERVE_HELP,
  UsageError
} from "./chunk-TGZ723NW.js";

// dist/src/cli/serve-command.js
import { mkdirSync, mkdtempSync, rmdirSync } from "node:fs";
import { join as join3 } from "node:path";

// dist/src/emulator/requests/store-profile.js
var PERMISSIVE = { reportChecksums: true, completeChecksum: "full-object" };
var PROFILES = {
  // S3: composite checksums for multipart objects, a Complete that answers 200 at once and then
  // whitespace while it assembles, a refusal sent before the body is read.
  aws: { reportChecksums: true, completeChecksum: "composite", slowComplete: { seconds: 2, whitespace: true }, rejectsEarly: true },
  // GCS's S3-interoperable XML API: aws-chunked breaks its signature check (aws/aws-sdk-java-v2#5987);
  // part answers carry x-goog-hash; Complete reports no checksum; S3's checksum types are not
  // among the headers it knows (the object's CRC32C it keeps is its own, over the whole object).
  gcs: {
    refuseTrailer: {
      status: 403,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method."
    },
    ignoresChecksumType: true,
    reportChecksums: true,
    completeChecksum: "none"
  },
  // OpenStack Swift's s3api.
  swift: {
    refuseTrailer: {
      status: 501,
      code: "NotImplemented",
      message: "Transfering payloads in multiple chunks using aws-chunked is not supported."
    },
    refuseCompletePartChecksums: {
      status: 400,
      code: "MalformedXML",
      message: "The XML you provided was not well-formed or did not validate against our published schema"
    },
    ignoresChecksumAlgorithm: true,
    ignoresChecksumType: true,
    reportChecksums: false,
    completeChecksum: "none"
  },
  // Backblaze B2 (home-assistant/core#143995): each checksum header refused by name, the
  // whole-object declaration (x-amz-checksum-type) first when it is sent.
  b2: {
    refuseChecksumHeaders: {
      status: 400,
      code: "InvalidArgument",
      message: "Unsupported header '{header}' received for this API call."
    },
    reportChecksums: false,
    completeChecksum: "none"
  },
  // Cloudflare R2 (amd/gaia#3029): a trailer upload answered Unauthorized.
  r2: {
    refuseTrailer: { status: 401, code: "Unauthorized", message: "Unauthorized" },
    reportChecksums: true,
    completeChecksum: "none"
  },
  // MinIO (RELEASE.2023-05-18 and later): every form, composite checksums.
  minio: { reportChecksums: true, completeChecksum: "composite" },
  // Ceph RGW 16 (Pacific, Debian 12's), as the conformance suite meets it: the unsigned trailer
  // payload is taken for a payload hash that does not match; checksum headers, the whole-object
  // declaration among them, are taken and never echoed; Complete answers an empty ETag.
  ceph: {
    refuseTrailer: { status: 400, code: "XAmzContentSHA256Mismatch", message: "" },
    ignoresChecksumType: true,
    reportChecksums: false,
    completeChecksum: "none",
    emptyCompleteEtag: true
  }
};

// dist/src/emulator/start-emulator.js
import { createServer as createHttpServer } from "node:http";
import { createSecureServer, createServer as createH2cServer } from "node:http2";

// dist/src/emulator/store/blob-storage.js
import { createReadStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
function createBlobStorage(spec) {
  if (spec === "memory")
    return memoryStorage;
  if (spec === "discard")
    return discardStorage;
  return dirStorage(spec.dir);
}
function crcOf(blobs) {
  let crc = 0;
  for (const blob of blobs)
    crc = crc32cCombine(crc, blob.crc32c, blob.size);
  return crc;
}
var SLAB_SIZE = 8 * 1024 * 1024;
var FIRST_SLAB_SIZE = 64 * 1024;
var memoryStorage = {
  kind: "memory",
  createWriter() {
    const slabs = [];
    let slab;
    let used = 0;
    let size = 0;
    let crc = 0;
    return {
      write(chunk) {
        size += chunk.length;
        crc = crc32c(chunk, crc);
        for (let copied = 0; copied < chunk.length; ) {
          if (!slab || used === slab.length) {
            if (slab)
              slabs.push(slab);
            slab = Buffer.allocUnsafeSlow(Math.min(SLAB_SIZE, Math.max(FIRST_SLAB_SIZE, size - chunk.length + copied)));
            used = 0;
          }
          const n = chunk.copy(slab, used, copied);
          used += n;
          copied += n;
        }
      },
      finish: async () => {
        if (slab && used > 0)
          slabs.push(used === slab.length ? slab : Buffer.from(slab.subarray(0, used)));
        slab = void 0;
        return memoryBlob(slabs, size, crc);
      },
      discard: async () => {
        slabs.length = 0;
        slab = void 0;
      }
    };
  },
  async concat(blobs) {
    const chunks = [];
    for (const blob of blobs)
      for await (const chunk of blob.read())
        chunks.push(chunk);
    return memoryBlob(chunks, blobs.reduce((n, b) => n + b.size, 0), crcOf(blobs));
  },
  close: async () => {
  }
};
function memoryBlob(chunks, size, crc) {
  return {
    size,
    crc32c: crc,
    corrupt() {
      const first = chunks.find((c) => c.length > 0);
      if (!first)
        return;
      first[0] ^= 255;
      this.crc32c = chunks.reduce((c, chunk) => crc32c(chunk, c), 0);
    },
    async *read(start = 0, end = size) {
      let at = 0;
      for (const chunk of chunks) {
        const from = Math.max(start - at, 0);
        const to = Math.min(end - at, chunk.length);
        if (to > from)
          yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
        at += chunk.length;
        if (at >= end)
          return;
      }
    },
    remove: async () => {
      chunks.length = 0;
    }
  };
}
var discardStorage = {
  kind: "discard",
  createWriter() {
    let size = 0;
    let crc = 0;
    return {
      write(chunk) {
        size += chunk.length;
        crc = crc32c(chunk, crc);
      },
      finish: async () => discardedBlob(size, crc),
      discard: async () => {
      }
    };
  },
  concat: async (blobs) => discardedBlob(blobs.reduce((n, b) => n + b.size, 0), crcOf(blobs)),
  close: async () => {
  }
};
async function* emptyRead() {
}
function discardedBlob(size, crc) {
  return {
    size,
    crc32c: crc,
    corrupt() {
      this.crc32c ^= 1;
    },
    async *read() {
      throw new Error("this emulator runs with --discard: object bytes were not kept");
    },
    remove: async () => {
    }
  };
}
function storedFile(path, size, crc, removeFile) {
  return {
    size,
    crc32c: crc,
    corrupt() {
      this.crc32c ^= 1;
    },
    // the file keeps its bytes; the store's checksum no longer matches
    // createReadStream's `end` is inclusive; an empty range reads nothing rather than one byte.
    read: (start = 0, end = size) => end > start ? createReadStream(path, { start, end: end - 1 }) : emptyRead(),
    remove: () => removeFile(path)
  };
}
function dirStorage(dir) {
  const ready = mkdir(dir, { recursive: true });
  const files = /* @__PURE__ */ new Set();
  const newPath = () => {
    const path = join(dir, `${randomUUID()}.blob`);
    files.add(path);
    return path;
  };
  const removeFile = async (path) => {
    await rm(path, { force: true });
    files.delete(path);
  };
  const fileBlob = (path, size, crc) => storedFile(path, size, crc, removeFile);
  return {
    kind: "dir",
    createWriter() {
      const path = newPath();
      let handle2;
      let pending = [];
      let buffered = 0;
      let size = 0;
      let crc = 0;
      const file = () => handle2 ??= ready.then(() => open(path, "w"));
      const flush = async () => {
        if (buffered === 0)
          return;
        const chunks = pending;
        pending = [];
        buffered = 0;
        await (await file()).writev(chunks);
      };
      return {
        async write(chunk) {
          crc = crc32c(chunk, crc);
          pending.push(chunk);
          buffered += chunk.length;
          size += chunk.length;
          if (buffered >= SLAB_SIZE)
            await flush();
        },
        async finish() {
          await flush();
          await (await file()).close();
          return fileBlob(path, size, crc);
        },
        async discard() {
          if (handle2)
            await (await handle2).close();
          await removeFile(path);
        }
      };
    },
    async concat(blobs) {
      await ready;
      const path = newPath();
      const out = await open(path, "w");
      let position = 0;
      try {
        for (const blob of blobs) {
          for await (const chunk of blob.read()) {
            await out.write(chunk, 0, chunk.length, position);
            position += chunk.length;
          }
          await blob.remove();
        }
      } finally {
        await out.close();
      }
      return fileBlob(path, position, crcOf(blobs));
    },
    async close() {
      await Promise.all([...files].map(removeFile));
    }
  };
}

// dist/src/emulator/requests/connection-tracker.js
var ConnectionTracker = class {
  #byHandle = /* @__PURE__ */ new WeakMap();
  connections = [];
  enter(req) {
    const isH2 = req.httpVersionMajor === 2;
    const handle2 = isH2 ? req.stream.session : req.socket;
    let stats = this.#byHandle.get(handle2);
    if (!stats) {
      stats = { id: this.connections.length + 1, protocol: isH2 ? "h2" : "h1", requests: 0, inFlight: 0, maxInFlight: 0 };
      this.#byHandle.set(handle2, stats);
      this.connections.push(stats);
    }
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return stats;
  }
  leave(stats) {
    stats.inFlight--;
  }
};

// dist/src/emulator/requests/handle-request.js
import { createHash as createHash4, randomBytes as randomBytes2 } from "node:crypto";

// dist/src/emulator/store/emulator-error.js
var EmulatorError = class extends Error {
  status;
  code;
  headers;
  details;
  constructor(status, code, message, headers = {}, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.details = details;
  }
  toXml(requestId) {
    const message = this.message === "" ? "" : `<Message>${escapeXml(this.message)}</Message>`;
    const details = Object.entries(this.details).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join("");
    return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${this.code}</Code>${message}${details}<RequestId>${requestId}</RequestId></Error>`;
  }
};

// dist/src/emulator/requests/answer.js
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
function xml(status, body) {
  return { status, headers: { "content-type": "application/xml" }, body };
}
function send(res, status, headers, body) {
  if (res.destroyed)
    return;
  if (res.headersSent) {
    if (!res.writableEnded)
      res.end(typeof body === "string" ? body : "");
    return;
  }
  if (body === void 0 || typeof body === "string") {
    const bytes = body ?? "";
    if (!("content-length" in headers))
      headers["content-length"] = String(Buffer.byteLength(bytes));
    res.writeHead(status, headers);
    res.end(bytes);
    return;
  }
  res.writeHead(status, headers);
  pipeline(Readable.from(body()), res).catch(() => res.destroy());
}
var MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
async function readText(req, payload) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES)
      throw new EmulatorError(400, "MaxMessageLengthExceeded", "Your request was too big.");
    payload?.update(chunk);
    chunks.push(chunk);
  }
  payload?.check();
  return Buffer.concat(chunks).toString("utf8");
}
async function drain(req) {
  if (req.readableEnded || req.destroyed)
    return;
  try {
    for await (const _ of req) {
    }
  } catch {
  }
}

// dist/src/emulator/requests/classify-request.js
function classifyRequest(method, query, hasBucket, hasKey) {
  if (!hasBucket)
    return method === "GET" ? "list-buckets" : "unsupported";
  return hasKey ? objectAction(method, query) : bucketAction(method, query);
}
function bucketAction(method, query) {
  switch (method) {
    case "PUT":
      return "create-bucket";
    case "HEAD":
      return "head-bucket";
    case "DELETE":
      return "delete-bucket";
    case "GET":
      return query.has("uploads") ? "list-uploads" : "list-objects";
    case "POST":
      return query.has("delete") ? "delete-objects" : "unsupported";
    default:
      return "unsupported";
  }
}
function objectAction(method, query) {
  const hasUploadId = query.has("uploadId");
  switch (method) {
    case "POST":
      return query.has("uploads") ? "initiate" : hasUploadId ? "complete" : "unsupported";
    case "PUT":
      return hasUploadId ? "part" : "put-object";
    case "DELETE":
      return hasUploadId ? "abort" : "delete-object";
    case "GET":
      return hasUploadId ? "list-parts" : query.has("attributes") ? "object-attributes" : "get-object";
    case "HEAD":
      return "head-object";
    default:
      return "unsupported";
  }
}

// dist/src/emulator/requests/faults/act-out-fault.js
import http2 from "node:http2";
function isBodyFault(fault) {
  return fault?.kind === "reset" || fault?.kind === "stall" || fault?.kind === "goaway";
}
var InjectedHangup = class extends Error {
};
async function actOut(req, fault) {
  const h2 = req.httpVersionMajor === 2 ? req.stream : void 0;
  if (fault.kind === "stall") {
    req.pause();
    if (!req.destroyed)
      await new Promise((resolve) => req.once("close", resolve));
  } else if (fault.kind === "goaway" && h2) {
    h2.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, 0);
    if (!req.destroyed)
      await new Promise((resolve) => req.once("close", resolve));
  } else if (h2) {
    h2.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  } else {
    req.socket.destroy();
  }
  throw new InjectedHangup(fault.kind);
}
function faultError(fault) {
  const headers = fault.retryAfterSeconds !== void 0 ? { "retry-after": String(fault.retryAfterSeconds) } : {};
  return new EmulatorError(fault.status, fault.code, fault.message ?? `injected fault: ${fault.code}`, headers);
}

// dist/src/emulator/requests/parse-target.js
function parseTarget(requestTarget) {
  const target = requestTarget.startsWith("/") ? requestTarget : requestTarget.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
  const queryAt = target.indexOf("?");
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : target.slice(queryAt + 1));
  const slash = path.indexOf("/", 1);
  const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const rawKey = slash < 0 ? "" : path.slice(slash + 1);
  return { bucket: decodeOnce(rawBucket), key: decodeOnce(rawKey), hasKey: rawKey !== "", query };
}
function decodeOnce(text2) {
  try {
    return decodeURIComponent(text2);
  } catch {
    throw new EmulatorError(400, "InvalidURI", "Couldn't parse the specified URI.");
  }
}

// dist/src/emulator/requests/request-header.js
function headerOf(req, name) {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
function isGcsDialect(req) {
  if ((headerOf(req, "authorization") ?? "").startsWith("Bearer "))
    return true;
  return Object.keys(req.headers).some((name) => name.startsWith("x-goog-"));
}

// dist/src/emulator/store/multipart-store.js
import { randomBytes } from "node:crypto";

// dist/src/emulator/store/check-part-checksum.js
function checkPartChecksum(algorithm, item, part) {
  if (!algorithm)
    return;
  const expected = algorithm === "CRC32C" ? crc32cToBase64(part.blob.crc32c) : part.checksums[algorithm];
  const claimed = item.checksums[algorithm];
  if (claimed === void 0) {
    throw new EmulatorError(400, "InvalidRequest", `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${item.partNumber} in the request.`);
  }
  if (claimed !== expected) {
    throw new EmulatorError(400, "InvalidPart", `The checksum of part ${item.partNumber} does not match: expected ${expected ?? "(none: the part was sent without it)"}, got ${claimed}.`);
  }
}

// dist/src/emulator/store/key-order.js
function byUtf8(a, b) {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y)
      return x >= 55296 && y >= 55296 ? utf8Rank(x) - utf8Rank(y) : x - y;
  }
  return a.length - b.length;
}
function utf8Rank(unit) {
  return unit >= 57344 ? unit - 2048 : unit + 8192;
}
function firstAfter(sorted, key, orAt = false) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = low + high >>> 1;
    const order = byUtf8(sorted[mid], key);
    if (order < 0 || order === 0 && !orAt)
      low = mid + 1;
    else
      high = mid;
  }
  return low;
}

// dist/src/emulator/store/multipart-store.js
var MultipartStore = class {
  storage;
  minPartSize;
  #buckets = /* @__PURE__ */ new Map();
  #created = /* @__PURE__ */ new Map();
  #uploads = /* @__PURE__ */ new Map();
  /** Each bucket's keys in S3's order, kept until a key is added or removed: a listing page must not sort the bucket. */
  #sortedKeys = /* @__PURE__ */ new WeakMap();
  #generation = 0;
  constructor(storage, minPartSize, buckets = []) {
    this.storage = storage;
    this.minPartSize = minPartSize;
    for (const bucket of buckets)
      this.createBucket(bucket);
  }
  createBucket(name) {
    const problem = bucketNameProblem(name);
    if (problem)
      throw new EmulatorError(400, "InvalidBucketName", `The specified bucket is not valid: "${name}" ${problem}`);
    if (!this.#buckets.has(name)) {
      this.#buckets.set(name, /* @__PURE__ */ new Map());
      this.#created.set(name, /* @__PURE__ */ new Date());
    }
  }
  /** Deletes an empty bucket (S3's 409 BucketNotEmpty otherwise); its unfinished uploads go with it. */
  async deleteBucket(name) {
    if (this.objects(name).size > 0)
      throw new EmulatorError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
    for (const upload of this.listUploads(name))
      await this.abort(upload);
    this.#buckets.delete(name);
    this.#created.delete(name);
  }
  /** Every bucket with its creation date, by name (ListBuckets). */
  buckets() {
    return [...this.#created].map(([name, created]) => ({ name, created })).sort((a, b) => a.name < b.name ? -1 : 1);
  }
  objects(bucket) {
    const objects = this.#buckets.get(bucket);
    if (!objects)
      throw new EmulatorError(404, "NoSuchBucket", `The specified bucket does not exist: ${bucket}`);
    return objects;
  }
  /** The bucket's keys by their UTF-8 bytes, as S3 lists them. */
  sortedKeys(bucket) {
    const objects = this.objects(bucket);
    let sorted = this.#sortedKeys.get(objects);
    if (!sorted) {
      sorted = [...objects.keys()].sort(byUtf8);
      this.#sortedKeys.set(objects, sorted);
    }
    return sorted;
  }
  getObject(bucket, key) {
    const object = this.objects(bucket).get(key);
    if (!object)
      throw new EmulatorError(404, "NoSuchKey", `The specified key does not exist: ${key}`);
    return object;
  }
  async putObject(bucket, key, blob, attributes, condition, checksum) {
    const objects = this.objects(bucket);
    const object = { blob, etag: partEtag(blob), attributes, generation: this.#nextGeneration(), lastModified: /* @__PURE__ */ new Date(), checksum };
    try {
      this.#replace(objects, key, object, condition);
    } catch (error) {
      await blob.remove();
      throw error;
    }
    return object;
  }
  /** Deletes a key (a missing one too, as S3 answers 204 for it); `condition` may refuse with 412. */
  async deleteObject(bucket, key, condition = () => void 0) {
    const objects = this.objects(bucket);
    condition(objects.get(key));
    await objects.get(key)?.blob.remove();
    if (objects.delete(key))
      this.#sortedKeys.delete(objects);
  }
  initiate(bucket, key, attributes, checksum) {
    this.objects(bucket);
    const upload = {
      id: randomBytes(16).toString("base64url"),
      bucket,
      key,
      attributes,
      initiated: /* @__PURE__ */ new Date(),
      checksumAlgorithm: checksum?.algorithm,
      checksumType: checksum?.type,
      parts: /* @__PURE__ */ new Map()
    };
    this.#uploads.set(upload.id, upload);
    return upload;
  }
  upload(bucket, key, uploadId) {
    this.objects(bucket);
    const upload = this.#uploads.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      throw new EmulatorError(404, "NoSuchUpload", "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    }
    return upload;
  }
  static checkPartNumber(text2) {
    const partNumber = Number(text2);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw new EmulatorError(400, "InvalidArgument", `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive (got ${text2})`);
    }
    return partNumber;
  }
  /** Stores a part; a part number sent again replaces the earlier bytes (as S3 does). */
  async putPart(upload, partNumber, blob, checksums = {}) {
    if (this.#uploads.get(upload.id) !== upload) {
      await blob.remove();
      throw new EmulatorError(404, "NoSuchUpload", "The multipart upload was aborted or completed while this part was being sent.");
    }
    const part = { blob, etag: partEtag(blob), lastModified: /* @__PURE__ */ new Date(), checksums };
    await upload.parts.get(partNumber)?.blob.remove();
    upload.parts.set(partNumber, part);
    return part;
  }
  /**
   * `seal` gives the object's checksum from the chosen parts while they can still be read, and
   * may refuse (BadDigest) before anything is consumed.
   */
  async complete(upload, requested, condition, seal = async () => void 0) {
    condition(this.objects(upload.bucket).get(upload.key));
    if (requested.length === 0) {
      throw new EmulatorError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: no parts.");
    }
    const chosen = [];
    let previous = 0;
    for (const [index, item] of requested.entries()) {
      if (item.partNumber <= previous) {
        throw new EmulatorError(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
      }
      previous = item.partNumber;
      const part = upload.parts.get(item.partNumber);
      if (!part || !sameEtag(part.etag, item.etag)) {
        throw new EmulatorError(400, "InvalidPart", `One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag (part ${item.partNumber}).`);
      }
      if (index < requested.length - 1 && part.blob.size < this.minPartSize) {
        throw new EmulatorError(400, "EntityTooSmall", `Your proposed upload is smaller than the minimum allowed size: part ${item.partNumber} is ${part.blob.size} bytes, the minimum is ${this.minPartSize}.`);
      }
      checkPartChecksum(upload.checksumAlgorithm, item, part);
      chosen.push(part);
    }
    const checksum = await seal(chosen);
    this.#uploads.delete(upload.id);
    const named = new Set(chosen);
    await Promise.all([...upload.parts.values()].filter((p) => !named.has(p)).map((p) => p.blob.remove()));
    const blob = await this.storage.concat(chosen.map((p) => p.blob));
    const object = {
      blob,
      etag: `"${hex8(blob.crc32c)}-${chosen.length}"`,
      attributes: upload.attributes,
      generation: this.#nextGeneration(),
      lastModified: /* @__PURE__ */ new Date(),
      parts: chosen.map((p) => ({ size: p.blob.size, checksum: upload.checksumAlgorithm && p.checksums[upload.checksumAlgorithm] })),
      checksum
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
  #replace(objects, key, object, condition) {
    const old = objects.get(key);
    condition(old);
    objects.set(key, object);
    if (!old)
      this.#sortedKeys.delete(objects);
    old?.blob.remove().catch(() => void 0);
  }
  #nextGeneration() {
    this.#generation = Math.max(this.#generation + 1, Date.now() * 1e3);
    return this.#generation;
  }
  async abort(upload) {
    this.#uploads.delete(upload.id);
    await Promise.all([...upload.parts.values()].map((p) => p.blob.remove()));
  }
  listUploads(bucket, prefix = "") {
    this.objects(bucket);
    return [...this.#uploads.values()].filter((u) => u.bucket === bucket && u.key.startsWith(prefix)).sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated.getTime() - b.initiated.getTime());
  }
  /** Every multipart upload not yet completed or aborted, across buckets. */
  get pendingUploads() {
    return this.#uploads.size;
  }
};
function partEtag(blob) {
  return `"${hex8(blob.crc32c)}${blob.size.toString(16).padStart(12, "0")}"`;
}
function hex8(n) {
  return n.toString(16).padStart(8, "0");
}

// dist/src/emulator/requests/auth/check-signature.js
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
var AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
var MAX_SKEW_MS = 15 * 60 * 1e3;
async function checkSignature(req, query, keys) {
  const signed = signedBy(headerOf(req, "authorization") ?? "", headerOf(req, "x-amz-date"));
  const secretAccessKey = keys[signed.accessKeyId];
  if (secretAccessKey === void 0)
    throw new EmulatorError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const skew = Math.abs(Date.now() - signed.signingDate.getTime());
  if (skew > MAX_SKEW_MS) {
    throw new EmulatorError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {}, {
      RequestTime: headerOf(req, "x-amz-date") ?? "",
      ServerTime: (/* @__PURE__ */ new Date()).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS)
    });
  }
  const computed = await signatureOf(req, query, signed, secretAccessKey, false);
  if (computed !== signed.signature)
    throw signatureMismatch();
  return { signed, secretAccessKey };
}
function signedBy(authorization, date) {
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed)
    throw new EmulatorError(403, "AccessDenied", "Access Denied: the request carries no AWS Signature Version 4 authorization");
  const [, accessKeyId, , region, service, signedHeaders, signature] = parsed;
  const signingDate = amzDate(date);
  if (Number.isNaN(signingDate.getTime()))
    throw new EmulatorError(403, "AccessDenied", "Access Denied: X-Amz-Date is missing or malformed");
  return {
    accessKeyId,
    region,
    service,
    signedHeaders: signedHeaders.split(";"),
    signature,
    signingDate
  };
}
async function signatureOf(req, query, signed, secretAccessKey, presigned) {
  const headers = {};
  for (const name of signed.signedHeaders)
    headers[name] = name === "host" ? headerOf(req, "host") ?? headerOf(req, ":authority") ?? "" : headerOf(req, name) ?? "";
  const params = {};
  for (const [key, value] of query)
    if (!presigned || !PRESIGN_PARAMS.has(key))
      params[key] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId: signed.accessKeyId, secretAccessKey },
    region: signed.region,
    service: signed.service,
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: false,
    applyChecksum: false
  });
  const request = {
    method: req.method ?? "GET",
    protocol: "http:",
    hostname: headers.host.replace(/:\d+$/, ""),
    path: rawPath(req),
    query: params,
    headers
  };
  const options = { signingDate: signed.signingDate, signableHeaders: new Set(Object.keys(headers)), unsignableHeaders: /* @__PURE__ */ new Set() };
  if (presigned) {
    const expires = Number(query.get("X-Amz-Expires"));
    const unsigned = { ...request, headers: { ...headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } };
    const url = await signer.presign(unsigned, {
      ...options,
      expiresIn: expires,
      unsignableHeaders: /* @__PURE__ */ new Set(["x-amz-content-sha256"]),
      unhoistableHeaders: /* @__PURE__ */ new Set([...Object.keys(headers), "x-amz-content-sha256"])
    });
    return url.query?.["X-Amz-Signature"];
  }
  const expected = await signer.sign(request, options);
  return /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? expected.headers.Authorization))?.[1];
}
var PRESIGN_PARAMS = /* @__PURE__ */ new Set([
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature"
]);
function signatureMismatch() {
  return new EmulatorError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
}
function amzDate(text2) {
  return new Date((text2 ?? "").replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
}
function rawPath(req) {
  const target = req.url ?? "/";
  const queryAt = target.indexOf("?");
  return queryAt < 0 ? target : target.slice(0, queryAt);
}

// dist/src/emulator/requests/auth/check-presigned.js
var MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
function isPresigned(query) {
  return query.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256";
}
async function checkPresigned(req, query, keys) {
  const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(query.get("X-Amz-Credential") ?? "");
  const signature = query.get("X-Amz-Signature") ?? "";
  const expires = Number(query.get("X-Amz-Expires"));
  const signingDate = amzDate(query.get("X-Amz-Date"));
  if (!credential || !/^[0-9a-f]{64}$/.test(signature) || Number.isNaN(signingDate.getTime()) || !Number.isInteger(expires)) {
    throw new EmulatorError(400, "AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
    throw new EmulatorError(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds.");
  }
  const [, accessKeyId, , region, service] = credential;
  const secretAccessKey = keys[accessKeyId];
  if (secretAccessKey === void 0)
    throw new EmulatorError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  if (Date.now() > signingDate.getTime() + expires * 1e3)
    throw new EmulatorError(403, "AccessDenied", "Request has expired");
  const signedHeaders = (query.get("X-Amz-SignedHeaders") ?? "host").split(";");
  const signed = { accessKeyId, region, service, signedHeaders, signature, signingDate };
  if (await signatureOf(req, query, signed, secretAccessKey, true) !== signature)
    throw signatureMismatch();
}

// dist/src/emulator/requests/auth/chunk-signatures.js
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
var EMPTY_SHA256 = createHash("sha256").digest("hex");
var ChunkSignatures = class {
  withTrailer;
  #key;
  /** `<date>\n<scope>\n`, shared by every string to sign. */
  #context;
  #previous;
  #claimed;
  #hash;
  constructor(signed, secretAccessKey, withTrailer) {
    this.withTrailer = withTrailer;
    const amzDate2 = signed.signingDate.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const day = amzDate2.slice(0, 8);
    this.#key = [day, signed.region, signed.service, "aws4_request"].reduce((key, part) => createHmac("sha256", key).update(part).digest(), Buffer.from(`AWS4${secretAccessKey}`));
    this.#context = `${amzDate2}
${day}/${signed.region}/${signed.service}/aws4_request
`;
    this.#previous = signed.signature;
  }
  /** A chunk starts: the extensions of its size line (`;chunk-signature=...`) say what it is signed with. */
  begin(extensions) {
    const claimed = /(?:^|;)chunk-signature=([0-9a-f]{64})(?:;|$)/.exec(extensions)?.[1];
    if (!claimed) {
      throw new EmulatorError(403, "SignatureDoesNotMatch", "A chunk of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body carries no chunk-signature.");
    }
    this.#claimed = claimed;
    this.#hash = createHash("sha256");
  }
  update(data) {
    this.#hash?.update(data);
  }
  /** The chunk's data has all arrived: its signature must be the one computed. */
  end() {
    const payload = this.#hash?.digest("hex") ?? EMPTY_SHA256;
    this.#verify(`AWS4-HMAC-SHA256-PAYLOAD
${this.#context}${this.#previous}
${EMPTY_SHA256}
${payload}`, this.#claimed);
    this.#hash = void 0;
  }
  /** The trailer lines as they came (`name:value`), and the x-amz-trailer-signature that signs them. */
  endTrailer(lines, claimed) {
    if (!this.withTrailer)
      return;
    const canonical = lines.map((line) => `${line}
`).join("");
    const hashed = createHash("sha256").update(canonical).digest("hex");
    this.#verify(`AWS4-HMAC-SHA256-TRAILER
${this.#context}${this.#previous}
${hashed}`, claimed);
  }
  #verify(stringToSign, claimed) {
    const computed = createHmac("sha256", this.#key).update(stringToSign).digest("hex");
    if (claimed === void 0 || claimed.length !== 64 || !timingSafeEqual(Buffer.from(computed), Buffer.from(claimed))) {
      throw signatureMismatch();
    }
    this.#previous = computed;
  }
};

// dist/src/emulator/requests/auth/payload-digest.js
import { createHash as createHash2 } from "node:crypto";
var PayloadDigest = class {
  expected;
  #hash = createHash2("sha256");
  constructor(expected) {
    this.expected = expected;
  }
  update(raw) {
    this.#hash.update(raw);
  }
  /** Call once the whole raw body has been fed. */
  check() {
    const computed = this.#hash.digest("hex");
    if (computed !== this.expected.toLowerCase()) {
      throw new EmulatorError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", {}, {
        ClientComputedContentSHA256: this.expected,
        S3ComputedContentSHA256: computed
      });
    }
  }
};

// dist/src/emulator/requests/auth/authenticate.js
var UNSIGNED_FORMS = /* @__PURE__ */ new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
var SIGNED_STREAMING = /* @__PURE__ */ new Map([
  ["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", false],
  ["STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true]
]);
async function authenticate(req, query, keys) {
  if (isPresigned(query))
    return checkPresigned(req, query, keys).then(() => ({}));
  const authorization = headerOf(req, "authorization") ?? "";
  if (authorization.startsWith("AWS4-HMAC-SHA256 ")) {
    const { signed, secretAccessKey } = await checkSignature(req, query, keys);
    return payloadChecksOf(req, signed, secretAccessKey);
  }
  const write = req.method !== "GET" && req.method !== "HEAD";
  if (write && !authorization.startsWith("Bearer "))
    throw new EmulatorError(403, "AccessDenied", "Access Denied: this emulator was started with keys, and the request is not signed");
  return {};
}
function payloadChecksOf(req, signed, secretAccessKey) {
  const declared = headerOf(req, "x-amz-content-sha256");
  if (declared === void 0)
    throw new EmulatorError(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  if (UNSIGNED_FORMS.has(declared))
    return {};
  const withTrailer = SIGNED_STREAMING.get(declared);
  if (withTrailer !== void 0)
    return { chunkSignatures: new ChunkSignatures(signed, secretAccessKey, withTrailer) };
  if (!/^[0-9a-fA-F]{64}$/.test(declared))
    throw new EmulatorError(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.");
  const digest = new PayloadDigest(declared);
  const length = headerOf(req, "content-length");
  const bodiless = (length === void 0 || length === "0") && headerOf(req, "transfer-encoding") === void 0;
  if (bodiless) {
    digest.check();
    return {};
  }
  return { payload: digest };
}

// dist/src/emulator/requests/writes/write-condition.js
function writeConditionOf(req, removal = false) {
  const noneMatch = headerOf(req, "if-none-match");
  const match = headerOf(req, "if-match");
  const generation = headerOf(req, "x-goog-if-generation-match");
  return (current) => {
    if (noneMatch !== void 0 && current && (noneMatch.trim() === "*" || sameEtag(noneMatch, current.etag)))
      throw failed("If-None-Match");
    if (match !== void 0 && (!current || match.trim() !== "*" && !sameEtag(match, current.etag))) {
      if (!current && removal)
        return;
      if (!current)
        throw new EmulatorError(404, "NoSuchKey", "The specified key does not exist.");
      throw failed("If-Match");
    }
    if (generation !== void 0 && String(current?.generation ?? 0) !== generation.trim())
      throw failed("x-goog-if-generation-match");
  };
}
function failed(condition) {
  return new EmulatorError(412, "PreconditionFailed", `At least one of the pre-conditions you specified did not hold (${condition})`);
}

// dist/src/emulator/requests/deletes/delete-objects.js
var HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
var NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
var MAX_KEYS = 1e3;
async function deleteObject(ex) {
  const { ctx, req, record } = ex;
  await ctx.store.deleteObject(record.bucket, record.key, writeConditionOf(req, true));
  return { status: 204 };
}
async function abortUpload(ex) {
  const { ctx, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get("uploadId") ?? "");
  if (ex.fault?.kind !== "pretend")
    await ctx.store.abort(upload);
  return { status: 204 };
}
async function deleteObjects(ex) {
  const { ctx, req, record } = ex;
  const root = child(parseXml(await readText(req, ex.payload)), "Delete");
  const keys = children(root, "Object").map((o) => text(o.Key));
  if (!root || keys.length === 0 || keys.length > MAX_KEYS || keys.some((k) => k === void 0)) {
    throw new EmulatorError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
  }
  const quiet = text(root.Quiet)?.toLowerCase() === "true";
  const results = [];
  for (const key of keys) {
    try {
      await ctx.store.deleteObject(record.bucket, key);
      if (!quiet)
        results.push(`<Deleted><Key>${escapeXml(key)}</Key></Deleted>`);
    } catch (error) {
      const failure = error instanceof EmulatorError ? error : new EmulatorError(500, "InternalError", String(error));
      results.push(`<Error><Key>${escapeXml(key)}</Key><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error>`);
    }
  }
  return xml(200, `${HEAD}<DeleteResult ${NS}>${results.join("")}</DeleteResult>`);
}

// dist/src/emulator/requests/lists/bucket-requests.js
var HEAD2 = '<?xml version="1.0" encoding="UTF-8"?>';
var NS2 = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
async function listBuckets(ex) {
  const items = ex.ctx.store.buckets().map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${b.created.toISOString()}</CreationDate></Bucket>`).join("");
  return xml(200, `${HEAD2}<ListAllMyBucketsResult ${NS2}><Owner><ID>emulator</ID><DisplayName>emulator</DisplayName></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`);
}
async function createBucket(ex) {
  ex.ctx.store.createBucket(ex.record.bucket);
  return { status: 200, headers: { location: `/${ex.record.bucket}` } };
}
async function headBucket(ex) {
  ex.ctx.store.objects(ex.record.bucket);
  return { status: 200, headers: { "x-amz-bucket-region": "us-east-1" } };
}
async function deleteBucket(ex) {
  await ex.ctx.store.deleteBucket(ex.record.bucket);
  return { status: 204 };
}

// dist/src/emulator/requests/lists/list-objects-xml.js
var HEAD3 = '<?xml version="1.0" encoding="UTF-8"?>';
var S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
var GCS_NS = 'xmlns="http://doc.s3.amazonaws.com/2006-03-01"';
var OWNER = "<Owner><ID>emulator</ID><DisplayName>emulator</DisplayName></Owner>";
function listObjectsXml(doc) {
  const { query, page } = doc;
  const url = query.get("encoding-type") === "url";
  const name = (text2) => escapeXml(url ? encodeURIComponent(text2).replace(/%2F/g, "/") : text2);
  const element = (tag, value) => value === null || value === void 0 ? "" : `<${tag}>${name(value)}</${tag}>`;
  const owner = !doc.v2 || query.get("fetch-owner") === "true" ? OWNER : "";
  const contents = page.keys.map((key) => contentsXml(key, doc.objects.get(key), doc.gcs, owner, name(key))).join("");
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${name(p)}</Prefix></CommonPrefixes>`).join("");
  const paging = doc.v2 ? `<KeyCount>${page.keys.length + page.commonPrefixes.length}</KeyCount>${element("ContinuationToken", query.get("continuation-token"))}${element("NextContinuationToken", doc.nextToken)}${element("StartAfter", query.get("start-after"))}` : `<Marker>${name(query.get("marker") ?? "")}</Marker>${page.truncated ? element("NextMarker", page.last) : ""}`;
  return `${HEAD3}<ListBucketResult ${doc.gcs ? GCS_NS : S3_NS}><Name>${escapeXml(doc.bucket)}</Name><Prefix>${name(query.get("prefix") ?? "")}</Prefix>${paging}<MaxKeys>${doc.maxKeys}</MaxKeys>${element("Delimiter", query.get("delimiter"))}${url ? "<EncodingType>url</EncodingType>" : ""}<IsTruncated>${page.truncated}</IsTruncated>${contents}${prefixes}</ListBucketResult>`;
}
function contentsXml(key, object, gcs, owner, encodedKey) {
  const generation = gcs ? `<Generation>${object.generation}</Generation><MetaGeneration>1</MetaGeneration>` : "";
  const checksum = object.checksum ? `<ChecksumAlgorithm>${object.checksum.algorithm}</ChecksumAlgorithm><ChecksumType>${object.checksum.type}</ChecksumType>` : "";
  const storageClass = object.attributes["x-amz-storage-class"] ?? object.attributes["x-goog-storage-class"] ?? "STANDARD";
  return `<Contents><Key>${encodedKey}</Key>${generation}<LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${escapeXml(object.etag)}</ETag><Size>${object.blob.size}</Size>${checksum}<StorageClass>${escapeXml(storageClass)}</StorageClass>${owner}</Contents>`;
}

// dist/src/emulator/requests/lists/page-keys.js
function pageKeys(sorted, prefix, delimiter, after, maxKeys) {
  const page = { keys: [], commonPrefixes: [], truncated: false };
  const skipRolledUp = delimiter !== "" && after.endsWith(delimiter) && after.startsWith(prefix);
  const start = Math.max(firstAfter(sorted, prefix, true), firstAfter(sorted, after));
  for (let i = start; i < sorted.length; i++) {
    const key = sorted[i];
    if (!key.startsWith(prefix))
      break;
    if (skipRolledUp && key.startsWith(after))
      continue;
    const at = delimiter === "" ? -1 : key.indexOf(delimiter, prefix.length);
    const item = at < 0 ? key : key.slice(0, at + delimiter.length);
    if (item === page.last)
      continue;
    if (page.keys.length + page.commonPrefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    (at < 0 ? page.keys : page.commonPrefixes).push(item);
    page.last = item;
  }
  return page;
}

// dist/src/emulator/requests/lists/list-objects.js
async function listObjects(ex) {
  const { ctx, record, query } = ex;
  const objects = ctx.store.objects(record.bucket);
  const v2 = query.get("list-type") === "2";
  const maxKeys = maxKeysOf(query.get("max-keys"));
  const encoding = query.get("encoding-type");
  if (encoding !== null && encoding !== "url")
    throw new EmulatorError(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
  const token = query.get("continuation-token");
  const after = v2 ? token !== null ? tokenKey(token) : query.get("start-after") ?? "" : query.get("marker") ?? "";
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const page = pageKeys(ctx.store.sortedKeys(record.bucket), prefix, delimiter, after, maxKeys);
  const body = listObjectsXml({
    bucket: record.bucket,
    query,
    v2,
    gcs: isGcsDialect(ex.req),
    maxKeys,
    page,
    objects,
    nextToken: page.truncated && page.last !== void 0 ? Buffer.from(page.last, "utf8").toString("base64url") : void 0
  });
  return xml(200, body);
}
function maxKeysOf(text2) {
  if (text2 === null)
    return 1e3;
  if (!/^\d+$/.test(text2))
    throw new EmulatorError(400, "InvalidArgument", "Provided max-keys not an integer or within integer range");
  return Math.min(Number(text2), 1e3);
}
function tokenKey(token) {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (token === "" || Buffer.from(key, "utf8").toString("base64url") !== token)
    throw new EmulatorError(400, "InvalidArgument", "The continuation token provided is incorrect");
  return key;
}

// dist/src/emulator/checksums/checksum-algorithm.js
var CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];
function checksumAlgorithmNamed(name) {
  const upper = name?.trim().toUpperCase();
  return CHECKSUM_ALGORITHMS.find((a) => a === upper);
}
function checksumHeaderName(algorithm) {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}
function checksumElementName(algorithm) {
  return `Checksum${algorithm}`;
}
function algorithmOfHeader(name) {
  const match = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.trim().toLowerCase());
  return match ? checksumAlgorithmNamed(match[1]) : void 0;
}
var DIGEST_BYTES = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

// dist/src/emulator/requests/lists/upload-lists-xml.js
var HEAD4 = '<?xml version="1.0" encoding="UTF-8"?>';
var NS3 = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
function listPartsXml(upload, marker, maxParts) {
  const numbers = [...upload.parts.keys()].filter((n) => n > marker).sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const truncated = numbers.length > page.length;
  const algorithm = upload.checksumAlgorithm;
  const parts = page.map((n) => {
    const part = upload.parts.get(n);
    const own = algorithm && algorithm !== "CRC32C" && part.checksums[algorithm];
    const checksum = own ? `<${checksumElementName(algorithm)}>${own}</${checksumElementName(algorithm)}>` : "";
    return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${escapeXml(part.etag)}</ETag><Size>${part.blob.size}</Size><ChecksumCRC32C>${crc32cToBase64(part.blob.crc32c)}</ChecksumCRC32C>${checksum}</Part>`;
  }).join("");
  const next = page.length > 0 ? page[page.length - 1] : marker;
  const declared = algorithm ? `<ChecksumAlgorithm>${algorithm}</ChecksumAlgorithm><ChecksumType>${upload.checksumType ?? "COMPOSITE"}</ChecksumType>` : "";
  return `${HEAD4}<ListPartsResult ${NS3}><Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.id}</UploadId><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${declared}${parts}</ListPartsResult>`;
}
function listUploadsXml(page) {
  const items = page.uploads.map((u) => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated>${u.checksumAlgorithm ? `<ChecksumAlgorithm>${u.checksumAlgorithm}</ChecksumAlgorithm>` : ""}</Upload>`).join("");
  const last = page.uploads.at(-1);
  const next = page.truncated && last ? `<NextKeyMarker>${escapeXml(last.key)}</NextKeyMarker><NextUploadIdMarker>${last.id}</NextUploadIdMarker>` : "";
  return `${HEAD4}<ListMultipartUploadsResult ${NS3}><Bucket>${escapeXml(page.bucket)}</Bucket><KeyMarker>${escapeXml(page.keyMarker)}</KeyMarker><UploadIdMarker>${escapeXml(page.uploadIdMarker)}</UploadIdMarker>${next}<Prefix>${escapeXml(page.prefix)}</Prefix><MaxUploads>${page.maxUploads}</MaxUploads><IsTruncated>${page.truncated}</IsTruncated>${items}</ListMultipartUploadsResult>`;
}

// dist/src/emulator/requests/lists/upload-lists.js
async function listUploads(ex) {
  const { ctx, record, query } = ex;
  const prefix = query.get("prefix") ?? "";
  const keyMarker = query.get("key-marker") ?? "";
  const uploadIdMarker = query.get("upload-id-marker") ?? "";
  const maxUploads = Math.min(1e3, Math.max(0, Number(query.get("max-uploads") ?? 1e3) || 0));
  const all = ctx.store.listUploads(record.bucket, prefix);
  const markerAt = uploadIdMarker === "" ? -1 : all.findIndex((u) => u.key === keyMarker && u.id === uploadIdMarker);
  const after = all.filter((u, i) => keyMarker === "" || u.key > keyMarker || markerAt >= 0 && u.key === keyMarker && i > markerAt);
  const uploads = after.slice(0, maxUploads);
  const truncated = after.length > uploads.length;
  return xml(200, listUploadsXml({ bucket: record.bucket, prefix, keyMarker, uploadIdMarker, maxUploads, uploads, truncated }));
}
async function listParts(ex) {
  const { ctx, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get("uploadId") ?? "");
  const maxParts = Math.min(1e3, Number(query.get("max-parts") ?? 1e3) || 1e3);
  return xml(200, listPartsXml(upload, Number(query.get("part-number-marker") ?? 0) || 0, maxParts));
}

// dist/src/emulator/requests/reads/read-condition.js
function notModified(req, object) {
  const match = headerOf(req, "if-match");
  const noneMatch = headerOf(req, "if-none-match");
  const modified = Math.floor(object.lastModified.getTime() / 1e3) * 1e3;
  if (match !== void 0) {
    if (!etagListed(match, object.etag))
      throw failed2("If-Match");
  } else if (dateOf(headerOf(req, "if-unmodified-since")) < modified) {
    throw failed2("If-Unmodified-Since");
  }
  const generation = headerOf(req, "x-goog-if-generation-match");
  if (generation !== void 0 && generation.trim() !== String(object.generation))
    throw failed2("x-goog-if-generation-match");
  if (noneMatch !== void 0)
    return etagListed(noneMatch, object.etag);
  if (modified <= dateOf(headerOf(req, "if-modified-since"), -Infinity))
    return true;
  return headerOf(req, "x-goog-if-generation-not-match")?.trim() === String(object.generation);
}
function etagListed(list, etag) {
  return list.split(",").some((candidate) => candidate.trim() === "*" || sameEtag(candidate.trim().replace(/^W\//, ""), etag));
}
function dateOf(text2, absent = Infinity) {
  const time = text2 === void 0 ? Number.NaN : Date.parse(text2);
  return Number.isNaN(time) ? absent : time;
}
function failed2(condition) {
  return new EmulatorError(412, "PreconditionFailed", `At least one of the pre-conditions you specified did not hold (${condition})`, {}, {
    Condition: condition
  });
}

// dist/src/emulator/requests/reads/get-object-attributes.js
var HEAD5 = '<?xml version="1.0" encoding="UTF-8"?>';
async function getObjectAttributes(ex) {
  const { ctx, req, record } = ex;
  const object = ctx.store.getObject(record.bucket, record.key);
  if (notModified(req, object))
    return { status: 304, headers: { etag: object.etag } };
  const wanted = new Set((headerOf(req, "x-amz-object-attributes") ?? "").split(",").map((a) => a.trim()));
  const checksum = object.checksum ?? {
    algorithm: "CRC32C",
    type: "FULL_OBJECT",
    value: crc32cToBase64(object.blob.crc32c)
  };
  const elements = [
    wanted.has("ETag") ? `<ETag>${escapeXml(object.etag.replace(/"/g, ""))}</ETag>` : "",
    wanted.has("Checksum") ? checksumXml(checksum) : "",
    wanted.has("ObjectParts") && object.parts ? partsXml(ex, object, checksum) : "",
    wanted.has("StorageClass") ? `<StorageClass>${escapeXml(object.attributes["x-amz-storage-class"] ?? "STANDARD")}</StorageClass>` : "",
    wanted.has("ObjectSize") ? `<ObjectSize>${object.blob.size}</ObjectSize>` : ""
  ];
  const answer = xml(200, `${HEAD5}<GetObjectAttributesResponse>${elements.join("")}</GetObjectAttributesResponse>`);
  answer.headers["last-modified"] = object.lastModified.toUTCString();
  return answer;
}
function checksumXml(checksum) {
  const name = checksumElementName(checksum.algorithm);
  return `<Checksum><${name}>${checksum.value}</${name}><ChecksumType>${checksum.type}</ChecksumType></Checksum>`;
}
function partsXml(ex, object, checksum) {
  const parts = object.parts ?? [];
  const marker = Number(headerOf(ex.req, "x-amz-part-number-marker") ?? 0) || 0;
  const max = Math.min(1e3, Number(headerOf(ex.req, "x-amz-max-parts") ?? 1e3) || 1e3);
  const page = parts.map((part, i) => ({ ...part, number: i + 1 })).slice(marker, marker + max);
  const name = checksumElementName(checksum.algorithm);
  const items = page.map((p) => `<Part><PartNumber>${p.number}</PartNumber><Size>${p.size}</Size>${p.checksum ? `<${name}>${p.checksum}</${name}>` : ""}</Part>`).join("");
  const next = page.at(-1)?.number ?? marker;
  return `<ObjectParts><PartsCount>${parts.length}</PartsCount><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${max}</MaxParts><IsTruncated>${next < parts.length}</IsTruncated>${items}</ObjectParts>`;
}

// dist/src/emulator/requests/checksum-headers.js
function checksumHeadersOf(blob, profile, chosen) {
  if (!profile.reportChecksums)
    return {};
  const crc = crc32cToBase64(blob.crc32c);
  const headers = { "x-goog-hash": `crc32c=${crc}` };
  if (!chosen)
    return { "x-amz-checksum-crc32c": crc, ...headers };
  headers[checksumHeaderName(chosen.algorithm)] = chosen.value;
  headers["x-amz-checksum-type"] = chosen.type;
  return headers;
}

// dist/src/emulator/requests/reads/byte-range.js
function byteRangeOf(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match)
    return void 0;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "")
    return void 0;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0)
      throw unsatisfiable(size);
    return { start: Math.max(size - suffix, 0), end: size };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start)
    return void 0;
  if (start >= size)
    throw unsatisfiable(size);
  return { start, end: last === "" ? size : Math.min(Number(last) + 1, size) };
}
function unsatisfiable(size) {
  return new EmulatorError(416, "InvalidRange", "The requested range is not satisfiable", { "content-range": `bytes */${size}` }, {
    RangeRequested: "",
    ActualObjectSize: String(size)
  });
}
function partRangeOf(partNumber, size, parts) {
  const number = Number(partNumber);
  const sizes = parts?.map((p) => p.size) ?? [size];
  if (!Number.isInteger(number) || number < 1 || number > 1e4)
    throw new EmulatorError(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
  if (number > sizes.length)
    throw new EmulatorError(416, "InvalidPartNumber", "The requested partnumber is not satisfiable", {
      "content-range": `bytes */${size}`
    });
  const start = sizes.slice(0, number - 1).reduce((n, s) => n + s, 0);
  return { start, end: start + sizes[number - 1], count: sizes.length };
}

// dist/src/emulator/requests/reads/read-object.js
async function readObject(ex) {
  const { ctx, req, record, query } = ex;
  const object = ctx.store.getObject(record.bucket, record.key);
  const identity = identityHeaders(object);
  if (notModified(req, object))
    return { status: 304, headers: identity };
  const size = object.blob.size;
  const partNumber = query.get("partNumber");
  const part = partNumber === null ? void 0 : partRangeOf(partNumber, size, object.parts);
  const range = part ?? byteRangeOf(headerOf(req, "range"), size);
  const headers = {
    ...object.attributes,
    ...identity,
    "accept-ranges": "bytes",
    "content-length": String(range ? range.end - range.start : size),
    "x-goog-stored-content-length": String(size),
    "x-goog-stored-content-encoding": "identity"
  };
  if (part)
    headers["x-amz-mp-parts-count"] = String(part.count);
  if (range)
    headers["content-range"] = `bytes ${range.start}-${range.end - 1}/${size}`;
  else
    Object.assign(headers, checksumHeadersOf(object.blob, ctx.profile, checksumMode(ex) ? object.checksum : void 0));
  const body = record.action === "get-object" ? () => object.blob.read(range?.start, range?.end) : void 0;
  return { status: range ? 206 : 200, headers, body };
}
function identityHeaders(object) {
  return {
    etag: object.etag,
    "last-modified": object.lastModified.toUTCString(),
    "x-goog-generation": String(object.generation),
    "x-goog-metageneration": "1"
  };
}
function checksumMode(ex) {
  return headerOf(ex.req, "x-amz-checksum-mode")?.toUpperCase() === "ENABLED";
}

// dist/src/emulator/checksums/create-hasher.js
import { createHash as createHash3 } from "node:crypto";
import { crc32 } from "@node-rs/crc32";
import { Crc64Nvme } from "@aws-sdk/crc64-nvme";
var crtCrc64;
function loadCrtCrc64() {
  crtCrc64 ??= import("aws-crt").then((crt) => (data, previous) => crt.checksums.crc64nvme(data, previous), () => void 0);
  return crtCrc64;
}
async function createHasher(algorithm) {
  switch (algorithm) {
    case "CRC32":
      return crcHasher((data, previous) => crc32(data, previous));
    case "CRC32C":
      return crcHasher((data, previous) => crc32c(data, previous));
    case "SHA1":
    case "SHA256": {
      const hash = createHash3(algorithm === "SHA1" ? "sha1" : "sha256");
      return { update: (data) => hash.update(data), digest: async () => hash.digest() };
    }
    case "CRC64NVME":
      return crc64Hasher(await loadCrtCrc64());
  }
}
function crcHasher(step) {
  let crc = 0;
  return {
    update(data) {
      crc = step(data, crc);
    },
    async digest() {
      const bytes = Buffer.allocUnsafe(4);
      bytes.writeUInt32BE(crc >>> 0);
      return bytes;
    }
  };
}
function crc64Hasher(crt) {
  if (!crt) {
    const js = new Crc64Nvme();
    return { update: (data) => js.update(data), digest: async () => Buffer.from(await js.digest()) };
  }
  let previous;
  return {
    update(data) {
      previous = crt(data, previous);
    },
    async digest() {
      return previous ? Buffer.from(previous.buffer, previous.byteOffset, previous.byteLength) : Buffer.alloc(8);
    }
  };
}
async function digestOf(algorithm, data) {
  const hasher = await createHasher(algorithm);
  hasher.update(data);
  return hasher.digest();
}

// dist/src/emulator/checksums/multipart-checksum.js
async function multipartChecksum(algorithm, type, parts) {
  if (type === "COMPOSITE") {
    const digests = Buffer.concat(parts.map((p) => Buffer.from(partDigest(algorithm, p), "base64")));
    const value = `${(await digestOf(algorithm, digests)).toString("base64")}-${parts.length}`;
    return { algorithm, type, value };
  }
  if (algorithm === "CRC32C") {
    let crc = 0;
    for (const part of parts)
      crc = crc32cCombine(crc, part.blob.crc32c, part.blob.size);
    return { algorithm, type, value: crc32cToBase64(crc) };
  }
  const hasher = await createHasher(algorithm);
  try {
    for (const part of parts)
      for await (const chunk of part.blob.read())
        hasher.update(chunk);
  } catch {
    return void 0;
  }
  return { algorithm, type, value: (await hasher.digest()).toString("base64") };
}
function partDigest(algorithm, part) {
  return algorithm === "CRC32C" ? crc32cToBase64(part.blob.crc32c) : part.checksums[algorithm] ?? "";
}

// dist/src/emulator/requests/writes/multipart-answers-xml.js
var HEAD6 = '<?xml version="1.0" encoding="UTF-8"?>';
var NS4 = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
function initiateResultXml(bucket, key, uploadId, checksum) {
  const elements = checksum ? `<ChecksumAlgorithm>${checksum.algorithm}</ChecksumAlgorithm><ChecksumType>${checksum.type}</ChecksumType>` : "";
  return `${HEAD6}<InitiateMultipartUploadResult ${NS4}><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId>${elements}</InitiateMultipartUploadResult>`;
}
function completeResultXml(location, bucket, key, etag, checksum) {
  const element = checksum === void 0 ? "" : `<${checksumElementName(checksum.algorithm)}>${checksum.value}</${checksumElementName(checksum.algorithm)}>`;
  const type = checksum?.type === void 0 ? "" : `<ChecksumType>${checksum.type}</ChecksumType>`;
  return `${HEAD6}<CompleteMultipartUploadResult ${NS4}><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag>${element}${type}</CompleteMultipartUploadResult>`;
}

// dist/src/emulator/requests/writes/parse-complete-body.js
function parseCompleteBody(xml2) {
  const root = child(parseXml(xml2), "CompleteMultipartUpload");
  if (root === void 0)
    return void 0;
  return children(root, "Part").map((p) => {
    const checksums = {};
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = text(p[checksumElementName(algorithm)]);
      if (value !== void 0)
        checksums[algorithm] = value;
    }
    return { partNumber: Number(text(p.PartNumber)), etag: text(p.ETag) ?? "", checksums };
  });
}

// dist/src/emulator/requests/writes/complete-upload.js
async function completeUpload(ex) {
  const { ctx, req, res, record, query, fault } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get("uploadId") ?? "");
  const parts = parseCompleteBody(await readText(req, ex.payload));
  const hold = fault?.kind === "slow-answer" ? fault : ctx.profile.slowComplete;
  if (hold)
    await holdAnswer(res, hold);
  if (!parts)
    throw new EmulatorError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
  const refusal = ctx.profile.refuseCompletePartChecksums;
  if (refusal && parts.some((p) => Object.keys(p.checksums).length > 0))
    throw new EmulatorError(refusal.status, refusal.code, refusal.message);
  let chosen = [];
  const object = await ctx.store.complete(upload, parts, writeConditionOf(req), async (named) => {
    chosen = named;
    return sealedChecksum(req, upload, named, ctx.profile.ignoresChecksumType === true);
  });
  const etag = ctx.profile.emptyCompleteEtag ? "" : object.etag;
  return xml(200, completeResultXml(`/${record.bucket}/${record.key}`, record.bucket, record.key, etag, reported(ctx.profile, object, chosen)));
}
async function sealedChecksum(req, upload, parts, ignoresClaim) {
  if (!upload.checksumAlgorithm)
    return void 0;
  const checksum = await multipartChecksum(upload.checksumAlgorithm, upload.checksumType ?? "COMPOSITE", parts);
  const claimed = ignoresClaim ? void 0 : headerOf(req, checksumHeaderName(upload.checksumAlgorithm));
  if (checksum && claimed !== void 0 && claimed.replace(/-\d+$/, "") !== checksum.value.replace(/-\d+$/, "")) {
    throw new EmulatorError(400, "BadDigest", `The ${upload.checksumAlgorithm} you specified did not match the calculated checksum.`);
  }
  return checksum;
}
function reported(profile, object, parts) {
  if (profile.completeChecksum === "none")
    return void 0;
  if (object.checksum)
    return object.checksum;
  const value = profile.completeChecksum === "composite" ? `${compositeChecksum(parts.map((p) => ({ crc32c: p.blob.crc32c, length: p.blob.size })))}-${parts.length}` : crc32cToBase64(object.blob.crc32c);
  return { algorithm: "CRC32C", value };
}
async function holdAnswer(res, fault) {
  let spaces;
  if (fault.whitespace) {
    res.writeHead(200, { "content-type": "application/xml" });
    const space = () => res.write(" ");
    space();
    spaces = setInterval(space, 1e3);
  }
  await new Promise((resolve) => setTimeout(resolve, fault.seconds * 1e3));
  clearInterval(spaces);
}

// dist/src/emulator/requests/aws-chunked-decoder.js
var MAX_LINE_BYTES = 4096;
var AwsChunkedDecoder = class {
  #state = "size";
  /** Bytes of the chunk being read that have not arrived yet. */
  #remaining = 0;
  /** A size or trailer line, or the CRLF after a chunk's data, split across incoming buffers. */
  #line = "";
  trailers = /* @__PURE__ */ new Map();
  /** The trailer lines as sent, in order, for the trailer signature (which is not one of them). */
  #trailerLines = [];
  #trailerSignature;
  #signatures;
  constructor(signatures) {
    this.#signatures = signatures;
  }
  /** Feeds the next raw bytes; returns the data bytes they carried. */
  push(raw) {
    const data = [];
    let at = 0;
    while (at < raw.length) {
      if (this.#state === "data") {
        const n = Math.min(this.#remaining, raw.length - at);
        const view = raw.subarray(at, at + n);
        data.push(view);
        this.#signatures?.update(view);
        at += n;
        this.#remaining -= n;
        if (this.#remaining === 0) {
          this.#state = "data-end";
          this.#signatures?.end();
        }
        continue;
      }
      if (this.#state === "done")
        throw malformed("bytes after the end of the aws-chunked body");
      const newline = raw.indexOf(10, at);
      const end = newline === -1 ? raw.length : newline + 1;
      this.#line += raw.toString("latin1", at, end);
      at = end;
      if (this.#line.length > MAX_LINE_BYTES)
        throw malformed("an aws-chunked framing line is too long");
      if (newline !== -1)
        this.#endOfLine();
    }
    return data;
  }
  /** Call when the body has ended: throws unless the framing ended properly. */
  finish() {
    if (this.#state !== "done") {
      throw new EmulatorError(400, "IncompleteBody", "The aws-chunked body ended before its final zero-size chunk and trailers.");
    }
  }
  #endOfLine() {
    const line = this.#line;
    this.#line = "";
    if (!line.endsWith("\r\n"))
      throw malformed("aws-chunked framing lines end with CRLF");
    const text2 = line.slice(0, -2);
    if (this.#state === "data-end") {
      if (text2 !== "")
        throw malformed("a chunk had more bytes than its size line said");
      this.#state = "size";
    } else if (this.#state === "size") {
      const size = text2.split(";", 1)[0];
      if (!/^[0-9a-fA-F]{1,16}$/.test(size))
        throw malformed(`"${text2.slice(0, 40)}" is not a chunk size line`);
      this.#remaining = Number.parseInt(size, 16);
      this.#signatures?.begin(text2.slice(size.length + 1));
      this.#state = this.#remaining === 0 ? "trailers" : "data";
      if (this.#remaining === 0)
        this.#signatures?.end();
    } else if (text2 === "") {
      this.#state = "done";
      this.#signatures?.endTrailer(this.#trailerLines, this.#trailerSignature);
    } else {
      this.#trailer(text2);
    }
  }
  #trailer(text2) {
    const colon = text2.indexOf(":");
    if (colon <= 0)
      throw new EmulatorError(400, "MalformedTrailerError", `The trailer line "${text2.slice(0, 60)}" is not name:value.`);
    const name = text2.slice(0, colon).trim().toLowerCase();
    const value = text2.slice(colon + 1).trim();
    if (name === "x-amz-trailer-signature") {
      this.#trailerSignature = value;
      return;
    }
    this.#trailerLines.push(text2);
    this.trailers.set(name, value);
  }
};
function malformed(detail) {
  return new EmulatorError(400, "InvalidRequest", `Malformed aws-chunked body: ${detail}.`);
}

// dist/src/emulator/requests/writes/checksum-claim.js
function checksumClaimOf(req, chunked) {
  const trailer = chunked ? headerOf(req, "x-amz-trailer") : void 0;
  if (trailer !== void 0) {
    const algorithm2 = algorithmOfHeader(trailer);
    if (!algorithm2)
      throw new EmulatorError(400, "InvalidRequest", `The value specified in the x-amz-trailer header is not supported: "${trailer}".`);
    return { algorithm: algorithm2, from: "trailer" };
  }
  const sent = CHECKSUM_ALGORITHMS.filter((a) => headerOf(req, checksumHeaderName(a)) !== void 0);
  const goog = crc32cFromGoogHash(req.headers["x-goog-hash"]);
  if (goog !== void 0 && !sent.includes("CRC32C"))
    sent.push("CRC32C");
  if (sent.length > 1)
    throw new EmulatorError(400, "InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
  const [algorithm] = sent;
  if (algorithm)
    return { algorithm, from: "header", value: headerOf(req, checksumHeaderName(algorithm)) ?? goog };
  const named = headerOf(req, "x-amz-sdk-checksum-algorithm");
  if (named === void 0)
    return void 0;
  const sdk = checksumAlgorithmNamed(named);
  if (!sdk)
    throw new EmulatorError(400, "InvalidRequest", "Value for x-amz-sdk-checksum-algorithm header is invalid.");
  return { algorithm: sdk, from: "algorithm" };
}
function checkDigestForm(algorithm, text2) {
  const bytes = Buffer.from(text2, "base64");
  if (bytes.length !== DIGEST_BYTES[algorithm] || bytes.toString("base64") !== text2) {
    throw new EmulatorError(400, "InvalidDigest", `The ${algorithm} "${text2}" is not ${DIGEST_BYTES[algorithm]} bytes of base64.`);
  }
}

// dist/src/emulator/requests/writes/receive-body.js
async function receiveBody(ex, also) {
  const { req, record } = ex;
  const declared = headerOf(req, "content-length");
  const decoder = isAwsChunked(req) ? awsChunkedDecoder(req, ex.chunkSignatures) : void 0;
  if (declared === void 0 && !decoder) {
    throw new EmulatorError(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  }
  const claim = checksumClaimOf(req, decoder !== void 0);
  if (claim?.value !== void 0)
    checkDigestForm(claim.algorithm, claim.value);
  const algorithms = [.../* @__PURE__ */ new Set([claim?.algorithm, also])].filter((a) => a !== void 0 && a !== "CRC32C");
  const hashers = new Map(await Promise.all(algorithms.map(async (a) => [a, await createHasher(a)])));
  const blob = await storeBody(ex, decoder, [...hashers.values()]);
  try {
    if (declared !== void 0 && record.bytesReceived !== Number(declared)) {
      throw new EmulatorError(400, "IncompleteBody", `You did not provide the number of bytes specified by the Content-Length HTTP header (${declared} declared, ${record.bytesReceived} received).`);
    }
    ex.payload?.check();
    decoder?.finish();
    const decodedLength = Number(headerOf(req, "x-amz-decoded-content-length"));
    if (decoder && blob.size !== decodedLength) {
      throw new EmulatorError(400, "IncompleteBody", `The aws-chunked body carried ${blob.size} bytes, x-amz-decoded-content-length says ${decodedLength}.`);
    }
    const checksums = { CRC32C: crc32cToBase64(blob.crc32c) };
    for (const [algorithm, hasher] of hashers)
      checksums[algorithm] = (await hasher.digest()).toString("base64");
    if (claim)
      verifyClaim(claim, checksums[claim.algorithm], decoder?.trailers);
    if (claim && claim.from !== "algorithm")
      record.checksum = claim.from;
    return { blob, checksums, claim };
  } catch (error) {
    await blob.remove();
    throw error;
  }
}
async function storeBody(ex, decoder, hashers) {
  const { req, record, fault, payload } = ex;
  const writer = ex.ctx.store.storage.createWriter();
  let garble = fault?.kind === "garble";
  try {
    for await (const chunk of req) {
      record.bytesReceived += chunk.length;
      payload?.update(chunk);
      for (const data of decoder ? decoder.push(chunk) : [chunk]) {
        if (garble && data.length > 0) {
          data[0] ^= 255;
          garble = false;
        }
        for (const hasher of hashers)
          hasher.update(data);
        await writer.write(data);
      }
      if (isBodyFault(fault) && record.bytesReceived >= fault.afterBytes)
        await actOut(req, fault);
    }
    return await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
function verifyClaim(claim, computed, trailers) {
  let value = claim.value;
  if (claim.from === "trailer") {
    const name = checksumHeaderName(claim.algorithm);
    value = trailers?.get(name);
    if (value === void 0)
      throw new EmulatorError(400, "MalformedTrailerError", `The body ended without the ${name} trailer that x-amz-trailer announced.`);
    checkDigestForm(claim.algorithm, value);
  }
  if (value !== void 0 && value !== computed) {
    throw new EmulatorError(400, "BadDigest", `The ${claim.algorithm} you specified did not match the calculated checksum.`);
  }
}
function isAwsChunked(req) {
  if ((headerOf(req, "x-amz-content-sha256") ?? "").startsWith("STREAMING-"))
    return true;
  return (headerOf(req, "content-encoding") ?? "").split(",").some((e) => e.trim() === "aws-chunked");
}
function awsChunkedDecoder(req, signatures) {
  const decoded = headerOf(req, "x-amz-decoded-content-length");
  if (decoded === void 0 || !/^\d+$/.test(decoded)) {
    throw new EmulatorError(411, "MissingContentLength", "An aws-chunked body needs x-amz-decoded-content-length.");
  }
  return new AwsChunkedDecoder(signatures);
}

// dist/src/emulator/requests/writes/checksum-refusal.js
function refuseChecksumForms(profile, req) {
  const trailer = profile.refuseTrailer;
  if (trailer && isAwsChunked(req))
    throw new EmulatorError(trailer.status, trailer.code, trailer.message);
  refuseChecksumHeaders(profile, req);
}
var CHECKSUM_HEADERS_NAMED_FIRST = ["x-amz-checksum-type", "x-amz-sdk-checksum-algorithm", "x-amz-checksum-algorithm"];
function refuseChecksumHeaders(profile, req) {
  const refusal = profile.refuseChecksumHeaders;
  if (!refusal)
    return;
  const names = Object.keys(req.headers);
  const refused = CHECKSUM_HEADERS_NAMED_FIRST.find((name) => names.includes(name)) ?? names.find((name) => name.startsWith("x-amz-checksum-") || name === "x-amz-trailer");
  if (refused)
    throw new EmulatorError(refusal.status, refusal.code, refusal.message.replace("{header}", refused));
}

// dist/src/emulator/requests/writes/object-attributes-of.js
var STORAGE_CLASS_NAMES = /* @__PURE__ */ new Set([...STORAGE_CLASSES.s3, ...STORAGE_CLASSES.gcs]);
function objectAttributesOf(req) {
  const attributes = { "content-type": headerOf(req, "content-type") ?? "application/octet-stream" };
  const cacheControl = headerOf(req, "cache-control");
  if (cacheControl !== void 0)
    attributes["cache-control"] = cacheControl;
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith("x-amz-meta-") || name.startsWith("x-goog-meta-"))
      attributes[name] = headerOf(req, name);
  }
  for (const name of ["x-amz-storage-class", "x-goog-storage-class"]) {
    const storageClass = headerOf(req, name);
    if (storageClass === void 0)
      continue;
    if (!STORAGE_CLASS_NAMES.has(storageClass))
      throw new EmulatorError(400, "InvalidStorageClass", "The storage class you specified is not valid");
    attributes[name] = storageClass;
  }
  return attributes;
}

// dist/src/emulator/requests/writes/initiate-upload.js
async function initiateUpload(ex) {
  const { ctx, req, record } = ex;
  await drain(req);
  refuseChecksumHeaders(ctx.profile, req);
  const checksum = ctx.profile.ignoresChecksumAlgorithm ? void 0 : declaredChecksum(req, ctx.profile.ignoresChecksumType === true);
  const upload = ctx.store.initiate(record.bucket, record.key, objectAttributesOf(req), checksum);
  return xml(200, initiateResultXml(record.bucket, record.key, upload.id, checksum));
}
function declaredChecksum(req, ignoresType) {
  const named = headerOf(req, "x-amz-checksum-algorithm");
  const typeNamed = ignoresType ? void 0 : headerOf(req, "x-amz-checksum-type")?.toUpperCase();
  if (named === void 0) {
    if (typeNamed !== void 0)
      throw new EmulatorError(400, "InvalidRequest", "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    return void 0;
  }
  const algorithm = checksumAlgorithmNamed(named);
  if (!algorithm)
    throw new EmulatorError(400, "InvalidRequest", `Checksum algorithm ${named} is not supported: use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.`);
  if (typeNamed !== void 0 && typeNamed !== "COMPOSITE" && typeNamed !== "FULL_OBJECT")
    throw new EmulatorError(400, "InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
  const type = typeNamed ?? (algorithm === "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE");
  const fullOnly = algorithm === "CRC64NVME";
  const compositeOnly = algorithm === "SHA1" || algorithm === "SHA256";
  if (fullOnly && type === "COMPOSITE" || compositeOnly && type === "FULL_OBJECT") {
    throw new EmulatorError(400, "InvalidRequest", `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  return { algorithm, type };
}

// dist/src/emulator/requests/writes/put-object.js
async function putObject(ex) {
  const { ctx, req, record } = ex;
  const condition = writeConditionOf(req);
  condition(ctx.store.objects(record.bucket).get(record.key));
  const attributes = objectAttributesOf(req);
  refuseChecksumForms(ctx.profile, req);
  const { blob, checksums, claim } = await receiveBody(ex);
  const chosen = claim && { algorithm: claim.algorithm, type: "FULL_OBJECT", value: checksums[claim.algorithm] };
  const received = checksumHeadersOf(blob, ctx.profile, chosen);
  if (ex.fault?.kind === "corrupt")
    blob.corrupt();
  const object = await ctx.store.putObject(record.bucket, record.key, blob, attributes, condition, chosen);
  return { status: 200, headers: { etag: object.etag, "x-goog-generation": String(object.generation), ...received } };
}
async function uploadPart(ex) {
  const { ctx, req, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get("uploadId") ?? "");
  refuseChecksumForms(ctx.profile, req);
  const { blob, checksums, claim } = await receiveBody(ex, upload.checksumAlgorithm);
  const algorithm = upload.checksumAlgorithm;
  if (algorithm && claim && claim.algorithm !== algorithm) {
    await blob.remove();
    throw new EmulatorError(400, "InvalidRequest", `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${claim.algorithm.toLowerCase()}`);
  }
  const chosen = claim && { algorithm: claim.algorithm, type: "COMPOSITE", value: checksums[claim.algorithm] };
  const received = checksumHeadersOf(blob, ctx.profile, chosen);
  delete received["x-amz-checksum-type"];
  if (ex.fault?.kind === "corrupt")
    blob.corrupt();
  const part = await ctx.store.putPart(upload, record.partNumber, blob, checksums);
  return { status: 200, headers: { etag: part.etag, ...received } };
}

// dist/src/emulator/requests/route-request.js
var HANDLERS = {
  "list-buckets": listBuckets,
  "create-bucket": createBucket,
  "head-bucket": headBucket,
  "delete-bucket": deleteBucket,
  "list-uploads": listUploads,
  "list-objects": listObjects,
  "delete-objects": deleteObjects,
  initiate: initiateUpload,
  part: uploadPart,
  complete: completeUpload,
  abort: abortUpload,
  "list-parts": listParts,
  "put-object": putObject,
  "get-object": readObject,
  "head-object": readObject,
  "object-attributes": getObjectAttributes,
  "delete-object": deleteObject,
  unsupported
};
var STREAMED = /* @__PURE__ */ new Set(["part", "put-object"]);
async function route(ex) {
  const { ctx, req, record, query } = ex;
  if (query.has("uploadId"))
    record.uploadId = query.get("uploadId") ?? "";
  if (record.action === "part")
    record.partNumber = MultipartStore.checkPartNumber(query.get("partNumber"));
  if (ctx.keys)
    Object.assign(ex, await authenticate(req, query, ctx.keys));
  if (ex.chunkSignatures && !STREAMED.has(record.action)) {
    throw new EmulatorError(400, "InvalidRequest", "A signed streaming payload (aws-chunked) is taken for object and part PUTs only.");
  }
  const fault = ctx.faults.take(record);
  ex.fault = fault;
  if (fault)
    record.fault = fault.kind;
  if (fault?.kind === "status")
    throw faultError(fault);
  if (isBodyFault(fault) && !STREAMED.has(record.action))
    await actOut(req, fault);
  return HANDLERS[record.action](ex);
}
async function unsupported(ex) {
  const what = ex.record.key ? "on an object" : ex.record.bucket ? "on a bucket" : "on the service";
  throw new EmulatorError(405, "MethodNotAllowed", `${ex.req.method} ${what} with this query is not supported by this emulator`);
}

// dist/src/emulator/requests/handle-request.js
function createRequestHandler(ctx) {
  return (req, res) => {
    void handle(ctx, req, res);
  };
}
async function handle(ctx, req, res) {
  const connection = ctx.tracker.enter(req);
  const record = {
    method: req.method ?? "GET",
    bucket: "",
    key: "",
    action: "unsupported",
    status: 0,
    bytesReceived: 0,
    connectionId: connection.id,
    protocol: connection.protocol,
    authScheme: headerOf(req, "authorization")?.split(" ")[0],
    accessKeyId: /Credential=([^/,\s]+)\//.exec(headerOf(req, "authorization") ?? "")?.[1],
    tokenFingerprint: bearerFingerprint(headerOf(req, "authorization")),
    receivedAt: Date.now()
  };
  const requestId = randomBytes2(8).toString("hex").toUpperCase();
  try {
    const target = parseTarget(req.url ?? "/");
    Object.assign(record, { bucket: target.bucket, key: target.key });
    record.action = classifyRequest(record.method, target.query, target.bucket !== "", target.hasKey);
    const exchange = { ctx, req, res, record, query: target.query };
    const answer = await route(exchange);
    if (record.fault === "lose-answer")
      await actOut(req, { kind: "reset", afterBytes: 0 });
    record.status = answer.status;
    send(res, answer.status, { "x-amz-request-id": requestId, ...answer.headers }, req.method === "HEAD" ? void 0 : answer.body);
  } catch (error) {
    if (error instanceof InjectedHangup) {
      record.errorCode = `injected-${error.message}`;
      return;
    }
    await answerError(ctx, req, res, record, requestId, error);
  } finally {
    ctx.tracker.leave(connection);
    ctx.log.push(record);
  }
}
async function answerError(ctx, req, res, record, requestId, error) {
  const failure = error instanceof EmulatorError ? error : new EmulatorError(500, "InternalError", error.message);
  record.status = failure.status;
  record.errorCode = failure.code;
  const headers = { "x-amz-request-id": requestId, "content-type": "application/xml", ...failure.headers };
  const body = req.method === "HEAD" ? "" : failure.toXml(requestId);
  if (ctx.profile.rejectsEarly && req.httpVersionMajor === 1 && !req.readableEnded) {
    rejectEarly(req, res, failure.status, headers, body);
  } else {
    await drain(req);
    send(res, failure.status, headers, body);
  }
}
function rejectEarly(req, res, status, headers, body) {
  send(res, status, headers, body);
  req.resume();
  setTimeout(() => {
    if (!req.readableEnded)
      req.socket.destroy();
  }, EARLY_REJECTION_LINGER_MS).unref();
}
var EARLY_REJECTION_LINGER_MS = 1e3;
function tokenFingerprint(token) {
  return createHash4("sha256").update(token).digest("hex").slice(0, 12);
}
function bearerFingerprint(authorization) {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  return token === void 0 ? void 0 : tokenFingerprint(token);
}

// dist/src/emulator/make-certificate.js
import { isIP } from "node:net";
import selfsigned from "selfsigned";
async function makeCertificate(host) {
  const names = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "::1", host]);
  const altNames = [...names].map((name) => isIP(name) ? { type: 7, ip: name } : { type: 2, value: name });
  const pems = await selfsigned.generate([{ name: "commonName", value: "partpush emulator" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1e3),
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames }
    ]
  });
  return { cert: pems.cert, key: pems.private };
}

// dist/src/emulator/requests/faults/fault-plan.js
var FaultPlan = class {
  #rules = [];
  add(rule) {
    this.#rules.push({ ...rule, seen: 0, applied: 0 });
  }
  clear() {
    this.#rules.length = 0;
  }
  /** The fault for this request, if a rule claims it. */
  take(request) {
    for (const rule of this.#rules) {
      if (rule.action !== void 0 && rule.action !== request.action)
        continue;
      if (rule.partNumber !== void 0 && rule.partNumber !== request.partNumber)
        continue;
      if (rule.key !== void 0 && rule.key !== request.key)
        continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0))
        continue;
      if (rule.applied >= (rule.times ?? 1))
        continue;
      rule.applied++;
      return rule.fault;
    }
    return void 0;
  }
};

// dist/src/emulator/start-emulator.js
var H2_SETTINGS = { initialWindowSize: 16 * 1024 * 1024, maxConcurrentStreams: 1e3, maxFrameSize: 256 * 1024 };
var H2_CONNECTION_WINDOW = 256 * 1024 * 1024;
var H2_MAX_SESSION_MEMORY_MB = 1024;
async function startEmulator(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const store = new MultipartStore(createBlobStorage(options.storage ?? "memory"), options.minPartSize ?? MIN_PART_SIZE, options.buckets ?? []);
  const tracker = new ConnectionTracker();
  const requests = [];
  const faults = new FaultPlan();
  const profile = options.profile ? PROFILES[options.profile] : PERMISSIVE;
  const handler = createRequestHandler({
    store,
    tracker,
    faults,
    log: requests,
    keys: options.keys,
    profile: options.reportChecksums === false ? { ...profile, reportChecksums: false, completeChecksum: "none" } : profile
  });
  const sockets = /* @__PURE__ */ new Set();
  const sessions = /* @__PURE__ */ new Set();
  const onSession = (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    session.once("connect", () => session.setLocalWindowSize(H2_CONNECTION_WINDOW));
  };
  let certificate;
  let server;
  let scheme = "http";
  if (options.tls) {
    certificate = options.tls === true ? await makeCertificate(host) : options.tls;
    server = createSecureServer({ ...certificate, allowHTTP1: true, settings: H2_SETTINGS, maxSessionMemory: H2_MAX_SESSION_MEMORY_MB }, handler);
    server.on("session", onSession);
    scheme = "https";
  } else if (options.h2c) {
    server = createH2cServer({ settings: H2_SETTINGS, maxSessionMemory: H2_MAX_SESSION_MEMORY_MB }, handler);
    server.on("session", onSession);
  } else {
    server = createHttpServer({ requestTimeout: 0, keepAliveTimeout: 65e3 }, handler);
  }
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    ca: certificate?.cert,
    requests,
    connections: tracker.connections,
    faults,
    pendingUploads: () => store.pendingUploads,
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const session of sessions)
          session.destroy();
        for (const socket of sockets)
          socket.destroy();
      }).then(() => store.storage.close());
      return closed;
    }
  };
}

// dist/src/cli/serve-files.js
import { constants } from "node:fs";
import { mkdtemp, open as open2, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
async function createServeFiles() {
  const dir = await mkdtemp(join2(tmpdir(), "partpush-serve-"));
  return {
    dir,
    async write(name, contents) {
      const path = join2(dir, name);
      const handle2 = await open2(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 420);
      try {
        await handle2.writeFile(contents);
      } finally {
        await handle2.close();
      }
      return path;
    },
    remove: () => rm2(dir, { recursive: true, force: true })
  };
}
function isLoopback(host) {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}

// dist/src/cli/serve-command.js
async function serveCommand(argv) {
  const { values } = parseFlags(argv, {
    host: { type: "string" },
    port: { type: "string" },
    tls: { type: "boolean" },
    h2c: { type: "boolean" },
    memory: { type: "boolean" },
    dir: { type: "string" },
    discard: { type: "boolean" },
    bucket: { type: "string", multiple: true },
    "min-part-size": { type: "string" },
    profile: { type: "string" },
    key: { type: "string", multiple: true },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" }
  }, "serve");
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const options = serveOptions(values);
  const stopped = untilStopped();
  const emulator = await startEmulator(options).catch((error) => {
    throw listenFailure(error, options.host, options.port ?? 0);
  });
  const files = emulator.ca ? await createServeFiles() : void 0;
  const caFile = emulator.ca ? await files?.write("ca.pem", emulator.ca) : void 0;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: emulator.url, ca: caFile ?? null })}
`);
  } else {
    process.stdout.write(`${emulator.url}
`);
    if (caFile)
      process.stdout.write(`CA certificate: ${caFile} (pass it to partpush cp with --ca)
`);
    if (values.dir !== void 0)
      process.stdout.write(`objects are kept as files in ${values.dir} while this runs; they are removed when it stops
`);
    if (options.profile)
      process.stdout.write(`acting out ${options.profile}'s answers where stores differ
`);
    process.stdout.write(`buckets: ${options.buckets.join(", ") || "(none yet: create with PUT /NAME or --bucket)"}; Ctrl-C stops
`);
  }
  if (!options.keys && !isLoopback(options.host)) {
    process.stderr.write(`warning: listening on ${options.host} without --key: anyone who can reach this port can read, write and delete its objects
`);
  }
  await stopped;
  await stop(emulator, files);
  return 0;
}
function serveOptions(values) {
  const buckets = values.bucket ?? [];
  if (values.tls && values.h2c)
    throw new UsageError("--tls and --h2c exclude each other (h2c is cleartext)", "serve");
  if ([values.memory, values.dir !== void 0, values.discard].filter(Boolean).length > 1) {
    throw new UsageError("choose one of --memory, --dir DIR and --discard", "serve");
  }
  const port = values.port;
  if (port !== void 0 && (!/^\d+$/.test(port) || Number(port) > 65535)) {
    throw new UsageError(`--port takes a port number from 0 to 65535 (0: any free port), got "${port}"`, "serve");
  }
  for (const bucket of buckets) {
    const problem = bucketNameProblem(bucket);
    if (problem)
      throw new UsageError(`--bucket "${bucket}": the name ${problem}`, "serve");
  }
  const profile = values.profile;
  if (profile !== void 0 && !(profile in PROFILES)) {
    throw new UsageError(`--profile takes one of ${Object.keys(PROFILES).join(", ")}, got "${profile}"`, "serve");
  }
  const keys = {};
  for (const pair of values.key ?? []) {
    const colon = pair.indexOf(":");
    if (colon <= 0 || colon === pair.length - 1)
      throw new UsageError("--key takes ACCESS_KEY_ID:SECRET_ACCESS_KEY", "serve");
    keys[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  if (values.dir !== void 0)
    checkStorageDirectory(values.dir);
  const host = values.host ?? "127.0.0.1";
  return {
    host,
    port: port === void 0 ? void 0 : Number(port),
    tls: values.tls,
    h2c: values.h2c,
    storage: values.dir !== void 0 ? { dir: values.dir } : values.discard ? "discard" : "memory",
    buckets,
    minPartSize: values["min-part-size"] === void 0 ? void 0 : sizeFlag(values["min-part-size"]),
    profile,
    keys: Object.keys(keys).length > 0 ? keys : void 0
  };
}
function untilStopped() {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
async function stop(emulator, files) {
  await emulator.close();
  await files?.remove();
}
function sizeFlag(text2) {
  try {
    return parseSize(text2, "--min-part-size");
  } catch (error) {
    throw new UsageError(error.message, "serve");
  }
}
function listenFailure(error, host, port) {
  const code = error.code;
  if (code === "EADDRINUSE") {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `port ${port} on ${host} is in use; choose another with --port, or --port 0 for any free one`, { causeCode: code });
  }
  if (code === "EACCES") {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `port ${port} on ${host} needs privileges this user lacks; use a port above 1023`, {
      causeCode: code
    });
  }
  if (code === "ENOTFOUND" || code === "EADDRNOTAVAIL" || code === "EAI_AGAIN" || code === "EINVAL") {
    return new UsageError(`--host ${host}: not an address of this machine (${code}); use 127.0.0.1, ::1, 0.0.0.0 or one of its interfaces`, "serve");
  }
  return error;
}
function checkStorageDirectory(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    rmdirSync(mkdtempSync(join3(dir, ".partpush-probe-")));
  } catch (error) {
    const code = error.code;
    const reason = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : error.message;
    throw new UsageError(`--dir ${dir}: cannot keep objects there (${reason}); give a directory this user can write`, "serve");
  }
}
export {
  serveCommand
};
