/**
 * The checkpoint of a history import (`FILE.checkpoint.json`): how far the import has committed
 * (the byte offset and line just past the last committed batch), the counts so far, and which
 * file it is about, so a resumed run skips what is stored and refuses a file that changed.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';

/** What an import has counted. */
export interface ImportCounts {
  /** Rows read (records; blank lines not counted). */
  read: number;
  /** Events newly stored. */
  stored: number;
  /** Events already stored with the same content (counted once). */
  duplicates: number;
  /** Rows refused (listed in the reject file). */
  rejected: number;
}

/** Zero counts. */
export const noCounts = (): ImportCounts => ({ read: 0, stored: 0, duplicates: 0, rejected: 0 });

/** Which file a checkpoint is about. */
export interface FileIdentity {
  /** Size in bytes. */
  size: number;
  /** sha256 of its first 64 KiB. */
  head: string;
}

/** The stored checkpoint. */
export interface Checkpoint {
  version: 1;
  file: string;
  identity: FileIdentity;
  format: 'ndjson' | 'csv';
  /** Byte offset (uncompressed) just past the last committed record. */
  offset: number;
  /** Physical lines up to {@link offset}. */
  line: number;
  /** True when the whole file was imported. */
  complete: boolean;
  /** Counts over every run of this import. */
  totals: ImportCounts;
  /** The reject file and its length at this checkpoint (a resumed run cuts it back to that). */
  rejectsFile: string;
  rejectsBytes: number;
  /** The highest event sequence number before the first run began (for the stale-assessment check). */
  seqBefore: number;
  /** Earliest `at` of the events this import stored, epoch ms (null: none yet). */
  minStoredAt: number | null;
  /** When it was written (system clock, ISO). */
  updatedAt: string;
}

const HEAD_BYTES = 64 * 1024;

/** Size and head hash of a file. */
export function fileIdentity(path: string): FileIdentity {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    readSync(fd, buf, 0, buf.length, 0);
    return { size, head: createHash('sha256').update(buf).digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** A checkpoint file that exists but cannot be used. */
export class CheckpointError extends Error {}

/** Reads a checkpoint; undefined when there is none. */
export function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(`checkpoint ${path}: cannot be read: ${(err as Error).message}`);
  }
  let cp: Partial<Checkpoint>;
  try {
    cp = JSON.parse(text) as Partial<Checkpoint>;
  } catch (err) {
    throw new CheckpointError(`checkpoint ${path}: not JSON (${(err as Error).message}); delete it or use --restart`);
  }
  const ok =
    cp.version === 1 &&
    Number.isSafeInteger(cp.offset) &&
    Number.isSafeInteger(cp.line) &&
    typeof cp.identity?.head === 'string' &&
    typeof cp.totals?.read === 'number' &&
    typeof cp.rejectsFile === 'string' &&
    Number.isSafeInteger(cp.rejectsBytes) &&
    Number.isSafeInteger(cp.seqBefore);
  if (!ok)
    throw new CheckpointError(`checkpoint ${path}: not a checkpoint of this importer; delete it or use --restart`);
  return cp as Checkpoint;
}

/** Writes a checkpoint atomically (a temporary file, flushed, renamed over the old one). */
export function writeCheckpoint(path: string, cp: Checkpoint): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(cp, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
