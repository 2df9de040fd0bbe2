import { formatSize } from '../core/sizes.js';
import type { Progress } from '../options.js';

const WIDTH = 24;

/** One line redrawn in place: bytes, a bar, the rate and the time left. */
export function renderProgress(progress: Progress): string {
  const fraction = progress.totalBytes > 0 ? progress.bytesSent / progress.totalBytes : 1;
  const filled = Math.round(fraction * WIDTH);
  const rate = progress.bytesPerSecond;
  const eta = rate > 0 ? (progress.totalBytes - progress.bytesSent) / rate : Number.NaN;
  return `${formatSize(progress.bytesSent).padStart(10)} / ${formatSize(progress.totalBytes)} ` +
    `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${formatRate(rate).padStart(11)}  ETA ${formatDuration(eta)}  parts ${progress.partsDone}/${progress.partCount}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Draws on a TTY stream, throttled by the caller's onProgress interval; clears itself at the end. */
export class ProgressLine {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(progress: Progress): void {
    this.stream.write(`\r${renderProgress(progress).slice(0, Math.max(20, (this.stream.columns || 100) - 1))}\x1b[K`);
  }

  clear(): void {
    this.stream.write('\r\x1b[K');
  }
}
