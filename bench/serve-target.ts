import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `partpush serve` in a process of its own, as a test or a user starts it: its URL, its CA's PEM, and a stop. */
export async function startServe(cli: string, flags: string[]): Promise<{ url: string; caPem?: string; stop: () => void }> {
  const child = spawn(process.execPath, [cli, 'serve', '--json', '--bucket', 'bench', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ url: string; ca: string | null }>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]!)));
    child.once('exit', (code) => reject(new Error(`partpush serve ${flags.join(' ')} exited (${code}) before it listened`)));
  });
  return { url: info.url, caPem: info.ca ? readFileSync(info.ca, 'utf8') : undefined, stop: () => child.kill() };
}
