import { formatSize } from '../../core/sizes.js';
import type { Progress } from '../../options.js';

const MiB = 1024 * 1024;

/**
 * One line: bytes, a bar, the share, the rate, the time left and the parts, then a note (a retry)
 * at the end. The bar takes what the terminal leaves after the figures and the note: on a narrow
 * terminal it shrinks, then goes; then the byte counts go; the note is cut last of all.
 */
export function renderProgress(progress: Progress, columns: number, note?: string, counting = 'parts', cap?: number): string {
  const width = Math.max(columns - 1, 1);
  const rateText = formatRate(progress.bytesPerSecond) + (cap === undefined ? '' : ` (cap ${formatRate(cap)})`);
  if (!progress.totalKnown) {
    // A stream: no total, so no bar, share or ETA until it ends.
    const line = `${formatSize(progress.bytesSent)} sent ${rateText} ${counting} ${progress.partsSent}/${progress.partCount}+`;
    return (note && line.length + 2 < width ? `${line}  ${note}` : line).slice(0, width);
  }
  const fraction = progress.totalBytes > 0 ? progress.bytesSent / progress.totalBytes : 1;
  const rate = progress.bytesPerSecond;
  const eta = rate > 0 ? (progress.totalBytes - progress.bytesSent) / rate : Number.NaN;
  const bytes = `${formatSize(progress.bytesSent)} / ${formatSize(progress.totalBytes)}`;
  const share = `${(fraction * 100).toFixed(0).padStart(3)}%`;
  const figures = `${share} ${rateText} ETA ${formatDuration(eta)} ${counting} ${progress.partsSent}/${progress.partCount}`;
  const noteRoom = note ? note.length + 2 : 0;
  const barRoom = Math.min(30, width - bytes.length - figures.length - ' [] '.length - noteRoom);
  const line =
    [
      barRoom >= 5 ? `${bytes} [${bar(fraction, barRoom)}] ${figures}` : undefined,
      `${bytes} ${figures}`,
      figures.trimStart(),
      `${share.trimStart()} ETA ${formatDuration(eta)}`,
    ].find((candidate) => candidate !== undefined && candidate.length <= width) ?? share.trimStart();
  return (note && line.length + 2 < width ? `${line}  ${note}` : line).slice(0, width);
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
}

/**
 * The same binary units as the sizes beside it: MiB/s, the unit uploads are read in, from a tenth
 * of a MiB/s (and for nothing at all) up to 1 TiB/s; a slower or faster rate in its own unit (a
 * --bwlimit of 10K read as `0.0 MiB/s`).
 */
export function formatRate(bytesPerSecond: number): string {
  if ((bytesPerSecond > 0 && bytesPerSecond < MiB / 10) || bytesPerSecond >= MiB * MiB)
    return `${formatSize(Math.round(bytesPerSecond))}/s`;
  return `${(bytesPerSecond / MiB).toFixed(1)} MiB/s`;
}

/** `, cap 40.0 MiB/s` after the rate in a summary when --bwlimit held it. */
export function capText(cap: number | undefined): string {
  return cap === undefined ? '' : `, cap ${formatRate(cap)}`;
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
  #note: { text: string; until: number } | undefined;
  #last: Progress | undefined;
  #counting = 'parts';

  readonly #stream: NodeJS.WriteStream;
  /** The --bwlimit cap in bytes per second, shown beside the rate. */
  readonly #cap: number | undefined;
  constructor(stream: NodeJS.WriteStream, cap?: number) {
    this.#stream = stream;
    this.#cap = cap;
  }

  /** `counting`: what partsDone and partCount count (parts of one upload, or files of a set). */
  update(progress: Progress, counting = 'parts'): void {
    this.#last = progress;
    this.#counting = counting;
    const note = this.#note && Date.now() < this.#note.until ? this.#note.text : undefined;
    this.#stream.write(`\r${renderProgress(progress, this.#stream.columns || 100, note, counting, this.#cap)}\x1b[K`);
  }

  /** Shows `text` after the figures for a few seconds (a retry: a run that is retrying must not look frozen). */
  note(text: string, forMs = 10_000): void {
    this.#note = { text, until: Date.now() + forMs };
    if (this.#last) this.update(this.#last, this.#counting);
  }

  clear(): void {
    this.#stream.write('\r\x1b[K');
  }
}
