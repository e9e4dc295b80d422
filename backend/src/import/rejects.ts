import { closeSync, existsSync, fsyncSync, openSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';

/** One refused row, as the reject file lists it (one JSON object per line). */
export interface RejectEntry {
  /** Physical line (1-based) of the input the row starts on. */
  line: number;
  /** Why: the validation message naming the field, or what is wrong with the line. */
  reason: string;
  /** The row as it was in the file (its first bytes only when `truncated`). */
  raw: string;
  /** Set when `raw` is only the start of an over-long line. */
  truncated?: true;
}

/**
 * The reject file: NDJSON, written in line order as batches commit, flushed before each
 * checkpoint so a checkpoint never counts a reject that is not on disk. A fresh import starts
 * it anew; a resumed one cuts it back to its length at the checkpoint (dropping what a killed
 * run wrote after it) and appends.
 */
export class RejectWriter {
  private fd: number | undefined;
  private length: number;

  constructor(
    readonly path: string,
    /** Length to keep (a resume), or 0 to start anew. */
    keep: number,
  ) {
    if (keep > 0) {
      if (!existsSync(path) || statSync(path).size < keep) {
        throw new Error(`reject file ${path} is shorter than the checkpoint says; use --restart`);
      }
      truncateSync(path, keep);
      this.fd = openSync(path, 'a');
    } else if (existsSync(path)) {
      unlinkSync(path);
    }
    this.length = keep;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.length;
  }

  /** Appends entries (created on the first one). */
  write(entries: readonly RejectEntry[]): void {
    if (entries.length === 0) return;
    this.fd ??= openSync(this.path, 'a');
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    const buf = Buffer.from(text, 'utf8');
    writeSync(this.fd, buf);
    this.length += buf.length;
  }

  /** Makes what was written durable. */
  flush(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
