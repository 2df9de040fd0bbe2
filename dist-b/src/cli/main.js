#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  redactUrlCredentials
} from "./chunk-ERMAJ662.js";
import {
  CP_HELP,
  MAIN_HELP,
  PartpushError,
  SERVE_HELP,
  SYNC_HELP,
  UsageError
} from "./chunk-TGZ723NW.js";

// dist/src/cli/main.js
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

// dist/src/cli/help-command.js
var HELP = { cp: CP_HELP, sync: SYNC_HELP, serve: SERVE_HELP };
function helpCommand(argv2) {
  const [command] = argv2;
  if (command === void 0) {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  const text = HELP[command];
  if (text === void 0)
    throw new UsageError(`no help for "${command}": the commands are ${Object.keys(HELP).join(", ")}`, "");
  process.stdout.write(text);
  return 0;
}

// dist/src/cli/report-error.js
var USAGE_CODES = /* @__PURE__ */ new Set(["PARTPUSH_INVALID_OPTION", "PARTPUSH_INVALID_DESTINATION"]);
var FLAG_OF = {
  mode: "--mode",
  workers: "--workers",
  streamsPerWorker: "--streams",
  connections: "--connections",
  workerNice: "--worker-nice",
  partSize: "--part-size",
  http: "--http",
  checksum: "--checksum",
  ca: "--ca",
  endpoint: "--endpoint",
  expectedSize: "--expected-size",
  contentType: "--content-type",
  cacheControl: "--cache-control",
  metadata: "--metadata",
  storageClass: "--storage-class",
  resume: "--resume",
  keepStaleUpload: "--keep-stale-upload"
};
function reportError(error, options) {
  const usage = error instanceof UsageError;
  const typed = error instanceof PartpushError ? error : void 0;
  const message = redactUrlCredentials(oneLine(usage ? error.message : typed ? inFlagTerms(typed) : `unexpected failure: ${error?.message ?? String(error)}`));
  const code = usage ? "PARTPUSH_INVALID_OPTION" : typed?.code ?? "PARTPUSH_UNEXPECTED";
  const exitCode = usage || typed && USAGE_CODES.has(typed.code) ? 2 : 1;
  if (options.json) {
    const { status, serviceCode, partNumber, requestId } = typed ?? {};
    process.stdout.write(`${JSON.stringify({ error: { code, message, status, serviceCode, partNumber, requestId } })}
`);
  }
  const hint = usage ? ` (see "partpush ${error.command ? `${error.command} ` : ""}--help")` : typed ? ` [${typed.code}]` : "";
  process.stderr.write(`partpush: ${message}${hint}
`);
  return exitCode;
}
function inFlagTerms(error) {
  const flag = error.option === void 0 ? void 0 : FLAG_OF[error.option];
  return flag && error.message.startsWith(error.option) ? `${flag}${error.message.slice(error.option.length)}` : error.message;
}
function oneLine(text) {
  return text.replace(/\s*\n\s*/g, "; ").trim();
}

// dist/src/cli/silence-warnings.js
function silenceMetadataLookupWarnings() {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === "MetadataLookupWarning")
      return;
    emitWarning(warning, ...rest);
  };
}

// dist/src/cli/main.js
async function main(argv2) {
  const [command, ...rest] = argv2;
  switch (command) {
    case "cp":
      return (await import("./cp-command-5NC472RN.js")).cpCommand(rest);
    case "sync":
      return (await import("./cp-command-5NC472RN.js")).cpCommand(rest, "sync");
    case "serve":
      return (await import("./serve-command-MD4SHWAX.js")).serveCommand(rest);
    case "help":
      return helpCommand(rest);
    case void 0:
    case "-h":
    case "--help":
      process.stdout.write(MAIN_HELP);
      return command === void 0 ? 2 : 0;
    case "-v":
    case "--version": {
      const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
      process.stdout.write(`partpush ${pkg.version}
`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`, "");
  }
}
var V8_WITH_LIFTOFF_ONLY = /^1[1-3]\./;
if (V8_WITH_LIFTOFF_ONLY.test(process.versions.v8))
  setFlagsFromString("--liftoff-only");
silenceMetadataLookupWarnings();
var argv = process.argv.slice(2);
main(argv).then((code) => {
  process.exitCode = code;
}, (error) => {
  process.exitCode = reportError(error, { json: argv.includes("--json") });
});
