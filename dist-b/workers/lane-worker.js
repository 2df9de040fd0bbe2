import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/workers/lane-worker.js
import { workerData } from "node:worker_threads";

// dist/src/checksum/file-crc32c.js
import { closeSync, openSync, readSync } from "node:fs";
import { setImmediate as turn } from "node:timers/promises";

// dist/src/checksum/crc32c.js
import { createRequire } from "node:module";
import { crc32c as nodeRsCrc32c } from "@node-rs/crc32";

// dist/src/errors.js
var PartpushError = class extends Error {
  name = "PartpushError";
  code;
  constructor(code, message, fields = {}, options) {
    super(message, options);
    this.code = code;
    Object.assign(this, dropUndefined(fields));
  }
};
function toErrorRecord(error) {
  const { code, message, status, serviceCode, requestId, partNumber, attempts, retryable, retryAfterMs, causeCode, option, proxy } = error;
  return dropUndefined({
    code,
    message,
    status,
    serviceCode,
    requestId,
    partNumber,
    attempts,
    retryable,
    retryAfterMs,
    causeCode,
    option,
    proxy
  });
}
function dropUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}

// dist/src/checksum/crc32c.js
function crc32c(data, previous = 0) {
  return (chosen ?? beforeChoice(data.length)).crc(data, previous);
}
function crc32cOf(library) {
  if (library === "@node-rs/crc32")
    return nodeRsCrc32c;
  const awsCrt = createRequire(import.meta.url)("aws-crt/dist/native/checksums.js");
  return (data, previous) => awsCrt.crc32c(data, previous);
}
var chosen;
var NODE_RS = { library: "@node-rs/crc32", crc: nodeRsCrc32c };
var AWS_CRT_AFTER = 64 * 1024 * 1024;
var checksummedBeforeChoice = 0;
function beforeChoice(bytes) {
  if (process.env.PARTPUSH_CRC32C)
    return chosen = choose();
  checksummedBeforeChoice += bytes;
  return checksummedBeforeChoice < AWS_CRT_AFTER ? NODE_RS : chosen = choose();
}
function choose() {
  const asked = process.env.PARTPUSH_CRC32C;
  if (asked === "aws-crt" || asked === "@node-rs/crc32")
    return { library: asked, crc: crc32cOf(asked) };
  if (asked) {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `PARTPUSH_CRC32C must be "aws-crt" or "@node-rs/crc32", got "${asked}"; unset it to use the fastest installed`);
  }
  try {
    return { library: "aws-crt", crc: crc32cOf("aws-crt") };
  } catch {
    return NODE_RS;
  }
}

// dist/src/checksum/file-crc32c.js
var CHUNK = 1024 * 1024;
var BYTES_PER_TURN = 64 * CHUNK;
var readBuffer;
async function fileCrc32c(path) {
  const fd = openSync(path, "r");
  try {
    const buffer = readBuffer ??= Buffer.allocUnsafeSlow(CHUNK);
    let crc = 0;
    for (let position = 0, sinceTurn = 0; ; ) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0)
        return crc;
      crc = crc32c(buffer.subarray(0, bytesRead), crc);
      position += bytesRead;
      sinceTurn += bytesRead;
      if (sinceTurn >= BYTES_PER_TURN) {
        sinceTurn = 0;
        await turn();
      }
    }
  } finally {
    closeSync(fd);
  }
}

// dist/src/lane/channel-over-port.js
function channelOverPort(port, initial) {
  let current = initial;
  const waiting = [];
  port.on("message", (message) => {
    current = message.auth;
    if (message.type === "refreshed")
      for (const resolve of waiting.splice(0))
        resolve(message.ok);
  });
  return {
    auth: () => current,
    refreshAuth() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 1)
          port.postMessage({ type: "refresh" });
      });
    },
    partDone(index) {
      port.postMessage({ type: "part", index });
    },
    retrying(event) {
      port.postMessage({ type: "retry", event });
    },
    connection(event) {
      port.postMessage({ type: "connection", event });
    }
  };
}

// dist/src/lane/lower-thread-priority.js
import { getPriority, setPriority } from "node:os";
function lowerThisThreadPriority(nice) {
  if (nice > getPriority(0))
    setPriority(0, nice);
}

// dist/src/core/sizes.js
var KiB = 1024;
var MiB = 1024 * KiB;
var GiB = 1024 * MiB;
var TiB = 1024 * GiB;

// dist/src/core/plan-parts.js
var MIN_PART_SIZE = 5 * MiB;
var MAX_PART_SIZE = 5 * GiB;
var MAX_OBJECT_SIZE = 5 * TiB;
var DEFAULT_PART_SIZE = 32 * MiB;
function partRange(plan, partNumber) {
  const offset = (partNumber - 1) * plan.partSize;
  return { partNumber, offset, length: Math.min(plan.partSize, plan.size - offset) };
}
var STREAM_PART_SIZE = 16 * MiB;

// dist/src/lane/part-board.js
var COUNT = 0;
var CURSOR = 1;
var CONTENDED = 2;
var HEADER = 3;
var PART_NUMBER = 0;
var LANE = 1;
var ATTEMPTS = 2;
var DONE = 3;
var CRC = 4;
var ETAG_LENGTH = 5;
var FIELDS = 6;
var ETAG_BYTES = 256;
var NOT_DONE = 0;
var DONE_WITHOUT_CRC = 1;
var DONE_WITH_CRC = 2;
var DONE_WITH_CONFIRMED_CRC = 3;
var PartBoard = class {
  buffer;
  count;
  #slots;
  #etags;
  /** `partNumbers` on the main thread; an existing board's buffer in a lane. */
  constructor(from) {
    const existing = from instanceof SharedArrayBuffer ? from : void 0;
    this.count = existing ? new Int32Array(existing, 0, 1)[0] : from.length;
    const slotBytes = 4 * (HEADER + FIELDS * this.count);
    this.buffer = existing ?? new SharedArrayBuffer(slotBytes + ETAG_BYTES * this.count);
    this.#slots = new Int32Array(this.buffer, 0, HEADER + FIELDS * this.count);
    this.#etags = Buffer.from(this.buffer, slotBytes, ETAG_BYTES * this.count);
    if (existing)
      return;
    this.#slots[COUNT] = this.count;
    from.forEach((partNumber, index) => {
      this.#slots[this.#at(index, PART_NUMBER)] = partNumber;
    });
  }
  /** The next unclaimed index, now held by `lane`; undefined when every part has been claimed. */
  claim(lane) {
    const index = Atomics.add(this.#slots, CURSOR, 1);
    if (index >= this.count)
      return void 0;
    this.hold(index, lane);
    return index;
  }
  /** Marks `index` as held by `lane`; without the cursor, for parts taken back from a lane that died. */
  hold(index, lane) {
    Atomics.store(this.#slots, this.#at(index, LANE), lane);
  }
  /** How many indexes have been claimed: every index below this one has had a lane. */
  get claimed() {
    return Math.min(Atomics.load(this.#slots, CURSOR), this.count);
  }
  get allClaimed() {
    return this.claimed === this.count;
  }
  partNumber(index) {
    return this.#slots[this.#at(index, PART_NUMBER)];
  }
  /** Records that attempt number `attempt` at `index` has started. */
  setAttempts(index, attempt) {
    Atomics.store(this.#slots, this.#at(index, ATTEMPTS), attempt);
  }
  /** Attempts started at `index` so far, by any lane. */
  attempts(index) {
    return Atomics.load(this.#slots, this.#at(index, ATTEMPTS));
  }
  /** Indexes last held by `lane`. */
  heldBy(lane) {
    const held = [];
    for (let i = 0; i < this.count; i++)
      if (Atomics.load(this.#slots, this.#at(i, LANE)) === lane)
        held.push(i);
    return held;
  }
  /**
   * Lane: the store acknowledged the part at `index`. The ETag and CRC32C are written before the
   * done flag, and Atomics order them: a thread that sees the flag sees the whole result.
   */
  finish(index, etag, crc32c2, confirmed = false) {
    const bytes = Buffer.byteLength(etag);
    if (bytes > ETAG_BYTES) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `part ${this.partNumber(index)}: the store answered with an ETag of ${bytes} bytes; partpush keeps ETags of up to ${ETAG_BYTES}`, { partNumber: this.partNumber(index), retryable: false });
    }
    this.#etags.write(etag, index * ETAG_BYTES, "utf8");
    this.#slots[this.#at(index, ETAG_LENGTH)] = bytes;
    this.#slots[this.#at(index, CRC)] = crc32c2 ?? 0;
    Atomics.store(this.#slots, this.#at(index, DONE), crc32c2 === void 0 ? DONE_WITHOUT_CRC : confirmed ? DONE_WITH_CONFIRMED_CRC : DONE_WITH_CRC);
  }
  /** The result a lane left at `index`, or undefined while the part is not finished. */
  result(index) {
    const done = Atomics.load(this.#slots, this.#at(index, DONE));
    if (done === NOT_DONE)
      return void 0;
    const start = index * ETAG_BYTES;
    return {
      etag: this.#etags.toString("utf8", start, start + this.#slots[this.#at(index, ETAG_LENGTH)]),
      crc32c: done === DONE_WITHOUT_CRC ? void 0 : this.#slots[this.#at(index, CRC)] >>> 0,
      crc32cConfirmed: done === DONE_WITH_CONFIRMED_CRC,
      attempts: this.attempts(index)
    };
  }
  /**
   * Set while another upload of the same Uploader waits for a part slot: lanes then end after each
   * part, so the scheduler can share slots part by part as it would without lanes.
   */
  set contended(value) {
    Atomics.store(this.#slots, CONTENDED, value ? 1 : 0);
  }
  get contended() {
    return Atomics.load(this.#slots, CONTENDED) !== 0;
  }
  #at(index, field) {
    return HEADER + index * FIELDS + field;
  }
};

// dist/src/bandwidth/bandwidth-cap.js
var FREE_AT = 0;
var BYTES = 8;
var BandwidthCap = class _BandwidthCap {
  bytesPerSecond;
  #freeAt;
  #buffer;
  constructor(spec) {
    this.bytesPerSecond = spec.bytesPerSecond;
    this.#buffer = spec.buffer;
    this.#freeAt = new BigInt64Array(spec.buffer, 0, 1);
  }
  static create(bytesPerSecond) {
    return new _BandwidthCap({ buffer: new SharedArrayBuffer(BYTES), bytesPerSecond });
  }
  get spec() {
    return { buffer: this.#buffer, bytesPerSecond: this.bytesPerSecond };
  }
  /**
   * The largest slice of a chunk to take at once: 1/50 s of the rate (at least 16 KiB), so that a
   * low cap sends smoothly (a 1 MiB chunk at 1 MiB/s would otherwise be a one-second burst) and
   * no waiting turn is long enough to look like a stalled attempt.
   */
  get sliceBytes() {
    return Math.max(16 * 1024, Math.floor(this.bytesPerSecond / 50));
  }
  /** Reserves `bytes` and returns the milliseconds until they may be sent (0: now). */
  reserve(bytes, nowUs = clockUs()) {
    const cost = BigInt(Math.ceil(bytes * 1e6 / this.bytesPerSecond));
    for (; ; ) {
      const freeAt = Atomics.load(this.#freeAt, FREE_AT);
      const start = freeAt > nowUs ? freeAt : nowUs;
      if (Atomics.compareExchange(this.#freeAt, FREE_AT, freeAt, start + cost) === freeAt) {
        return Number(start - nowUs) / 1e3;
      }
    }
  }
};
function clockUs() {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3));
}

// dist/src/bandwidth/throttled-body.js
import { setTimeout as sleep } from "node:timers/promises";
function* throttledBody(body, cap, isCancelled, onTurn = () => {
}) {
  const slice = cap.sliceBytes;
  for (const chunk of body) {
    for (let at = 0; at < chunk.length; at += slice) {
      const piece = chunk.length <= slice ? chunk : chunk.subarray(at, Math.min(at + slice, chunk.length));
      const waitMs = cap.reserve(piece.length);
      if (waitMs < 1)
        onTurn();
      yield waitMs < 1 ? piece : afterTurn(piece, waitMs, isCancelled, onTurn);
    }
  }
}
async function afterTurn(piece, waitMs, isCancelled, onTurn) {
  await sleep(waitMs);
  if (isCancelled())
    throw new Error("cancelled while waiting for its turn under the bandwidth cap");
  onTurn();
  return piece;
}

// dist/src/wire/wire-request.js
function pathWithQuery(request) {
  const pairs = Object.entries(request.query).map(([key, value]) => value === "" ? encodeQueryPart(key) : `${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
  return pairs.length === 0 ? request.path : `${request.path}?${pairs.join("&")}`;
}
function encodeQueryPart(text2) {
  return encodeURIComponent(text2).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function hostOf(origin) {
  return new URL(origin).host;
}

// dist/src/auth/authorize-request.js
var UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
async function authorizeRequest(request, auth, signers, signingDate) {
  const headers = { ...request.headers, host: hostOf(request.origin) };
  if (auth.kind === "bearer") {
    headers.authorization = `Bearer ${auth.token}`;
    return headers;
  }
  if (auth.kind === "none")
    return headers;
  headers["x-amz-content-sha256"] ??= UNSIGNED_PAYLOAD;
  if (auth.sessionToken)
    headers["x-amz-security-token"] = auth.sessionToken;
  const url = new URL(request.origin);
  const signed = await (await signers.signerFor(auth)).sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : void 0,
    path: request.path,
    query: request.query,
    headers
  }, signingDate ? { signingDate } : {});
  return signed.headers;
}

// dist/src/checksum/crc32c-combine.js
var POLY = 2197175160;
function multModP(a, b) {
  let m = 2147483648;
  let p = 0;
  for (; ; ) {
    if (a & m) {
      p ^= b;
      if ((a & m - 1) === 0)
        break;
    }
    m >>>= 1;
    b = b & 1 ? b >>> 1 ^ POLY : b >>> 1;
  }
  return p >>> 0;
}
var X2N = (() => {
  const table = [];
  let p = 1 << 30;
  for (let k = 0; k < 64; k++) {
    table.push(p >>> 0);
    p = multModP(p, p);
  }
  return table;
})();
function x2nModP(n, k) {
  let p = 2147483648;
  while (n > 0) {
    if (n % 2 === 1)
      p = multModP(X2N[k % 64], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}
function crc32cCombine(crcA, crcB, lengthB) {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}
function crc32cToBase64(crc) {
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString("base64");
}

// dist/src/wire/multipart-requests.js
function checksumHeaders(dialect, crc) {
  if (crc === void 0)
    return {};
  return dialect === "gcs" ? { "x-goog-hash": `crc32c=${crc32cToBase64(crc)}` } : { "x-amz-checksum-crc32c": crc32cToBase64(crc) };
}
function crc32cFromGoogHash(value) {
  const hashes = (typeof value === "string" ? [value] : value ?? []).flatMap((v) => v.split(","));
  return hashes.map((s) => s.trim()).find((s) => s.startsWith("crc32c="))?.slice("crc32c=".length);
}
function crc32cFromHeaders(headers) {
  const amz = headers["x-amz-checksum-crc32c"];
  return crc32cFromGoogHash(headers["x-goog-hash"]) ?? (typeof amz === "string" ? amz : amz?.[0]);
}
function partQuery(uploadId, partNumber) {
  return { partNumber: String(partNumber), uploadId };
}

// dist/src/core/first-line.js
function firstLine(text2) {
  return text2.split("\n")[0].trim();
}

// dist/src/http/network-error.js
var TLS_TRUST_CODES = /* @__PURE__ */ new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
]);
function toPartpushError(error, context, fields = {}) {
  if (error instanceof PartpushError)
    return error;
  const err = error;
  const code = err?.code ?? err?.cause?.code;
  const detail = err?.message ?? String(error);
  if (err?.name === "AbortError" || code === "ABORT_ERR") {
    return new PartpushError("PARTPUSH_ABORTED", `${context}: cancelled`, { ...fields, causeCode: code });
  }
  if (code && TLS_TRUST_CODES.has(code)) {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's TLS certificate is not trusted (${code}); pass its CA with --ca FILE (or the ca option)`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const tlsError = err.cause?.code === code ? err.cause : err;
    const names = tlsError.cert?.subjectaltname ?? "other names";
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's certificate is for ${names}, not ${tlsError.host ?? "the host in the endpoint"}; use an endpoint with a name the certificate lists, or give the server a certificate for this name`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's TLS certificate ${code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet"} (${code}); check the server's certificate and this machine's clock`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: ${code ? `${code}: ` : ""}${firstLine(detail)}`, { ...fields, causeCode: code, retryable: true }, { cause: error });
}

// dist/src/http/undici-parts.js
import { createRequire as createRequire2 } from "node:module";
var require2 = createRequire2(import.meta.url);
var Client = require2("undici/lib/dispatcher/client.js");
var H2CClient = require2("undici/lib/dispatcher/h2c-client.js");
var Dispatcher = require2("undici/lib/dispatcher/dispatcher.js");
var buildConnector = require2("undici/lib/core/connect.js");
var apiRequest = require2("undici/lib/api/api-request.js");
function requestOn(dispatcher, options) {
  return Reflect.apply(apiRequest, dispatcher, [options]);
}

// dist/src/proxy/proxy-error.js
var WAYS_OUT = "check HTTPS_PROXY / HTTP_PROXY or --proxy, or bypass the proxy for this store with NO_PROXY or --no-proxy";
function proxyUnreachable(route, target, error) {
  const code = error.code;
  if (code && UNTRUSTED_CERTIFICATE.test(code))
    return proxyUntrusted(route, target, error, code);
  if (route.proxy.startsWith("https:") && /wrong version number|packet length too long/i.test(error.message)) {
    return new PartpushError("PARTPUSH_PROXY_ERROR", `the proxy ${route.proxy} does not speak TLS (on the way to ${target}); if it is a plain HTTP proxy, give it as ${route.proxy.replace("https:", "http:")}`, { causeCode: code, proxy: route.proxy, retryable: false }, { cause: error });
  }
  return new PartpushError("PARTPUSH_PROXY_ERROR", `cannot reach the proxy ${route.proxy} (on the way to ${target}): ${code ? `${code}: ` : ""}${firstLine(error.message)}; ${WAYS_OUT}`, { causeCode: code, proxy: route.proxy, retryable: true }, { cause: error });
}
var UNTRUSTED_CERTIFICATE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|CERT_(HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;
function proxyUntrusted(route, target, error, code) {
  return new PartpushError("PARTPUSH_PROXY_ERROR", `the proxy ${route.proxy}'s TLS certificate is not trusted (on the way to ${target}): ${code}: ${firstLine(error.message)}; pass the proxy's CA with --proxy-ca FILE (the proxyCa option)`, { causeCode: code, proxy: route.proxy, retryable: false }, { cause: error });
}
function proxyRefused(route, target, status, statusText, said) {
  const answered = `HTTP ${status}${statusText ? ` ${statusText}` : ""}${said ? `, ${said}` : ""}`;
  let message;
  if (status === 407) {
    message = route.authorization ? `the proxy ${route.proxy} refused the user name and password in the proxy URL (${answered}); correct them in the proxy URL (http://USER:PASSWORD@HOST:PORT)` : `the proxy ${route.proxy} asks for a user name and password (${answered}); give them in the proxy URL (http://USER:PASSWORD@HOST:PORT)`;
  } else if (status >= 502 && status <= 504) {
    message = `the proxy ${route.proxy} could not reach ${target} (${answered}); check that the store's endpoint is right and reachable from the proxy`;
  } else {
    message = `the proxy ${route.proxy} refused the connection to ${target} (${answered}); ${WAYS_OUT}, or ask its administrator to allow ${target}`;
  }
  return new PartpushError("PARTPUSH_PROXY_ERROR", message, {
    status,
    proxy: route.proxy,
    retryable: status >= 502 && status <= 504
  });
}
function proxysAnswer(what, status, said) {
  const retryable = status >= 502 && status <= 504;
  const why = retryable ? "it could not reach the store" : "its rules refused the request";
  return new PartpushError("PARTPUSH_PROXY_ERROR", `${what}: the proxy answered HTTP ${status} itself, not the store (${said}): ${why}; ${WAYS_OUT}`, { status, retryable });
}
function proxyError(route, message) {
  return new PartpushError("PARTPUSH_PROXY_ERROR", `${message}; ${WAYS_OUT}`, {
    proxy: route.proxy,
    retryable: true,
    causeCode: "ETIMEDOUT"
  });
}

// dist/src/proxy/proxy-own-answer.js
function proxysOwnAnswer(headers) {
  const squid = first(headers["x-squid-error"]);
  if (squid)
    return `X-Squid-Error: ${squid}`;
  const status = first(headers["proxy-status"]);
  if (status && /(^|;)\s*error=/i.test(status))
    return `Proxy-Status: ${status}`;
  return void 0;
}
function first(value) {
  return Array.isArray(value) ? value[0] : value;
}

// dist/src/wire/multipart-xml.js
import { createRequire as createRequire3 } from "node:module";
var parser;
function xmlParser() {
  if (!parser) {
    const library = createRequire3(import.meta.url)("fast-xml-parser");
    parser = new library.XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      removeNSPrefix: true,
      isArray: (name) => name === "Part" || name === "Upload",
      processEntities: true
    });
  }
  return parser;
}
function parseErrorXml(xml) {
  const error = child(parseXml(xml), "Error");
  if (!error)
    return void 0;
  return {
    code: text(error.Code) ?? "UnknownError",
    message: text(error.Message) ?? "",
    requestId: text(error.RequestId)
  };
}
function parseXml(xml) {
  if (!xml.trimStart().startsWith("<"))
    return void 0;
  try {
    const parsed = xmlParser().parse(xml);
    return isNode(parsed) ? parsed : void 0;
  } catch {
    return void 0;
  }
}
function isNode(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function child(node, name) {
  const value = node?.[name];
  if (value === "")
    return {};
  return isNode(value) ? value : void 0;
}
function text(value) {
  if (value === void 0 || value === null)
    return void 0;
  if (typeof value === "string")
    return value;
  if (typeof value === "number" || typeof value === "boolean")
    return String(value);
  return void 0;
}

// dist/src/core/retry-policy.js
var RETRYABLE_CODES = /* @__PURE__ */ new Set([
  "RequestTimeout",
  "SlowDown",
  "InternalError",
  "ServiceUnavailable",
  "Throttling",
  "ThrottlingException",
  "RequestThrottled",
  "TooManyRequests",
  "OperationAborted",
  "RequestTimeTooSkewed",
  // 409: a conditional write raced another write to the key; S3 documents a retry (which then
  // meets the winner's object and answers 412).
  "ConditionalRequestConflict"
]);
var FATAL_CODES = /* @__PURE__ */ new Set([
  "BadDigest",
  "InvalidDigest",
  "EntityTooSmall",
  "EntityTooLarge",
  "InvalidPart",
  "InvalidPartOrder",
  "NoSuchBucket",
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidBucketName",
  "MalformedXML",
  "InvalidArgument",
  "NotImplemented"
]);
var PERMANENT_5XX = /* @__PURE__ */ new Set([501, 505]);
function isRetryableServiceError(status, serviceCode) {
  if (serviceCode && FATAL_CODES.has(serviceCode))
    return false;
  if (serviceCode && RETRYABLE_CODES.has(serviceCode))
    return true;
  return status === 408 || status === 429 || status >= 500 && !PERMANENT_5XX.has(status);
}
function decideRetry(failure, attempt, policy, random = Math.random) {
  if (!failure.retryable || attempt >= policy.maxAttempts)
    return { retry: false };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = failure.retryAfterMs === void 0 ? 0 : Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  return { retry: true, delayMs: Math.max(jittered, asked) };
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0)
    return void 0;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed))
    return Number(trimmed) * 1e3;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}

// dist/src/checksum/checksum-refusal.js
var CONDITIONAL = /conditional/i;

// dist/src/http/service-error.js
function serviceError(what, status, headers, body, fields = {}) {
  const parsed = parseErrorXml(body);
  const requestId = parsed?.requestId ?? header(headers, "x-amz-request-id") ?? header(headers, "x-guploader-uploadid");
  const cause = parsed ? `${parsed.code}${parsed.message ? `: ${parsed.message}` : ""}` : body.trim().slice(0, 200) || "no error body";
  if (status === 407) {
    return new PartpushError("PARTPUSH_PROXY_ERROR", `${what}: the proxy refused the user name and password in the proxy URL (HTTP 407); correct them in the proxy URL`, { ...fields, status, retryable: false });
  }
  const said = status >= 400 ? proxysOwnAnswer(headers) : void 0;
  if (said)
    return proxysAnswer(what, status, said);
  if (status === 412) {
    return new PartpushError("PARTPUSH_PRECONDITION_FAILED", `${what}: an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was replaced (HTTP 412, ${cause})`, { ...fields, status, serviceCode: parsed?.code, requestId, retryable: false });
  }
  const hint = status === 501 && CONDITIONAL.test(cause) ? "; this store does not take conditional writes, so --no-clobber (ifNotExists) cannot be honoured here: drop it to upload" : "";
  return new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered HTTP ${status} (${cause})${hint}`, {
    ...fields,
    status,
    serviceCode: parsed?.code,
    requestId,
    retryable: isRetryableServiceError(status, parsed?.code),
    retryAfterMs: parseRetryAfter(header(headers, "retry-after"))
  });
}
function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// dist/src/source/part-reader.js
import { closeSync as closeSync2, fstatSync, openSync as openSync2, readSync as readSync2 } from "node:fs";

// dist/src/source/file-identity.js
function identityOf(stats) {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}
function identityChange(was, now) {
  if (now.size !== was.size)
    return `size ${was.size} -> ${now.size}`;
  if (now.ino !== was.ino)
    return "replaced by another file (a new inode)";
  if (now.mtimeMs !== was.mtimeMs)
    return `mtime ${iso(was.mtimeMs)} -> ${iso(now.mtimeMs)}`;
  if (now.ctimeMs !== was.ctimeMs)
    return `rewritten (ctime ${iso(was.ctimeMs)} -> ${iso(now.ctimeMs)}, mtime unchanged)`;
  return void 0;
}
function iso(ms) {
  const whole = new Date(ms).toISOString();
  return Number.isInteger(ms) ? whole : whole.replace(/Z$/, `${String(ms % 1).slice(2, 8)}Z`);
}

// dist/src/source/read-buffers.js
var MAX_CHUNK_SIZE = 1024 * 1024;
var MIN_CHUNK_SIZE = 256 * 1024;
var RING_CHUNKS = 2;
var RING_BUDGET = 16 * 1024 * 1024;
var ReadBuffers = class {
  /** Rings of finished attempts by chunk size, ready for the next part: never more of a size than were once in flight. */
  #spareRings = /* @__PURE__ */ new Map();
  #scratch;
  takeRing(chunkSize) {
    return this.#spareRings.get(chunkSize)?.pop() ?? Array.from({ length: RING_CHUNKS }, () => Buffer.allocUnsafeSlow(chunkSize));
  }
  returnRing(ring) {
    const size = ring[0].length;
    let spares = this.#spareRings.get(size);
    if (!spares)
      this.#spareRings.set(size, spares = []);
    spares.push(ring);
  }
  /** The one buffer checksum passes read into: passes on one thread take turns (ChecksumTurns), so never overlap. */
  get scratch() {
    return this.#scratch ??= Buffer.allocUnsafeSlow(MAX_CHUNK_SIZE);
  }
  /** Lets an idle thread give the memory back (inline mode keeps the main thread's buffers otherwise). */
  drop() {
    this.#spareRings.clear();
    this.#scratch = void 0;
  }
};

// dist/src/source/part-reader.js
function openPartReader(source, offset, length, thread2, chunkSize = MAX_CHUNK_SIZE) {
  switch (source.kind) {
    case "file":
      return new FilePartReader(source, offset, length, thread2, chunkSize);
    case "shared":
      return new SharedPartReader(source.buffer, source.byteOffset + offset, length, thread2, chunkSize);
    case "ring":
      return new SharedPartReader(source.buffer, slabStart(source, offset, length), length, thread2, chunkSize);
  }
}
function openPartRangeReader(source, part, from, length, thread2, chunkSize) {
  if (source.kind !== "ring")
    return openPartReader(source, part.offset + from, length, thread2, chunkSize);
  return new SharedPartReader(source.buffer, slabStart(source, part.offset, part.length) + from, length, thread2, chunkSize);
}
function slabStart(source, offset, length) {
  if (offset % source.slabSize !== 0 || length > source.slabSize) {
    throw new Error(`partpush bug: a stream part (${offset}+${length}) does not fit its ${source.slabSize}-byte slab`);
  }
  return offset / source.slabSize % source.slabCount * source.slabSize;
}
var SharedPartReader = class {
  #buffer;
  #start;
  #length;
  #thread;
  #chunkSize;
  constructor(buffer, start, length, thread2, chunkSize) {
    this.#buffer = buffer;
    this.#start = start;
    this.#length = length;
    this.#thread = thread2;
    this.#chunkSize = chunkSize;
  }
  crc32c() {
    return this.#thread.turns.checksum(() => this.#views());
  }
  *body(onChunk, isCancelled) {
    for (const view of this.#views()) {
      if (isCancelled())
        throw cancelled();
      onChunk(view.length);
      yield view;
    }
  }
  close() {
  }
  /** Zero-copy Buffer views over the shared memory (each under V8's 4 GiB view cap). */
  *#views() {
    for (let done = 0; done < this.#length; done += this.#chunkSize) {
      yield Buffer.from(this.#buffer, this.#start + done, Math.min(this.#chunkSize, this.#length - done));
    }
  }
};
var FilePartReader = class {
  #fd;
  /** The read buffers of the attempt being sent (see read-buffers.ts for why reuse is safe). */
  #ring;
  #source;
  #offset;
  #length;
  #thread;
  #chunkSize;
  constructor(source, offset, length, thread2, chunkSize) {
    this.#source = source;
    this.#offset = offset;
    this.#length = length;
    this.#thread = thread2;
    this.#chunkSize = chunkSize;
    try {
      this.#fd = openSync2(source.path, "r");
      const info = fstatSync(this.#fd);
      const change = identityChange(source, identityOf(info));
      if (change) {
        throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${source.path} changed while it was being uploaded (${change}); upload a file that is not being written to, or a copy of it`);
      }
    } catch (error) {
      this.close();
      throw error instanceof PartpushError ? error : readFailed(source.path, error);
    }
  }
  crc32c() {
    return this.#thread.turns.checksum(() => this.#scratchReads());
  }
  *body(onChunk, isCancelled) {
    const ring = this.#ring = this.#thread.buffers.takeRing(this.#chunkSize);
    for (let done = 0, k = 0; done < this.#length; done += this.#chunkSize, k++) {
      if (isCancelled())
        throw cancelled();
      const n = Math.min(this.#chunkSize, this.#length - done);
      const buffer = ring[k % RING_CHUNKS];
      const chunk = n === this.#chunkSize ? buffer : buffer.subarray(0, n);
      this.#readExactly(chunk, n, this.#offset + done);
      onChunk(n);
      yield chunk;
    }
  }
  close(succeeded = false) {
    if (this.#ring && succeeded)
      this.#thread.buffers.returnRing(this.#ring);
    this.#ring = void 0;
    if (this.#fd !== void 0) {
      const fd = this.#fd;
      this.#fd = void 0;
      closeSync2(fd);
    }
  }
  /** The part read chunk by chunk into the thread's one scratch buffer, for its checksum pass. */
  *#scratchReads() {
    const buffer = this.#thread.buffers.scratch;
    for (let done = 0; done < this.#length; done += MAX_CHUNK_SIZE) {
      const n = Math.min(MAX_CHUNK_SIZE, this.#length - done);
      this.#readExactly(buffer, n, this.#offset + done);
      yield n === MAX_CHUNK_SIZE ? buffer : buffer.subarray(0, n);
    }
  }
  #readExactly(target, n, position) {
    if (this.#fd === void 0) {
      throw new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `${this.#source.path}: read after the part was released`);
    }
    let got = 0;
    try {
      while (got < n) {
        const read = readSync2(this.#fd, target, got, n - got, position + got);
        if (read === 0)
          break;
        got += read;
      }
    } catch (error) {
      throw readFailed(this.#source.path, error);
    }
    if (got < n) {
      throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${this.#source.path} shrank while it was being uploaded (expected ${this.#source.size} bytes)`);
    }
  }
};
function readFailed(path, error) {
  const err = error;
  return new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `cannot read ${path}: ${err.message}`, { causeCode: err.code });
}
function cancelled() {
  return new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
}

// dist/src/seekable/seek-table.js
var SEEK_TABLE_MAGIC = 407710302;
var SEEKABLE_MAGIC = 2408770225;
var FOOTER_SIZE = 9;
var FRAME_HEADER_SIZE = 8;
function encodeSeekTable(entries) {
  const size = seekTableSize(entries.length);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(SEEK_TABLE_MAGIC, 0);
  out.writeUInt32LE(size - FRAME_HEADER_SIZE, 4);
  let at = FRAME_HEADER_SIZE;
  for (const entry of entries) {
    out.writeUInt32LE(entry.compressedSize, at);
    out.writeUInt32LE(entry.decompressedSize, at + 4);
    at += 8;
  }
  out.writeUInt32LE(entries.length, at);
  out.writeUInt8(0, at + 4);
  out.writeUInt32LE(SEEKABLE_MAGIC, at + 5);
  return out;
}
function seekTableSize(frames) {
  return FRAME_HEADER_SIZE + 8 * frames + FOOTER_SIZE;
}

// dist/src/compress/held-slabs.js
var SlabPool = class {
  slabSize;
  #free = [];
  /** Slabs handed out and not yet given back or dropped. */
  #held = 0;
  #limit;
  #waiting = [];
  constructor(slabSize, budgetBytes) {
    this.slabSize = slabSize;
    this.#limit = Math.ceil(budgetBytes / slabSize);
  }
  /**
   * Makes sure a part of up to `bytes` can be held whole: otherwise a part larger than the budget
   * would wait forever for slabs that no other part holds.
   */
  fitPart(bytes) {
    this.#limit = Math.max(this.#limit, Math.ceil(bytes / this.slabSize));
  }
  async take() {
    while (this.#held >= this.#limit)
      await new Promise((resolve) => this.#waiting.push(resolve));
    this.#held++;
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.slabSize);
  }
  /**
   * Slabs back from a part. `reuse`: the store acknowledged the attempt, so nothing can still read
   * them; after a failed attempt a write of them may still be queued, so they are left to the GC.
   */
  give(slabs, reuse) {
    this.#held -= slabs.length;
    if (reuse)
      this.#free.push(...slabs);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting)
      wake();
  }
  /** Lets an idle thread give the memory back. */
  dropFree() {
    this.#free.length = 0;
  }
};
var SlabChain = class {
  #pool;
  #slabs = [];
  /** Bytes in the last slab. */
  #fill = 0;
  #length = 0;
  constructor(pool) {
    this.#pool = pool;
  }
  get length() {
    return this.#length;
  }
  /** Copies `bytes` onto the end, taking slabs as needed (waiting for them under the budget). */
  append(bytes) {
    return this.#write(bytes.length, (slab, at, from, n) => slab.set(bytes.subarray(from, from + n), at));
  }
  /** Appends `length` zero bytes. */
  appendZeros(length) {
    return this.#write(length, (slab, at, _from, n) => slab.fill(0, at, at + n));
  }
  /** `length` bytes from `start`, in order, as views of at most `chunkSize` bytes (none across two slabs). */
  *range(start, length, chunkSize) {
    const size = this.#pool.slabSize;
    for (let at = start, end = start + length; at < end; ) {
      const inSlab = at % size;
      const n = Math.min(chunkSize, size - inSlab, end - at);
      yield this.#slabs[Math.floor(at / size)].subarray(inSlab, inSlab + n);
      at += n;
    }
  }
  /** Gives the slabs back to the pool (see SlabPool.give for `reuse`). */
  release(reuse) {
    this.#pool.give(this.#slabs.splice(0), reuse);
  }
  /** Fills `length` bytes at the end, slab by slab: `put` writes `n` of them, from `from` on, at `at` in `slab`. */
  async #write(length, put) {
    for (let done = 0; done < length; ) {
      const slab = await this.#room();
      const n = Math.min(length - done, slab.length - this.#fill);
      put(slab, this.#fill, done, n);
      this.#fill += n;
      this.#length += n;
      done += n;
    }
  }
  async #room() {
    const last = this.#slabs.at(-1);
    if (last !== void 0 && this.#fill < last.length)
      return last;
    const slab = await this.#pool.take();
    this.#slabs.push(slab);
    this.#fill = 0;
    return slab;
  }
};

// dist/src/compress/raw-frame.js
var ZSTD_MAGIC = 4247762216;
var RAW_BLOCK_SIZE = 128 * 1024;
var RAW_CONTENT_CHUNK = 8 * RAW_BLOCK_SIZE;
var DESCRIPTOR = 2 << 6 | 1 << 5;
var HEADER_SIZE = 4 + 1 + 4;
var BLOCK_HEADER_SIZE = 3;
var RAW_FRAMED_CHUNK = HEADER_SIZE + RAW_CONTENT_CHUNK + RAW_CONTENT_CHUNK / RAW_BLOCK_SIZE * BLOCK_HEADER_SIZE;
function rawFrameSize(contentLength) {
  return HEADER_SIZE + contentLength + BLOCK_HEADER_SIZE * Math.ceil(contentLength / RAW_BLOCK_SIZE);
}
function* rawFrames(run, content, nextBuffer) {
  for (const [i, length] of run.frames.entries()) {
    let crc = 0;
    for (let done = 0; done < length; ) {
      const next = content.next();
      const chunk = next.done === true ? void 0 : next.value;
      if (chunk === void 0 || done + chunk.length > length) {
        throw new Error(`partpush bug: a raw frame's content does not fit its ${length} bytes (at ${done})`);
      }
      const out = nextBuffer();
      let at = 0;
      if (done === 0) {
        out.writeUInt32LE(ZSTD_MAGIC, 0);
        out.writeUInt8(DESCRIPTOR, 4);
        out.writeUInt32LE(length, 5);
        at = HEADER_SIZE;
      }
      for (let from = 0; from < chunk.length; from += RAW_BLOCK_SIZE) {
        const size = Math.min(RAW_BLOCK_SIZE, chunk.length - from);
        out.writeUIntLE(size << 3 | (done + from + size >= length ? 1 : 0), at, BLOCK_HEADER_SIZE);
        chunk.copy(out, at + BLOCK_HEADER_SIZE, from, from + size);
        at += BLOCK_HEADER_SIZE + size;
      }
      crc = crc32c(chunk, crc);
      done += chunk.length;
      if (done === length && crc !== run.crcs[i]) {
        throw new PartpushError("PARTPUSH_SOURCE_CHANGED", "the source changed while it was being uploaded (a frame read again to be sent differs from the one compressed); upload a copy that is not being written to");
      }
      yield out.subarray(0, at);
    }
  }
}

// dist/src/compress/compress-part.js
var PADDING_MAGIC = 407710288;
var SKIPPABLE_HEADER = 8;
async function compressPart(source, part, spec, thread2, isCancelled) {
  const { frameSize, level } = spec;
  const zstd = thread2.compressors;
  const frames = Math.max(1, Math.ceil(part.length / frameSize));
  zstd.slabs.fitPart(Math.max(frames * zstd.bound(frameSize), spec.padTo) + SKIPPABLE_HEADER + seekTableRoom(spec, frames));
  const out = new PartOutput(new SlabChain(zstd.slabs));
  let crc = 0;
  try {
    if (part.length === 0) {
      const scratch = zstd.scratch(0);
      await out.hold(scratch.subarray(0, zstd.compress(level, scratch, new Uint8Array(0))), 0);
    } else {
      const reader = openPartReader(source, part.offset, part.length, thread2, frameSize);
      let succeeded = false;
      try {
        let from = 0;
        let lastWasRaw = false;
        for (const frame of reader.body(() => void 0, isCancelled)) {
          const made = makeFrame(zstd, level, frame, lastWasRaw);
          crc = crc32cCombine(crc, made.crc32c, frame.length);
          lastWasRaw = made.bytes === void 0;
          if (made.bytes === void 0)
            out.raw(from, frame.length, made.crc32c);
          else
            await out.hold(made.bytes, frame.length);
          from += frame.length;
          await new Promise((resolve) => setImmediate(resolve));
        }
        succeeded = true;
      } finally {
        reader.close(succeeded);
      }
    }
    if (out.length < spec.padTo)
      await out.pad(spec.padTo - out.length);
    if (spec.withSeekTable)
      await out.seekTable();
    if (isCancelled())
      throw new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
  } catch (error) {
    out.held.release(true);
    throw error;
  }
  return { held: out.held, segments: out.segments, length: out.length, entries: out.entries, crc32c: crc };
}
function makeFrame(zstd, level, frame, afterRaw) {
  const zeros = zstd.zeros.of(level, frame);
  if (zeros)
    return { bytes: zeros.compressed, crc32c: zeros.crc32c };
  const crc = crc32c(frame);
  const scratch = zstd.scratch(frame.length);
  if (afterRaw && !shrinks(zstd, level, scratch, frame))
    return { crc32c: crc };
  const n = zstd.compress(level, scratch, frame);
  return n > frame.length ? { crc32c: crc } : { bytes: scratch.subarray(0, n), crc32c: crc };
}
var PartOutput = class {
  held;
  segments = [];
  entries = [];
  length = 0;
  constructor(held) {
    this.held = held;
  }
  /** A frame zstd made, held in the slabs. */
  async hold(frame, decompressedSize) {
    await this.held.append(frame);
    this.entries.push({ compressedSize: frame.length, decompressedSize });
    this.#heldMore(frame.length);
  }
  /** A skippable frame of `length` bytes (at least its 8-byte header). */
  async pad(length) {
    const size = Math.max(SKIPPABLE_HEADER, length);
    const header2 = Buffer.alloc(SKIPPABLE_HEADER);
    header2.writeUInt32LE(PADDING_MAGIC, 0);
    header2.writeUInt32LE(size - SKIPPABLE_HEADER, 4);
    await this.held.append(header2);
    await this.held.appendZeros(size - SKIPPABLE_HEADER);
    this.entries.push({ compressedSize: size, decompressedSize: 0 });
    this.#heldMore(size);
  }
  /** The seek table of the frames so far: the end of an object sent in one PUT. */
  async seekTable() {
    const table = encodeSeekTable(this.entries);
    await this.held.append(table);
    this.#heldMore(table.length);
  }
  /** A frame of the source at `from` (within the part) that zstd could not shrink: sent raw, re-read (and checked against `crc`). */
  raw(from, length, crc) {
    const last = this.segments.at(-1);
    const joins = last?.kind === "raw" && last.from + sum(last.frames) === from && last.frames.at(-1) % RAW_CONTENT_CHUNK === 0;
    if (joins) {
      last.frames.push(length);
      last.crcs.push(crc);
    } else
      this.segments.push({ kind: "raw", from, frames: [length], crcs: [crc] });
    this.entries.push({ compressedSize: rawFrameSize(length), decompressedSize: length });
    this.length += rawFrameSize(length);
  }
  #heldMore(bytes) {
    const last = this.segments.at(-1);
    if (last?.kind === "held")
      last.length += bytes;
    else
      this.segments.push({ kind: "held", length: bytes });
    this.length += bytes;
  }
};
function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
var PROBE_SIZE = 128 * 1024;
function shrinks(zstd, level, scratch, frame) {
  const probe = frame.subarray(0, PROBE_SIZE);
  return zstd.compress(level, scratch, probe) < probe.length;
}
function seekTableRoom(spec, frames) {
  return spec.withSeekTable ? seekTableSize(frames + 1) : 0;
}

// dist/src/compress/frame-table.js
var HEADER2 = 3;
var PART_HEADER = 2;
var FrameTable = class {
  buffer;
  #slots;
  /** A new table for parts `firstPart` to `firstPart + parts - 1`, or one made elsewhere (`buffer`). */
  constructor(from) {
    if (from instanceof SharedArrayBuffer) {
      this.buffer = from;
      this.#slots = new Uint32Array(from);
      return;
    }
    this.buffer = new SharedArrayBuffer(4 * (HEADER2 + from.parts * (PART_HEADER + 2 * from.entriesPerPart)));
    this.#slots = new Uint32Array(this.buffer);
    this.#slots.set([from.firstPart, from.parts, from.entriesPerPart]);
  }
  get firstPart() {
    return this.#slots[0];
  }
  get parts() {
    return this.#slots[1];
  }
  get entriesPerPart() {
    return this.#slots[2];
  }
  /** Worker: the frames of part `partNumber` and the CRC32C of its uncompressed bytes. */
  write(partNumber, entries, crc32c2) {
    if (entries.length > this.entriesPerPart) {
      throw new Error(`partpush bug: part ${partNumber} has ${entries.length} frames, room for ${this.entriesPerPart}`);
    }
    const at = this.#at(partNumber);
    this.#slots[at] = entries.length;
    this.#slots[at + 1] = crc32c2;
    entries.forEach((entry, i) => {
      this.#slots[at + PART_HEADER + 2 * i] = entry.compressedSize;
      this.#slots[at + PART_HEADER + 2 * i + 1] = entry.decompressedSize;
    });
  }
  /** Main thread, once the part is done: its frames, in order. */
  entries(partNumber) {
    const at = this.#at(partNumber);
    return Array.from({ length: this.#slots[at] }, (_, i) => ({
      compressedSize: this.#slots[at + PART_HEADER + 2 * i],
      decompressedSize: this.#slots[at + PART_HEADER + 2 * i + 1]
    }));
  }
  /** The part's bytes as sent: the sum of its frames' compressed sizes. */
  compressedLength(partNumber) {
    return this.entries(partNumber).reduce((sum2, entry) => sum2 + entry.compressedSize, 0);
  }
  /** CRC32C of the part's uncompressed bytes. */
  crc32c(partNumber) {
    return this.#slots[this.#at(partNumber) + 1];
  }
  #at(partNumber) {
    const index = partNumber - this.firstPart;
    if (index < 0 || index >= this.parts)
      throw new Error(`partpush bug: part ${partNumber} is not in this frame table`);
    return HEADER2 + index * (PART_HEADER + 2 * this.entriesPerPart);
  }
};

// dist/src/compress/compressed-part-reader.js
async function openCompressedPartReader(source, part, spec, thread2, chunkSize, isCancelled) {
  const compressed = await thread2.compressors.inTurn(() => compressPart(source, part, spec, thread2, isCancelled));
  const raw = new RawSending(thread2);
  const bytes = (cancelled2) => partBytes(compressed, { source, part, thread: thread2, chunkSize, cancelled: cancelled2, raw });
  return {
    length: compressed.length,
    // In turns with the thread's other checksum passes (checksum-turns.ts): raw frames are read again for it.
    crc32c: () => thread2.turns.checksum(() => bytes(() => false)),
    *body(onChunk, cancelled2) {
      for (const view of bytes(cancelled2)) {
        if (cancelled2())
          throw new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
        onChunk(view.length);
        yield view;
      }
    },
    close: (succeeded = false) => {
      compressed.held.release(succeeded);
      raw.close(succeeded);
    },
    record: () => new FrameTable(spec.table).write(part.partNumber, compressed.entries, compressed.crc32c)
  };
}
var RawSending = class {
  #thread;
  #open = /* @__PURE__ */ new Set();
  #rings = [];
  #closed = false;
  constructor(thread2) {
    this.#thread = thread2;
  }
  /** A reader of `length` source bytes at `from` within the part, closed with the part if its run is left unfinished. */
  open(c, from, length, chunkSize) {
    this.#throwIfClosed();
    const reader = openPartRangeReader(c.source, c.part, from, length, this.#thread, chunkSize);
    this.#open.add(reader);
    return reader;
  }
  /** Its run framed: the reader's buffers can be reused at once (the frames hold copies). */
  done(reader) {
    this.#open.delete(reader);
    reader.close(true);
  }
  /** The next buffer of a ring of framed chunks, one ring per body. */
  ring() {
    this.#throwIfClosed();
    const ring = this.#thread.buffers.takeRing(RAW_FRAMED_CHUNK);
    this.#rings.push(ring);
    let k = 0;
    return () => ring[k++ % ring.length];
  }
  close(succeeded) {
    this.#closed = true;
    for (const reader of this.#open)
      reader.close(false);
    this.#open.clear();
    for (const ring of this.#rings.splice(0))
      if (succeeded)
        this.#thread.buffers.returnRing(ring);
  }
  #throwIfClosed() {
    if (this.#closed)
      throw new PartpushError("PARTPUSH_ABORTED", "a compressed part was read after its attempt ended");
  }
};
function* partBytes(compressed, c) {
  let heldAt = 0;
  let nextBuffer;
  const rawChunk = Math.min(c.chunkSize, RAW_CONTENT_CHUNK);
  for (const segment of compressed.segments) {
    if (segment.kind === "held") {
      yield* compressed.held.range(heldAt, segment.length, c.chunkSize);
      heldAt += segment.length;
      continue;
    }
    nextBuffer ??= c.raw.ring();
    const reader = c.raw.open(c, segment.from, sum(segment.frames), rawChunk);
    yield* rawFrames(segment, reader.body(() => void 0, c.cancelled), nextBuffer);
    c.raw.done(reader);
  }
}

// dist/src/lane/attempt-watch.js
var AttemptWatch = class {
  #controller = new AbortController();
  #state;
  #stallTimeoutMs;
  #onStop = () => this.#controller.abort();
  #timer;
  #stalled = false;
  constructor(state, stallTimeoutMs) {
    this.#state = state;
    this.#stallTimeoutMs = stallTimeoutMs;
  }
  get signal() {
    return this.#controller.signal;
  }
  get stalled() {
    return this.#stalled;
  }
  start() {
    this.#state.signal.addEventListener("abort", this.#onStop);
    this.#timer = setTimeout(() => {
      this.#stalled = true;
      this.#controller.abort();
    }, this.#stallTimeoutMs);
  }
  /** Bytes moved: the stall clock starts over. */
  progress() {
    this.#timer?.refresh();
  }
  end() {
    clearTimeout(this.#timer);
    this.#state.signal.removeEventListener("abort", this.#onStop);
  }
};

// dist/src/checksum/aws-chunked.js
var CRC32C_TRAILER = "x-amz-checksum-crc32c";
var STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
var AWS_CHUNK_BYTES = 8 * 1024 * 1024;
var TRAILER_LINE_BYTES = `${CRC32C_TRAILER}:AAAAAA==\r
`.length;
var END_BYTES = "0\r\n".length + TRAILER_LINE_BYTES + "\r\n".length;
function awsChunkedLength(dataLength, chunkBytes = AWS_CHUNK_BYTES) {
  const full = Math.floor(dataLength / chunkBytes);
  const rest = dataLength - full * chunkBytes;
  const framing = (n) => n.toString(16).length + 4;
  return dataLength + full * framing(chunkBytes) + (rest > 0 ? framing(rest) : 0) + END_BYTES;
}
function awsChunkedHeaders(dataLength, chunkBytes = AWS_CHUNK_BYTES) {
  return {
    "content-length": String(awsChunkedLength(dataLength, chunkBytes)),
    "content-encoding": "aws-chunked",
    "x-amz-content-sha256": STREAMING_UNSIGNED_TRAILER,
    "x-amz-decoded-content-length": String(dataLength),
    "x-amz-trailer": CRC32C_TRAILER,
    // Not needed by S3 itself; moto reports the trailer's checksum back only when it is named here.
    "x-amz-sdk-checksum-algorithm": "CRC32C"
  };
}
function* awsChunked(chunks, dataLength, trailer, chunkBytes = AWS_CHUNK_BYTES) {
  let unframed = dataLength;
  let leftInChunk = 0;
  let between = "";
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      if (leftInChunk === 0) {
        if (unframed === 0)
          throw new Error(`aws-chunked: the body has more than the ${dataLength} bytes declared`);
        leftInChunk = Math.min(chunkBytes, unframed);
        unframed -= leftInChunk;
        yield Buffer.from(`${between}${leftInChunk.toString(16)}\r
`, "latin1");
        between = "\r\n";
      }
      const n = Math.min(leftInChunk, chunk.length - at);
      yield n === chunk.length ? chunk : chunk.subarray(at, at + n);
      leftInChunk -= n;
      at += n;
    }
  }
  if (unframed > 0 || leftInChunk > 0)
    throw new Error(`aws-chunked: the body ended short of the ${dataLength} bytes declared`);
  yield Buffer.from(`${between}0\r
${CRC32C_TRAILER}:${trailer()}\r
\r
`, "latin1");
}

// dist/src/lane/part-body.js
async function partBody(reader, spec) {
  const { dialect, length } = spec;
  const data = () => length === 0 ? void 0 : reader.body(spec.onChunk, spec.isCancelled);
  if (spec.checksum === void 0) {
    return { headers: { "content-length": String(length) }, body: data(), crc32c: () => void 0 };
  }
  if (spec.checksum === "crc32c-header" || length === 0) {
    const crc = length === 0 ? 0 : await reader.crc32c();
    return { headers: { "content-length": String(length), ...checksumHeaders(dialect, crc) }, body: data(), crc32c: () => crc };
  }
  const running = runningCrc32c(data(), length);
  if (dialect === "gcs") {
    return { headers: { "content-length": String(length) }, body: running.chunks, crc32c: running.value };
  }
  return {
    headers: awsChunkedHeaders(length),
    // The trailer is asked for after the last chunk, when the CRC32C is complete.
    body: awsChunked(running.chunks, length, () => crc32cToBase64(running.value())),
    crc32c: running.value
  };
}
function runningCrc32c(chunks, length) {
  let crc = 0;
  let seen = 0;
  function* checksummed() {
    for (const chunk of chunks) {
      crc = crc32c(chunk, crc);
      seen += chunk.length;
      yield chunk;
    }
  }
  return {
    chunks: checksummed(),
    // A store that answers before it has every byte must not be checked against a prefix's CRC32C.
    value: () => seen === length ? crc : void 0
  };
}

// dist/src/lane/send-part.js
async function sendPart(attempt, thread2) {
  const { upload, part } = attempt;
  if (upload.compression)
    return sendCompressedPart(attempt, thread2, upload.compression);
  const reader = openPartReader(upload.source, part.offset, part.length, thread2, upload.chunkSize);
  let succeeded = false;
  try {
    const result = await sendFromReader(attempt, thread2, reader);
    succeeded = true;
    return result;
  } finally {
    reader.close(succeeded);
  }
}
async function sendCompressedPart(attempt, thread2, spec) {
  const { upload, part, state } = attempt;
  const reader = await openCompressedPartReader(upload.source, part, spec, thread2, upload.chunkSize, () => state.stopped);
  let succeeded = false;
  try {
    const result = await sendFromReader({ ...attempt, part: { ...part, length: reader.length } }, thread2, reader);
    reader.record();
    state.addBytesSent(part.length - reader.length);
    succeeded = true;
    return result;
  } finally {
    reader.close(succeeded);
  }
}
async function sendFromReader(attempt, thread2, reader) {
  const { upload, part, state } = attempt;
  const { partNumber, length } = part;
  const what = upload.uploadId ? `part ${partNumber}` : "object upload";
  const watch = new AttemptWatch(state, upload.stallTimeoutMs);
  let sent = 0;
  const body = await partBody(reader, {
    dialect: upload.dialect,
    length,
    checksum: upload.checksum,
    onChunk: (n) => {
      sent += n;
      state.addBytesSent(n);
      if (sent === length)
        state.addPartSent(1);
      watch.progress();
    },
    isCancelled: () => state.stopped
  });
  const request = partRequest(upload, partNumber, body.headers);
  const headers = await authorizeRequest(request, attempt.auth, thread2.signers);
  watch.start();
  const session = thread2.sessions.get(upload.transport);
  let answered = false;
  try {
    const response = await requestOn(session, {
      path: pathWithQuery(request),
      method: "PUT",
      headers,
      // undici sends any iterable (its types list only streams and buffers).
      body: capped(body.body, upload, state, () => watch.progress()),
      // Lets undici put this PUT on an HTTP/2 session beside others (it holds back non-idempotent
      // requests). Safe: a part PUT with the same bytes can be repeated.
      idempotent: true,
      signal: watch.signal
    });
    const text2 = await response.body.text();
    answered = true;
    if (response.statusCode !== 200)
      throw serviceError(what, response.statusCode, response.headers, text2, { partNumber });
    const etag = header(response.headers, "etag");
    if (!etag) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered 200 without an ETag`, {
        status: 200,
        partNumber,
        retryable: true
      });
    }
    const crc = body.crc32c();
    if (upload.checksum && crc === void 0) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered 200 after ${sent} of the ${length} bytes had been sent`, {
        status: 200,
        partNumber,
        retryable: true
      });
    }
    const confirmed = crc !== void 0 && checkReportedChecksum(what, upload, partNumber, response.headers, crc);
    if (length === 0)
      state.addPartSent(1);
    state.addPartDone();
    return { partNumber, etag, length, crc32c: crc, crc32cConfirmed: confirmed, attempts: attempt.attempt };
  } catch (error) {
    state.addBytesSent(-sent);
    if (sent === length && length > 0)
      state.addPartSent(-1);
    if (state.stopped)
      throw new PartpushError("PARTPUSH_ABORTED", `${what}: cancelled`, { partNumber });
    if (!answered)
      thread2.sessions.reportFailure(upload.transport, session);
    if (watch.stalled) {
      throw new PartpushError("PARTPUSH_NETWORK_ERROR", `${what}: stalled: no progress for ${upload.stallTimeoutMs / 1e3} s (${sent} of ${length} bytes sent)`, { partNumber, retryable: true, causeCode: "STALLED" });
    }
    throw toPartpushError(error, what, { partNumber });
  } finally {
    watch.end();
  }
}
function capped(body, upload, state, onTurn) {
  if (body === void 0 || upload.bandwidth === void 0)
    return body;
  return throttledBody(body, new BandwidthCap(upload.bandwidth), () => state.stopped, onTurn);
}
function partRequest(upload, partNumber, bodyHeaders) {
  return {
    method: "PUT",
    origin: upload.transport.origin,
    path: upload.path,
    query: upload.uploadId ? partQuery(upload.uploadId, partNumber) : {},
    headers: {
      // Some stores (moto) keep 0 bytes of a PUT whose content type looks like a form.
      "content-type": "application/octet-stream",
      // A single PUT creates the object: its attributes and condition travel with it.
      ...upload.uploadId ? {} : { ...upload.object?.headers, ...upload.object?.condition },
      ...bodyHeaders
    }
  };
}
function checkReportedChecksum(what, upload, partNumber, headers, crc) {
  const reported = crc32cFromHeaders(headers);
  if (reported === crc32cToBase64(crc))
    return true;
  if (reported === void 0) {
    if (upload.dialect !== "gcs" || upload.checksum === "crc32c-header" || !isGoogleCloudStorage(upload.transport.origin))
      return false;
    throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered without the part's CRC32C (no x-goog-hash), so the bytes it received cannot be checked; GCS reports it on every part: if this is another store, use the s3:// dialect, or --checksum none`, { partNumber, status: 200, retryable: false });
  }
  throw new PartpushError("PARTPUSH_CHECKSUM_MISMATCH", `${what}: the store reports CRC32C ${reported} for the bytes it received, the bytes sent make ${crc32cToBase64(crc)}; the upload was stopped and aborted: check the network path (proxies) to the store, then upload again`, { partNumber, retryable: false });
}
function isGoogleCloudStorage(origin) {
  const host = new URL(origin).hostname;
  return host === "storage.googleapis.com" || host.endsWith(".storage.googleapis.com");
}

// dist/src/lane/upload-state.js
var STOP = 0;
var BYTES_SENT = 1;
var PARTS_DONE = 2;
var PARTS_SENT = 3;
var BYTES2 = 32;
var RUNNING = 0;
var REASONS = ["cancelled", "failed", "finished"];
var UploadState = class {
  buffer;
  #flags;
  #counts;
  #controller;
  constructor(buffer = new SharedArrayBuffer(BYTES2)) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 1);
    this.#counts = new BigInt64Array(buffer, 0, 4);
  }
  /** Stops the upload for `reason` unless it has already stopped; true when this call stopped it. */
  stop(reason) {
    const won = Atomics.compareExchange(this.#flags, STOP, RUNNING, REASONS.indexOf(reason) + 1) === RUNNING;
    if (won)
      Atomics.notify(this.#flags, STOP);
    this.#controller?.abort();
    return won;
  }
  /**
   * Main thread, once every lane has ended: lets an upload stopped by a failure it has dealt with
   * (a checksum form the store refused, to be sent again in another) go on. A cancel is never
   * undone. Signals taken from this view before are spent; `signal` gives a fresh one.
   */
  reopen() {
    const reopened = Atomics.compareExchange(this.#flags, STOP, REASONS.indexOf("failed") + 1, RUNNING) === REASONS.indexOf("failed") + 1;
    if (reopened)
      this.#controller = void 0;
    return reopened;
  }
  /** Why the upload stopped, or undefined while it runs. */
  get stopReason() {
    const value = Atomics.load(this.#flags, STOP);
    return value === RUNNING ? void 0 : REASONS[value - 1];
  }
  /** True once anything stopped the upload: lanes take no further part and end. */
  get stopped() {
    return Atomics.load(this.#flags, STOP) !== RUNNING;
  }
  /** Fires on this thread when any thread stops the upload (ends backoff waits and requests in flight). */
  get signal() {
    if (!this.#controller) {
      const controller = this.#controller = new AbortController();
      const watch = () => {
        if (this.stopped) {
          controller.abort();
          return;
        }
        const wait = Atomics.waitAsync(this.#flags, STOP, RUNNING);
        if (wait.async)
          void wait.value.then(watch);
        else
          controller.abort();
      };
      watch();
    }
    return this.#controller.signal;
  }
  /** Negative on a failed attempt: bytes it had sent will be sent again. */
  addBytesSent(bytes) {
    Atomics.add(this.#counts, BYTES_SENT, BigInt(bytes));
  }
  get bytesSent() {
    return Number(Atomics.load(this.#counts, BYTES_SENT));
  }
  addPartDone() {
    Atomics.add(this.#counts, PARTS_DONE, 1n);
  }
  get partsDone() {
    return Number(Atomics.load(this.#counts, PARTS_DONE));
  }
  /**
   * A part's last byte was handed to the network (-1: its attempt failed after that, it will be
   * sent again). Counted with the bytes, not with the store's answers, so that the progress line's
   * parts move with its bytes: answers come back in bunches, long after the bytes, from a store
   * that reads slowly behind large windows.
   */
  addPartSent(delta) {
    Atomics.add(this.#counts, PARTS_SENT, BigInt(delta));
  }
  get partsSent() {
    return Number(Atomics.load(this.#counts, PARTS_SENT));
  }
};

// dist/src/lane/with-retries.js
import { setTimeout as sleep2 } from "node:timers/promises";
async function withRetries(attempt, options) {
  const { policy, signal } = options;
  for (let n = options.firstAttempt ?? 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const failure = error instanceof PartpushError ? error : new PartpushError("PARTPUSH_WORKER_FAILED", String(error?.message ?? error));
      failure.attempts = n;
      const decision = decideRetry(failure, n, policy);
      if (!decision.retry || signal?.aborted)
        throw failure;
      options.onRetry?.({
        what: options.what ?? "request",
        partNumber: failure.partNumber,
        attempt: n,
        maxAttempts: policy.maxAttempts,
        delayMs: decision.delayMs,
        code: failure.code,
        status: failure.status,
        serviceCode: failure.serviceCode,
        causeCode: failure.causeCode,
        message: failure.message
      });
      try {
        await sleep2(decision.delayMs, void 0, { signal });
      } catch {
        throw failure;
      }
    }
  }
}

// dist/src/lane/run-lane.js
async function runLane(task, channel, thread2, hooks = {}) {
  const { upload } = task;
  const board = new PartBoard(task.board);
  const state = new UploadState(upload.state);
  let partsSent = 0;
  const takenBack = [...task.takenBack];
  for (const index of takenBack)
    board.hold(index, task.lane);
  const stopListening = thread2.connections.listen((event) => channel.connection(event));
  try {
    while (!state.stopped) {
      if (board.contended && partsSent > 0)
        break;
      const index = takenBack.shift() ?? board.claim(task.lane);
      if (index === void 0)
        break;
      const result = await sendWithRetries(index);
      board.finish(index, result.etag, result.crc32c, result.crc32cConfirmed);
      if (upload.reportEachPart)
        channel.partDone(index);
      partsSent++;
    }
    return {};
  } catch (error) {
    state.stop("failed");
    const failure = error instanceof PartpushError ? error : new PartpushError("PARTPUSH_WORKER_FAILED", `lane ${task.lane}: ${error?.message ?? error}`);
    return { error: toErrorRecord(failure) };
  } finally {
    stopListening();
  }
  function sendWithRetries(index) {
    const part = partRange(upload.plan, board.partNumber(index));
    let refreshed = false;
    return withRetries(async (attempt) => {
      board.setAttempts(index, attempt);
      hooks.beforeAttempt?.(part.partNumber, attempt);
      try {
        return await sendPart({ upload, part, attempt, auth: channel.auth(), state }, thread2);
      } catch (error) {
        if (error instanceof PartpushError && error.status === 401 && !refreshed) {
          refreshed = true;
          error.retryable = await channel.refreshAuth();
        }
        throw error;
      }
    }, {
      policy: upload.retry,
      signal: state.signal,
      firstAttempt: board.attempts(index) + 1,
      what: `part ${part.partNumber}`,
      onRetry: (event) => channel.retrying(event)
    });
  }
}

// dist/src/auth/signer-cache.js
var signerModules;
var SignerCache = class {
  #signers = /* @__PURE__ */ new Map();
  async signerFor(auth) {
    const [{ SignatureV4 }, { Hash }] = await (signerModules ??= Promise.all([
      import("@smithy/signature-v4"),
      import("@smithy/hash-node")
    ]));
    const cacheKey = `${auth.accessKeyId}\0${auth.secretAccessKey}\0${auth.sessionToken ?? ""}\0${auth.region}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      if (this.#signers.size > 16)
        this.#signers.clear();
      signer = new SignatureV4({
        credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken },
        region: auth.region,
        service: "s3",
        sha256: Hash.bind(null, "sha256"),
        // S3 signs the path as sent, without the double encoding other AWS services use.
        uriEscapePath: false,
        applyChecksum: false
      });
      this.#signers.set(cacheKey, signer);
    }
    return signer;
  }
};

// dist/src/lane/connection-events.js
var ConnectionEvents = class {
  #listeners = /* @__PURE__ */ new Set();
  /** While a lane runs: where this thread's connection events go. Returns the function that stops. */
  listen(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(event) {
    for (const listener of this.#listeners) {
      listener(event);
      return;
    }
  }
};

// dist/src/http/session-cache.js
import { threadId } from "node:worker_threads";

// dist/src/proxy/proxy-route.js
import { isIP } from "node:net";
function proxyAddress(route) {
  const url = new URL(route.proxy);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port), tls: url.protocol === "https:" };
}
function proxyDialOptions(route) {
  const { host, port, tls } = proxyAddress(route);
  if (!tls)
    return { host, port };
  return { host, port, ...route.ca ? { ca: route.ca } : {}, ...isIP(host) ? {} : { servername: host } };
}

// dist/src/proxy/proxied-http-client.js
var ProxiedHttpClient = class extends Dispatcher {
  #client;
  #origin;
  #authorization;
  constructor(origin, route) {
    super();
    this.#origin = origin;
    this.#authorization = route.authorization;
    const { ca, servername } = proxyDialOptions(route);
    this.#client = new Client(route.proxy, { pipelining: 1, allowH2: false, connect: { ca, servername } });
    const store = new URL(origin);
    this.#client.on("connect", (_proxy, targets) => this.emit("connect", store, targets));
    this.#client.on("disconnect", (_proxy, targets, error) => this.emit("disconnect", store, targets, error));
  }
  get stats() {
    return this.#client.stats;
  }
  dispatch(options, handler) {
    const headers = { ...options.headers };
    if (this.#authorization)
      headers["proxy-authorization"] = this.#authorization;
    return this.#client.dispatch({ ...options, path: `${this.#origin}${options.path}`, headers }, handler);
  }
  close(callback) {
    return callback ? this.#client.close(callback) : this.#client.close();
  }
  destroy(errOrCallback, callback) {
    if (typeof errOrCallback === "function")
      return this.#client.destroy(errOrCallback);
    if (callback)
      return this.#client.destroy(errOrCallback ?? null, callback);
    return this.#client.destroy(errOrCallback ?? null);
  }
};

// dist/src/proxy/open-tunnel.js
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP as isIP2 } from "node:net";
var TUNNEL_TIMEOUT_MS = 1e4;
function openTunnel(route, hostname, port, signal) {
  const target = `${isIP2(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
  const proxy = proxyAddress(route);
  return new Promise((resolve, reject) => {
    const request = (proxy.tls ? httpsRequest : httpRequest)({
      ...proxyDialOptions(route),
      method: "CONNECT",
      path: target,
      headers: { host: target, ...route.authorization ? { "proxy-authorization": route.authorization } : {} },
      agent: false,
      timeout: TUNNEL_TIMEOUT_MS,
      signal
    });
    request.once("connect", (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(proxyRefused(route, target, response.statusCode ?? 0, response.statusMessage));
        return;
      }
      socket.setTimeout(0);
      if (head.length > 0)
        socket.unshift(head);
      resolve(socket);
    });
    request.once("error", (error) => (
      // A cancelled upload is no proxy's fault.
      reject(error.name === "AbortError" ? error : proxyUnreachable(route, target, error))
    ));
    request.once("timeout", () => {
      request.destroy();
      reject(proxyError(route, `the proxy ${route.proxy} did not open a tunnel to ${target} within ${TUNNEL_TIMEOUT_MS / 1e3} s`));
    });
    request.end();
  });
}

// dist/src/proxy/tunnel-connector.js
function tunnelConnector(route, tls, allowH2) {
  const overTunnel = buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
  return (options, callback) => {
    const port = Number(options.port || (options.protocol === "https:" ? 443 : 80));
    openTunnel(route, options.hostname, port).then((tunnel) => {
      if (options.protocol !== "https:")
        return callback(null, tunnel);
      overTunnel({ ...options, httpSocket: tunnel }, (...args) => {
        if (args[0])
          tunnel.destroy();
        callback(...args);
      });
    }, (error) => callback(error, null));
  };
}

// dist/src/proxy/store-connector.js
function storeConnector(tls, allowH2, proxy) {
  return proxy ? tunnelConnector(proxy, tls, allowH2) : buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
}
function routeKey(proxy) {
  return proxy ? `${proxy.proxy} ${proxy.authorization ?? ""} ${proxy.ca ?? ""}` : "";
}

// dist/src/http/dial-host.js
function dialHost(url) {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

// dist/src/http/predialled-connections.js
var UNTAKEN_AFTER_MS = 3e4;
var PredialledConnections = class {
  #byOrigin = /* @__PURE__ */ new Map();
  /** Dials `origin` (https only) offering h2 where `offerH2`, unless a connection there is already waiting. */
  dial(origin, tls, offerH2, proxy) {
    const url = new URL(origin);
    if (url.protocol !== "https:" || this.#byOrigin.has(origin))
      return;
    const connect = storeConnector(tls, offerH2, proxy);
    const socket = new Promise((resolve) => {
      connect({ hostname: dialHost(url), host: url.host, protocol: url.protocol, port: url.port }, (error, socket2) => {
        if (error || !socket2)
          return resolve(void 0);
        socket2.unref();
        resolve(socket2);
      });
    });
    const timer = setTimeout(() => this.#discard(origin), UNTAKEN_AFTER_MS).unref();
    this.#byOrigin.set(origin, { tls, route: routeKey(proxy), socket, timer });
  }
  /**
   * The connector for a new session: it hands over the waiting connection to the session's first
   * connect where trust and protocol match, and dials afresh otherwise (and for every reconnect).
   * Undefined where none waits: the session then uses undici's own connector.
   */
  connectorFor(origin, tls, protocol, proxy) {
    const waiting = this.#byOrigin.get(origin);
    if (!waiting || waiting.tls.ca !== tls.ca || waiting.tls.rejectUnauthorized !== tls.rejectUnauthorized || waiting.route !== routeKey(proxy) || protocol === "h2c")
      return void 0;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    const dial = storeConnector(tls, protocol === "h2", proxy);
    let first2 = waiting.socket;
    return (options, callback) => {
      const ready = first2;
      first2 = void 0;
      if (!ready)
        return dial(options, callback);
      void ready.then((socket) => {
        const alpn = socket?.alpnProtocol || "http/1.1";
        if (socket && !socket.destroyed && alpn === (protocol === "h2" ? "h2" : "http/1.1")) {
          socket.ref();
          callback(null, socket);
        } else {
          socket?.destroy();
          dial(options, callback);
        }
      });
    };
  }
  close() {
    for (const origin of [...this.#byOrigin.keys()])
      this.#discard(origin);
  }
  #discard(origin) {
    const waiting = this.#byOrigin.get(origin);
    if (!waiting)
      return;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    void waiting.socket.then((socket) => socket?.destroy());
  }
};

// dist/src/http/session-cache.js
var SessionCache = class {
  /**
   * By shape, then by CA. The CA is a key of its own, never part of a joined string: a CA bundle
   * (AWS_CA_BUNDLE is often the system's, ~200 KB) would be copied and hashed on every request.
   */
  #groups = /* @__PURE__ */ new Map();
  /** Origins some group here reaches. */
  #origins = /* @__PURE__ */ new Set();
  #predialled = new PredialledConnections();
  #onConnection;
  constructor(onConnection) {
    this.#onConnection = onConnection;
  }
  /** The session for the next request: call it right before the request, which it counts on. */
  get(spec) {
    return this.#group(spec).pick();
  }
  /**
   * Dials `origin` ahead of its first session (see PredialledConnections): only where this thread
   * has none there yet, for a warm one would carry the request without a handshake.
   */
  predial(origin, tls, offerH2, proxy) {
    if (!this.#origins.has(origin))
      this.#predialled.dial(origin, tls, offerH2, proxy);
  }
  /** A request on `session` failed without an answer (reset, GOAWAY, stall): its group avoids it for a while. */
  reportFailure(spec, session) {
    this.#group(spec).avoid(session);
  }
  #group(spec) {
    const connections = spec.protocol === "h1" ? spec.inFlight : spec.connections ?? 1;
    const shape = `${spec.protocol}|${spec.inFlight}|${connections}|${spec.origin}|${spec.tls.rejectUnauthorized}|${routeKey(spec.proxy)}`;
    let byCa = this.#groups.get(shape);
    if (!byCa)
      this.#groups.set(shape, byCa = /* @__PURE__ */ new Map());
    const ca = spec.tls.ca ?? "";
    let group = byCa.get(ca);
    if (!group) {
      group = new SessionGroup(() => this.#open(spec), connections);
      byCa.set(ca, group);
      this.#origins.add(spec.origin);
    }
    return group;
  }
  #open(spec) {
    const session = openSession(spec, this.#predialled.connectorFor(spec.origin, spec.tls, spec.protocol, spec.proxy));
    const tell = this.#onConnection;
    if (tell) {
      session.on("connect", (origin) => tell({ change: "connected", origin: originOf(origin), threadId }));
      session.on("disconnect", (origin, _targets, error) => tell({ change: "disconnected", origin: originOf(origin), threadId, reason: error?.message }));
    }
    return session;
  }
  async close() {
    const groups = [...this.#groups.values()].flatMap((byCa) => [...byCa.values()]);
    this.#groups.clear();
    this.#origins.clear();
    this.#predialled.close();
    await Promise.allSettled(groups.map((g) => g.close()));
  }
};
var SHED_AFTER_MS = 3e4;
var AVOID_AFTER_FAILURE_MS = 1e4;
var SessionGroup = class {
  #sessions = [];
  #open;
  #max;
  constructor(open, max) {
    this.#open = open;
    this.#max = max;
  }
  pick() {
    const now = Date.now();
    this.#shedIdle(now);
    const healthy = this.#sessions.filter((e) => now - e.failedAt > AVOID_AFTER_FAILURE_MS);
    const pool = healthy.length > 0 ? healthy : this.#sessions.length < this.#max ? [] : this.#sessions;
    let best = pool[0];
    for (const entry of pool)
      if (load(entry.session) < load(best.session))
        best = entry;
    if (!best || load(best.session) > 0 && this.#sessions.length < this.#max) {
      best = { session: this.#open(), lastPicked: now, failedAt: Number.NEGATIVE_INFINITY };
      this.#sessions.push(best);
    }
    best.lastPicked = now;
    return best.session;
  }
  avoid(session) {
    const entry = this.#sessions.find((e) => e.session === session);
    if (entry)
      entry.failedAt = Date.now();
  }
  #shedIdle(now) {
    for (let i = this.#sessions.length - 1; i > 0; i--) {
      const { session, lastPicked } = this.#sessions[i];
      if (load(session) === 0 && now - lastPicked > SHED_AFTER_MS) {
        this.#sessions.splice(i, 1);
        void session.close().catch(() => {
        });
      }
    }
  }
  async close() {
    const sessions = this.#sessions.splice(0).map((e) => e.session);
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
};
function load(session) {
  const { running, pending } = session.stats;
  return running + pending;
}
function openSession(spec, connector) {
  if (spec.proxy && spec.origin.startsWith("http:"))
    return new ProxiedHttpClient(spec.origin, spec.proxy);
  const connect = connector ?? (spec.proxy ? storeConnector(spec.tls, spec.protocol === "h2", spec.proxy) : { ca: spec.tls.ca, rejectUnauthorized: spec.tls.rejectUnauthorized });
  if (spec.protocol === "h1") {
    return new Client(spec.origin, { pipelining: 1, connect, allowH2: false });
  }
  if (spec.protocol === "h2c") {
    return new H2CClient(spec.origin, { pipelining: spec.inFlight, maxConcurrentStreams: Math.max(100, spec.inFlight) });
  }
  return new Client(spec.origin, {
    connect,
    allowH2: true,
    pipelining: spec.inFlight,
    // Node's HTTP/2 default advertises 100 concurrent streams; the server's SETTINGS can lower it.
    maxConcurrentStreams: Math.max(100, spec.inFlight)
  });
}
function originOf(origin) {
  return new URL(String(origin)).origin;
}

// dist/src/core/one-at-a-time.js
var OneAtATime = class {
  #last = Promise.resolve();
  run(job) {
    const run = this.#last.then(job);
    this.#last = run.catch(() => void 0);
    return run;
  }
};

// dist/src/source/checksum-turns.js
var ChecksumTurns = class {
  #passes = new OneAtATime();
  /**
   * CRC32C of a part's chunks, in order, once every pass queued before it on this thread has
   * finished (or failed). `chunks` is called when the pass's turn comes; each chunk is checksummed
   * before the next is asked for, so a reader may hand out one reused buffer.
   */
  checksum(chunks) {
    return this.#passes.run(async () => {
      let crc = 0;
      let sinceTurn = 0;
      for (const chunk of chunks()) {
        if (sinceTurn >= STRETCH_BYTES) {
          await nextTurn();
          sinceTurn = 0;
        }
        crc = crc32c(chunk, crc);
        sinceTurn += chunk.length;
      }
      return crc;
    });
  }
};
var STRETCH_BYTES = 4 * 1024 * 1024;
function nextTurn() {
  return new Promise((resolve) => setImmediate(resolve));
}

// dist/src/compress/frame-compressors.js
import { createRequire as createRequire4 } from "node:module";

// dist/src/compress/zero-frames.js
var KEPT = 8;
var ZeroFrames = class {
  #compressor;
  #known = /* @__PURE__ */ new Map();
  #zeros = Buffer.alloc(0);
  constructor(compressor) {
    this.#compressor = compressor;
  }
  /** The compressed frame for `frame` when every byte of it is zero; undefined otherwise. */
  of(level, frame) {
    if (!this.#allZero(frame))
      return void 0;
    const key = `${level}:${frame.length}`;
    let known = this.#known.get(key);
    if (known === void 0) {
      const target = Buffer.allocUnsafe(this.#compressor.bound(frame.length));
      const n = this.#compressor.compress(level, target, frame);
      known = { compressed: Buffer.from(target.subarray(0, n)), crc32c: crc32c(frame) };
      if (this.#known.size >= KEPT)
        this.#known.clear();
      this.#known.set(key, known);
    }
    return known;
  }
  #allZero(frame) {
    if (frame.length === 0 || frame[0] !== 0 || frame[frame.length - 1] !== 0)
      return false;
    if (this.#zeros.length < frame.length)
      this.#zeros = Buffer.alloc(frame.length);
    return frame.equals(this.#zeros.subarray(0, frame.length));
  }
};

// dist/src/compress/frame-compressors.js
var FrameCompressors = class {
  #contexts = /* @__PURE__ */ new Map();
  #binding;
  /**
   * Parts are compressed one at a time, whole, in the order their lanes asked: interleaved frame by
   * frame, every lane's part would be ready only when all were, and nothing would be sent meanwhile.
   */
  #parts = new OneAtATime();
  /** Where compressed parts wait for the store (held-slabs.ts). */
  slabs = new SlabPool(SLAB_SIZE, HELD_BUDGET);
  /**
   * Each frame is compressed here, then copied to the part's slabs: zstd writing into the same
   * few MiB, warm in the cache, and a copy, cost less than zstd writing across a part's memory.
   */
  #scratch;
  /** Frames of zeros, compressed once (zero-frames.ts). */
  zeros = new ZeroFrames(this);
  /** Runs a part's compression once the parts queued before it on this thread are compressed. */
  inTurn(compressPart2) {
    return this.#parts.run(compressPart2);
  }
  /** The buffer a frame of up to `size` bytes is compressed into, reused (a part is compressed at a time). */
  scratch(size) {
    const need = this.bound(size);
    if (this.#scratch === void 0 || this.#scratch.length < need)
      this.#scratch = Buffer.allocUnsafeSlow(need);
    return this.#scratch;
  }
  /** Lets an idle thread give the memory back. */
  dropBuffers() {
    this.slabs.dropFree();
    this.#scratch = void 0;
  }
  /** Compresses `source` into `target` as one zstd frame (with its content size and checksum); returns its length. */
  compress(level, target, source) {
    return this.#context(level).compress2(target, source);
  }
  /** The most bytes a frame of `size` bytes can take compressed (random data is stored raw, plus headers). */
  bound(size) {
    return this.#zstd().compressBound(size);
  }
  #context(level) {
    let context = this.#contexts.get(level);
    if (context === void 0) {
      const zstd = this.#zstd();
      context = new zstd.CCtx();
      context.setParameter(zstd.CParameter.compressionLevel, level);
      context.setParameter(zstd.CParameter.checksumFlag, 1);
      this.#contexts.set(level, context);
    }
    return context;
  }
  #zstd() {
    return this.#binding ??= createRequire4(import.meta.url)("zstd-napi/binding.js");
  }
};
var SLAB_SIZE = 1024 * 1024;
var HELD_BUDGET = 128 * 1024 * 1024;

// dist/src/lane/thread-context.js
function createThreadContext() {
  const connections = new ConnectionEvents();
  return {
    sessions: new SessionCache((event) => connections.emit(event)),
    connections,
    signers: new SignerCache(),
    buffers: new ReadBuffers(),
    turns: new ChecksumTurns(),
    compressors: new FrameCompressors()
  };
}

// dist/workers/lane-worker.js
lowerThisThreadPriority(workerData.nice);
var thread = createThreadContext();
async function laneInWorker({ task, port }) {
  try {
    return await runLane(task, channelOverPort(port, task.auth), thread);
  } finally {
    port.close();
  }
}
function fileCrc32c2(path) {
  return fileCrc32c(path);
}
export {
  laneInWorker as default,
  fileCrc32c2 as fileCrc32c
};
