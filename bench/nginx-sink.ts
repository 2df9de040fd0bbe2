/**
 * The transport ceiling: nginx as an S3-shaped store that reads and drops every body byte and
 * answers the multipart calls with canned XML. It checks nothing; it measures how fast a client
 * can push bytes. Needs Debian's nginx-light and libnginx-mod-http-echo (apt-get install -y
 * nginx-light libnginx-mod-http-echo); `npm run bench` falls back to `partpush serve --discard`
 * without them, and says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificate } from '../src/emulator/make-certificate.js';

export interface Sink {
  tls: string;
  h2c: string;
  h1: string;
  ca: string;
  stop: () => void;
}

const ECHO_MODULE = '/usr/lib/nginx/modules/ngx_http_echo_module.so';

export function sinkAvailable(): boolean {
  return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0 && existsSync(ECHO_MODULE);
}

export async function startSink(dir: string, ports = { tls: 9643, h2c: 9280, h1: 9281 }): Promise<Sink> {
  mkdirSync(join(dir, 'body'), { recursive: true });
  const certificate = await makeCertificate('127.0.0.1');
  writeFileSync(join(dir, 'cert.pem'), certificate.cert);
  writeFileSync(join(dir, 'key.pem'), certificate.key);
  // One nginx worker: on a 2-core machine the client keeps a core of its own.
  writeFileSync(
    join(dir, 'nginx.conf'),
    `
load_module ${ECHO_MODULE};
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  client_max_body_size 0;
  client_body_buffer_size 72m;
  http2_body_preread_size 1m;
  keepalive_requests 1000000;
  default_type application/xml;
  server {
    listen 127.0.0.1:${ports.tls} ssl http2;
    listen 127.0.0.1:${ports.h2c} http2;
    listen 127.0.0.1:${ports.h1};
    ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;
    # As the cloud stores do: nginx before 1.23.4 (Debian 12 has 1.22) offers only up to TLS 1.2,
    # whose handshake costs two round trips instead of one.
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      if ($request_method = PUT) { add_header ETag '"00000000000000000000000000000000"' always; echo_read_request_body; echo -n ""; break; }
      if ($request_method = DELETE) { return 204; }
      if ($args ~ "(^|&)uploads(=|&|$)") { echo '<?xml version="1.0"?><InitiateMultipartUploadResult><UploadId>sink-upload</UploadId></InitiateMultipartUploadResult>'; break; }
      if ($request_method = POST) { echo_read_request_body; echo '<?xml version="1.0"?><CompleteMultipartUploadResult><ETag>"sink-etag"</ETag></CompleteMultipartUploadResult>'; break; }
      echo '<?xml version="1.0"?><ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>';
    }
  }
}`,
  );
  // client_body_buffer_size holds the largest part the bench sends (64 MiB in the sweeps) plus its
  // aws-chunked framing (~10 bytes per MiB), so no body spills to a temp file: that would measure
  // the disk, and fails outright under the bench's 0700 work directory (nginx's worker is nobody).
  // nginx sizes each body's buffer by its Content-Length, so smaller parts take no more memory.
  // nginx holds each request body in one buffer (client_body_buffer_size) that glibc maps fresh and
  // unmaps per request; memory touched for the first time is slow on some VMs (the development VM
  // spends ~3.7 s per fresh GiB), which capped this sink near 230 MiB/s for every client. Keeping
  // freed memory in the heap (no mmap, no trim) lets the sink reuse it, so the ceiling measures the
  // clients rather than nginx's allocator: h2load went from ~230 to ~940 MiB/s over TLS h2.
  const env = { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296' };
  const started = spawnSync('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8', env });
  if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  for (let i = 0; i < 50 && !existsSync(join(dir, 'nginx.pid')); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    tls: `https://127.0.0.1:${ports.tls}`,
    h2c: `http://127.0.0.1:${ports.h2c}`,
    h1: `http://127.0.0.1:${ports.h1}`,
    ca: join(dir, 'cert.pem'),
    stop() {
      try {
        process.kill(Number(readFileSync(join(dir, 'nginx.pid'), 'utf8')), 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}
