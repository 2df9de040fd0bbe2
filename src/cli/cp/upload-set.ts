import { resolve } from 'node:path';
import { createUploader, type Uploader } from '../../create-uploader.js';
import { PartpushError } from '../../errors.js';
import type { UploadOptions } from '../../index.js';
import type { StoredObject, StoreReads } from '../../store-reads.js';
import { dryRunEntries, dryRunLine, notPlannedEntries, type DryRunEntry } from '../tree/dry-run-lines.js';
import { readAhead } from '../tree/read-ahead.js';
import { loadSyncRecord, prepareSync, type SyncLookResult, type SyncWhere } from '../tree/sync-look.js';
import type { SyncRecord } from '../tree/sync-record.js';
import { listInRanges } from '../../control/list-in-ranges.js';
import { setSummary } from '../tree/set-summary.js';
import { skipExisting } from '../tree/skip-existing.js';
import type { Selection, SkippedFile } from '../tree/skipped-file.js';
import { makeDirectoryFilter, makeFilter } from '../tree/transfer-filters.js';
import { noteStored } from '../stored-before-failure.js';
import type { CpArguments } from './cp-flags.js';
import { planTransfers, prefixOf, type Transfer, type TransferPlan } from './plan-transfers.js';
import type { ProgressLine } from './progress-bar.js';
import { TransferRunner, type RunOptions, type TransfersReport } from './run-transfers.js';
import { printable } from '../printable.js';
import { parseDestination } from '../../target/destination.js';

/**
 * Files uploaded at once in a set: enough that single PUTs of small files keep every lane busy
 * (each small file is one part), few enough that a set of large files does not open an upload per
 * file; the scheduler shares part slots between those running.
 */
const FILES_IN_FLIGHT = 32;

/** Listing pages read ahead of the walk (1,000 keys each): a tree's first 16,000 keys cost no wait, and memory stays bounded. */
const PAGES_AHEAD = 16;
/** Keys in a listing's page (S3 and the GCS XML API): a listing in ranges starts one a page apart. */
const PAGE_KEYS = 1000;

/** What one run of `cp` or `sync` writes to: the progress line, and stderr through it. */
export interface Output {
  args: CpArguments;
  progress?: ProgressLine;
  say: (line: string) => void;
  /** --bwlimit in bytes per second, which the summary shows. */
  cap?: number;
}

/**
 * Several files (`cp -r`, `cp a b DEST/`, `sync`): planned, filtered, looked up at the store when
 * `--no-clobber` or `sync` asks (reads only), then sent through one Uploader, or, with
 * `--dry-run`, only listed.
 */
export async function uploadSet(out: Output, options: UploadOptions, sync: boolean): Promise<number> {
  const { values, sources, destination } = out.args;
  const recursive = sync || values.recursive === true;
  // Created before the walk: the listing below goes out while the tree is walked, and so do its
  // workers start, except for a sync or a dry run, which may have nothing to send (a sync starts
  // them with the first changed file it reads). Cancelled as a whole (the TransferRunner closes
  // it), not through a signal per upload.
  const warmStart = !sync && values['dry-run'] !== true;
  const uploader = createUploader({ ...options, signal: undefined, warmStart });
  const signal = options.signal!;
  const reads = readsWith(uploader, signal);
  const listedPrefix = prefixOf(destination, recursive || sources.length > 1);
  // Before the walk: the stamps it takes are no older than this (see settledStamp).
  const walkStartedMs = Date.now();
  const where = sync ? syncWhere(sources[0]!, listedPrefix!, options, walkStartedMs) : undefined;
  // Loaded before the listing starts: its keys split the listing into ranges read at once.
  const record = where && loadSyncRecord(where);
  const { listing, listable, listingRead } = startListing(
    reads,
    recursive && (sync || values['no-clobber'] === true) ? listedPrefix : undefined,
    record,
  );
  let selection: Selection<Transfer & { crc32c?: string }>;
  let syncing: SyncLookResult | undefined;
  let report;
  let plan: TransferPlan;
  let excluded: Set<Transfer>;
  const { kept, leftOut } = filterQuestions(out.args);
  const runner = values['dry-run'] ? undefined : new TransferRunner(uploader, runOptions(out, options, signal));
  try {
    const early = runner && { runner, reads, listable, listingRead };
    const prepared = where ? prepareSync(uploader, where, early, record) : undefined;
    const onFile = prepared?.onFile && ((t: Transfer) => kept(t) && prepared.onFile!(t));
    const followSymlinks = values['follow-symlinks'] === true;
    plan = await planTransfers(sources, destination, { recursive, sync, followSymlinks, onFile, signal, keep: kept, leftOut });
    for (const { path, reason } of plan.unreadable) out.say(`${path}: cannot read: ${reason} [PARTPUSH_SOURCE_UNREADABLE]`);
    for (const path of plan.special) out.say(`${path}: skipped: not a regular file (a FIFO, socket or device)`);
    excluded = new Set(plan.transfers.filter((t) => !kept(t)));
    const planned = plan.transfers.filter((t) => !excluded.has(t));
    if (prepared) {
      syncing = await prepared.look(reads, listing!, planned, values.verbose ? out.say : undefined);
      selection = syncing.selection;
    } else if (values['no-clobber']) selection = await skipExisting(reads, planned, plan.prefix, listing);
    else selection = { send: planned, skipped: [] };
    if (!runner) {
      const entries = dryRunEntries(plan.transfers, selection.send, selection.skipped, excluded);
      printDryRun(out, [...entries, ...notPlannedEntries(plan.skipped, plan.special)], plan);
      return plan.unreadable.length > 0 || entries.some((e) => e.action === 'fail') ? 1 : 0;
    }
    const sentEarly = syncing?.sentEarly;
    runner.add(sentEarly ? selection.send.filter((t) => !sentEarly.has(t.destination)) : selection.send);
    report = await runner.finish();
    const unrecorded = syncing?.record(report.files);
    if (unrecorded) out.say(unrecorded);
  } catch (error) {
    // Files sync sent before the failure (early-sends.ts) are stored: named, not silently kept
    // (after the close, which lets a Complete already sent land).
    runner?.stop();
    await uploader.close();
    const stored = runner?.stored() ?? [];
    if (stored.length > 0)
      out.say(
        `${stored.length} file(s) were uploaded before this failure: ${stored.slice(0, 3).join(', ')}${stored.length > 3 ? ', ...' : ''}`,
      );
    noteStored(error, stored);
    throw error;
  } finally {
    await uploader.close();
  }
  out.progress?.clear();
  if (signal.aborted) {
    throw new PartpushError(
      'PARTPUSH_ABORTED',
      `upload cancelled after ${report.uploaded} of ${selection.send.length} files; the unfinished ones were aborted`,
    );
  }
  printSetOutcome(out, report, selection.skipped, plan, excluded);
  return report.failed > 0 || plan.unreadable.length > 0 ? 1 : 0;
}

/** The Uploader's store reads, each cancelled by the set's signal. */
function readsWith(uploader: Uploader, signal: AbortSignal): StoreReads {
  return {
    list: (prefix, options) => uploader.list(prefix, { ...options, signal }),
    stat: (key) => uploader.stat(key, { signal }),
  };
}

/** --exclude and --include: whether a file is kept, and whether a path is left out whole (what cannot be read there is no failure). */
function filterQuestions(args: CpArguments) {
  const filter = makeFilter(args.filters);
  // No filter, no path to resolve: twice per file, 10,000 files cost 20 ms of the main thread.
  const kept = args.filters.length === 0 ? () => true : (t: Transfer) => filter(t.relative, resolve(t.source));
  const filterDirectory = makeDirectoryFilter(args.filters);
  const leftOut = (relative: string, absolute: string, directory: boolean) =>
    directory ? filterDirectory(relative, absolute) : !filter(relative, absolute);
  return { kept, leftOut };
}

/**
 * The listing of `prefix` (if any), read ahead from now on, with whether its first page came back
 * and whether it has been read whole (sync's early sends ask both). With the last sync's record,
 * in ranges a page apart read at once (listInRanges), its pages then not in key order.
 */
function startListing(reads: StoreReads, prefix: string | undefined, record?: SyncRecord) {
  let answered: (ok: boolean) => void = () => {};
  const listable = new Promise<boolean>((resolve) => (answered = resolve));
  let read = false;
  // Each page as the store answers it: in ranges, before the range is cut where the next begins.
  async function* answering(pages: AsyncIterable<StoredObject[]>): AsyncGenerator<StoredObject[]> {
    try {
      for await (const page of pages) {
        answered(true);
        yield page;
      }
    } catch (error) {
      answered(false);
      throw error;
    }
    answered(true); // no page at all: an empty prefix answered too
  }
  async function* whole(pages: AsyncIterable<StoredObject[]>): AsyncGenerator<StoredObject[]> {
    yield* pages;
    read = true;
  }
  if (prefix === undefined) return { listing: undefined, listable, listingRead: () => read };
  const starts = (record?.rangeStarts(PAGE_KEYS) ?? []).map((destination) => parseDestination(destination, true).key);
  const pages =
    starts.length === 0
      ? answering(reads.list(prefix))
      : listInRanges((startAfter) => answering(reads.list(prefix, { startAfter })), starts);
  return { listing: readAhead(whole(pages), PAGES_AHEAD), listable, listingRead: () => read };
}

function runOptions(out: Output, options: UploadOptions, signal: AbortSignal): RunOptions {
  return {
    filesInFlight: FILES_IN_FLIGHT,
    signal,
    metadata: options.metadata,
    progress: out.progress,
    onFailure: (failed) => out.say(`${failed.source}: ${failed.error!.message} [${failed.error!.code}]`),
    onStopped: (count, cause) =>
      out.say(`${count} more file(s) not uploaded: the failure above would meet each of them [${cause.error!.code}]`),
  };
}

function syncWhere(directory: string, prefix: string, options: UploadOptions, walkStartedMs: number): SyncWhere {
  return { directory, prefix, endpoint: options.endpoint, env: options.env ?? process.env, walkStartedMs };
}

/** The set's outcome: --verbose's skipped files, then --json's document or the summary line. */
function printSetOutcome(
  out: Output,
  report: TransfersReport,
  looked: readonly SkippedFile[],
  plan: TransferPlan,
  excluded: Set<Transfer>,
): void {
  const { values, destination } = out.args;
  const racers: SkippedFile[] = report.files.flatMap((f) =>
    f.skipped ? [{ source: f.source, destination: f.destination, reason: f.skipped }] : [],
  );
  const skipped = [...looked, ...racers];
  if (values.verbose)
    for (const s of skipped) out.say(`skipped ${s.source}: ${s.destination} ${s.reason === 'exists' ? 'exists' : 'is unchanged'}`);
  if (values.json) {
    const excludedSources = [...excluded].map((t) => t.source);
    const unreadable = plan.unreadable.map((u) => ({ ...u, code: 'PARTPUSH_SOURCE_UNREADABLE' }));
    const notSent = { excluded: excludedSources, links: plan.skipped, special: plan.special, unreadable };
    process.stdout.write(`${JSON.stringify({ ...report, skipped, ...notSent })}\n`);
  } else if (!values.quiet) {
    const counts = {
      skipped: looked,
      excluded: excluded.size,
      links: plan.skipped.length,
      special: plan.special.length,
      unreadable: plan.unreadable.length,
    };
    process.stdout.write(`${setSummary(report, destination, counts, out.cap)}\n`);
  }
}

function printDryRun(out: Output, entries: readonly DryRunEntry[], plan: TransferPlan): void {
  const unreadable = plan.unreadable.map((u) => ({ ...u, code: 'PARTPUSH_SOURCE_UNREADABLE' }));
  if (out.args.values.json) process.stdout.write(`${JSON.stringify({ dryRun: true, files: entries, unreadable })}\n`);
  else for (const entry of entries) process.stdout.write(`${printable(dryRunLine(entry))}\n`);
}
