export const MAIN_HELP = `partpush: fast multipart uploads of large files to GCS and S3-compatible stores

Usage:
  partpush cp <file | -> <gs://bucket/key | s3://bucket/key> [options]
  partpush cp <file>... | -r <dir>... <gs://bucket/prefix/ | s3://bucket/prefix/> [options]
  partpush sync <dir> <gs://bucket/prefix/ | s3://bucket/prefix/> [options]
  partpush serve [options]
  partpush help <command> | --help | --version

Commands:
  cp      upload files, directories or stdin, from a pool of worker threads over HTTP/2 where the
          store offers it
  sync    upload the files of a directory that are new or differ (by size and CRC32C)
  serve   run the embedded emulator (S3 and GCS XML multipart API) for tests and demos

partpush uploads only; to download, use e.g. aws s3 cp or gcloud storage cp.
Run "partpush help <command>" (or "partpush <command> --help") for a command's options.
`;

export const CP_HELP = `Usage: partpush cp <file | -> <gs://bucket/key | s3://bucket/key> [options]
       partpush cp <file>... <gs://bucket/prefix/ | s3://bucket/prefix/> [options]
       partpush cp -r <dir>... <gs://bucket/prefix/ | s3://bucket/prefix/> [options]

Uploads with the multipart API: parts are read and sent by worker threads, several parts in
flight on each worker's HTTP session; each part carries a CRC32C that the store verifies.
"-" reads stdin (e.g. tar -c dir | zstd | partpush cp - s3://b/dir.tar.zst), in parts of 16MiB
held in memory as they are sent (at most 17 parts at once). A destination ending in "/" takes each
file's name; with -r, each file's path under <dir>. Several files share one pool of workers; a
failed file is reported and the others still go, except after a failure every file would meet
(no credentials, no such bucket, an endpoint refused), which is said once and stops the set.

Options:
  --endpoint URL        store to talk to (default: GCS or AWS S3; env STORAGE_EMULATOR_HOST,
                        AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL are honoured)
  --region NAME         SigV4 region for s3:// (default: AWS_REGION, else us-east-1)
  --mode workers|inline worker threads (default) or the main thread only (the baseline)
  --workers N           worker threads (default: half the cores, 1 to 4)
  --streams N|auto      parts in flight per worker (default auto: 4 on a short round trip, up to
                        32 on a long one, measured before the first part)
  --connections N|auto  HTTP/2 sessions per worker that its parts spread over, 1 to 32 (default
                        auto: one on a short round trip, more where one session's window per round
                        trip would hold the worker back; at most one per part in flight). HTTP/1.1
                        always uses one connection per part in flight
  --worker-nice N       run the worker threads at nice N, 0 to 19 (default 0; Linux only): when the
                        cores are full, other work runs before the upload's
  --part-size SIZE      e.g. 64M or 64MiB (units are binary: M = MB = MiB); 5MiB to 5GiB
                        (5118MiB with --compress)
                        (default 32MiB, grown to stay within 10,000 parts)
  --expected-size SIZE  a stream's expected size, so that its part size holds it in 10,000 parts
                        (needed above 156GiB; as aws s3 cp --expected-size)
  --content-type TYPE   the object's Content-Type (default: from the file name, else
                        application/octet-stream)
  --cache-control VALUE the object's Cache-Control
  --metadata KEY=VALUE  user metadata (repeatable): x-amz-meta-KEY or x-goog-meta-KEY
  --storage-class NAME  e.g. STANDARD_IA, GLACIER_IR (s3://); NEARLINE, COLDLINE, ARCHIVE (gs://)
  -n, --no-clobber      never replace an existing object: existing keys are skipped (exit 0; a
                        listing of the prefix for several files, a HEAD for one: no byte is sent
                        for them), and each write still carries the store's condition, so a key
                        created meanwhile is skipped too, its object kept
  -r, -R, --recursive   upload every regular file under each <dir>
  --exclude GLOB        leave out the files whose path under <dir> matches GLOB (repeatable)
  --include GLOB        take back files an earlier --exclude left out (repeatable); filters apply
                        in order and a later one wins, as in aws s3 cp; "*" also matches "/"
  --dry-run, --dryrun   print what would be uploaded, skipped or excluded, one line per file (or
                        --json), and write nothing (the listing --no-clobber needs is still read)
  --bwlimit RATE        send at most RATE per second, all files and threads together: e.g. 40MiB
                        or 40M (binary units, per second; as rclone's --bwlimit)
  --profile NAME        s3://: the AWS profile whose credentials to use (as AWS_PROFILE)
  --follow-symlinks     with -r, follow symbolic links (default: skip them, and say so); a link
                        to nothing, or a loop of links, is then a file that cannot be read
  --http auto|1.1|2     protocol (default auto: HTTP/2 when TLS ALPN offers it; "2" on http:// is h2c)
  --checksum auto|crc32c|crc32c-header|none
                        per-part CRC32C. auto (default): the strongest form the store takes, learned
                        from its refusals: crc32c, else crc32c-header, else none. crc32c: computed as
                        the bytes are sent; s3:// sends it in an aws-chunked trailer the store
                        verifies, gs:// checks the one GCS reports. crc32c-header: computed first and
                        sent as a header, reading each part twice
  --compress zstd[:LEVEL]
                        compress in the workers into a seekable zstd object (2 MiB frames, level
                        1-19, default 1; Content-Type application/zstd; not with --resume)
  --resume [JOURNAL]    record finished parts in JOURNAL (default: under ~/.local/state/partpush);
                        run the same command again after a crash or Ctrl-C to send only the
                        missing parts (one file only; not for stdin). If the file changed
                        since, the upload the journal names is aborted and the journal removed
  --keep-stale-upload   with --resume: keep that upload open instead (its id is printed)
  --no-auth             send no credentials (emulators, public test stores)
  --ca FILE             trust the CA certificate(s) in FILE (PEM) for TLS
  --insecure            do not verify TLS certificates (testing only; prefer --ca)
  --proxy URL           reach the store (and credential endpoints) through this HTTP proxy,
                        http://[USER:PASSWORD@]HOST:PORT (or https:// for TLS to the proxy);
                        default: HTTPS_PROXY for https://, HTTP_PROXY for http:// stores (NO_PROXY
                        exempts hosts, domains, IPs and CIDR ranges, as in curl)
  --proxy-ca FILE       trust the CA certificate(s) in FILE (PEM) for an https:// proxy's own TLS
  --no-proxy            go direct, whatever HTTPS_PROXY and HTTP_PROXY say
  --json                print one JSON object with the result (or the error) on stdout; for several
                        files, {"files": [...], "uploaded", "failed", "bytes", "seconds"}
  --verbose             one line on stderr per protocol choice, connection, retry, start and end
  -q, --quiet           no progress line and no summary (errors are still printed)
  -h, --help            show this help

Credentials: gs:// uses Google Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or
gcloud auth application-default login), none when STORAGE_EMULATOR_HOST is set; s3:// uses
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

Exit status: 0 uploaded, 1 an upload failed (nothing was completed for it; its multipart upload
was aborted, or kept for the next run with --resume), 2 bad command line, 130 interrupted.

Examples:
  partpush cp build/rootfs.ext4 gs://snapshots/rootfs.ext4 --workers 4 --streams 4
  tar -c out | zstd | partpush cp - s3://artifacts/out.tar.zst --no-clobber
  partpush cp -r dist s3://site/v1.2/ --cache-control "max-age=300"
  partpush cp -r -n build s3://cache/build/ --exclude '*.log' --exclude 'tmp/*'
`;

export const SYNC_HELP = `Usage: partpush sync <dir> <gs://bucket/prefix/ | s3://bucket/prefix/> [options]

Uploads the files under <dir> that are new or differ from the objects under the prefix, decided
by size and content, never by time: a file of the size of its object is read for its CRC32C,
compared with the store's CRC32C of the whole object, else with the one partpush recorded in the
object's metadata (x-amz-meta-partpush-crc32c, x-goog-meta-partpush-crc32c) when it uploaded it.
An object with neither is sent again. The prefix is listed a page (1,000 keys) at a time. Objects
without a file are left alone (there is no --delete).

Options: those of cp (partpush help cp) that apply to several files, among them --exclude,
--include, --dry-run, --bwlimit, --endpoint, --workers, --metadata, --profile, --json, --verbose, --quiet.

Exit status: 0 in sync, 1 a file failed to upload, 2 bad command line, 130 interrupted.

Example:
  partpush sync build s3://cache/build/ --exclude '*.tmp'
`;

export const SERVE_HELP = `Usage: partpush serve [options]

Runs the partpush emulator: the S3 and GCS XML multipart API with path-style /BUCKET/KEY addressing,
strict like the real stores (part sizes, ETags, part order, Content-Length, CRC32C). It checks
SigV4 signatures when given keys (--key); otherwise no credentials. The first line printed is the URL to pass as --endpoint.

Options:
  --host ADDR           address to listen on (default 127.0.0.1)
  --port N              port (default: any free port)
  --tls                 HTTPS with HTTP/2 and HTTP/1.1 (ALPN), self-signed certificate; the path
                        of its CA file is printed for --ca (and removed when serve stops)
  --h2c                 cleartext HTTP/2 by prior knowledge (use --http 2 on the client)
  --memory              keep objects in memory (default)
  --dir DIR             keep object bytes as files in DIR, for objects larger than memory; they
                        last as long as the emulator runs and are removed when it stops
  --discard             keep no bytes, only sizes and checksums (for benchmarks)
  --bucket NAME         create bucket NAME at start (repeatable); others need PUT /NAME first
  --min-part-size SIZE  smallest allowed non-last part (default 5MiB, as S3 and GCS; binary units)
  --key ID:SECRET       check SigV4 signatures against this access key (repeatable); unsigned
                        writes are then refused (reads stay open, as from a public bucket)
  --profile NAME        act out a real store where stores differ: aws, gcs, swift, b2, r2, minio or ceph
                        (the checksum forms it refuses and how, what its answers report, how long
                        a Complete takes); without one, every form is taken and every checksum
                        reported
  --json                print {"url": ..., "ca": ...} as the first line
  -h, --help            show this help

Example:
  partpush serve --tls --bucket demo
`;
