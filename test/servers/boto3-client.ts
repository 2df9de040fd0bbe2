import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./boto3_client.py', import.meta.url));

export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Calls boto3 (a client partpush's authors did not write) against an S3 endpoint. */
export async function boto3(endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  return boto3As(undefined, endpoint, ...args);
}

/**
 * The same, with `keys` if given. Calls go to one `boto3_client.py` process per test file, in
 * order: a Python process with boto3 per call cost about 0.7 s, and the conformance suite makes
 * some 170 of them.
 */
export async function boto3As(keys: AccessKeys | undefined, endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  const reply = await serverCall(JSON.stringify({ args: [endpoint, ...args], keys: keys ?? null }));
  if (typeof reply.failed === 'string') throw new Error(`boto3 ${args.join(' ')}: ${reply.failed}`);
  return reply;
}

interface Boto3Server {
  child: ChildProcessWithoutNullStreams;
  /** Calls in the order they were written, each answered by the next line. */
  waiting: Array<{ resolve: (reply: Record<string, unknown>) => void; reject: (error: Error) => void }>;
}

let server: Boto3Server | undefined;

function serverCall(line: string): Promise<Record<string, unknown>> {
  if (!server) server = startServer();
  const current = server;
  holdOpen(current, true);
  return new Promise((resolve, reject) => {
    current.waiting.push({ resolve, reject });
    current.child.stdin.write(`${line}\n`);
  });
}

/** Keeps the process alive while a call waits for its answer, and only then. */
function holdOpen(running: Boto3Server, hold: boolean): void {
  for (const handle of [running.child, running.child.stdin, running.child.stdout, running.child.stderr] as unknown as Array<{
    ref: () => void;
    unref: () => void;
  }>) {
    if (hold) handle.ref();
    else handle.unref();
  }
}

function startServer(): Boto3Server {
  const child = spawn('python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const started: Boto3Server = { child, waiting: [] };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    started.waiting.shift()?.resolve(JSON.parse(line) as Record<string, unknown>);
    if (started.waiting.length === 0) holdOpen(started, false);
  });
  child.on('close', (code) => {
    if (server === started) server = undefined;
    for (const call of started.waiting.splice(0)) call.reject(new Error(`boto3_client.py exited (${code}): ${stderr.trim()}`));
  });
  // Between calls the test file's process may end without it; the server ends with its stdin.
  return started;
}
