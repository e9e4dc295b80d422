/**
 * Reading an import file as a stream of records, never the whole file: gzip is detected by its
 * magic bytes and gunzipped as a stream, reading can start at a byte offset of the uncompressed
 * text (a resume), and each record (an NDJSON line, a CSV record that may span lines inside
 * quotes) is cut out with its line number and the offset just past it. A record longer than the
 * limit is never buffered: only its first bytes are kept, for the reject file.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** One record of the input. */
export interface RawRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  /** Physical lines consumed up to {@link end} (the record's last line). */
  endLine: number;
  /** Byte offset just past the record and its line break, in the uncompressed input. */
  end: number;
  /** The record's bytes without its line break (and a trailing CR); absent when too long. */
  bytes?: Buffer;
  /** Set when the record is longer than the limit: its length and its first bytes. */
  tooLong?: { size: number; head: Buffer };
}

/** Bytes of an over-long record kept for its reject entry. */
export const TOO_LONG_HEAD_BYTES = 1024;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Cuts a byte stream into records. NDJSON: one record per line. CSV: a line break inside a
 * quoted field (RFC 4180: a field that starts with `"`, `""` inside it is a quote) does not end
 * the record; a quote inside an unquoted field is an ordinary character (csv-parse's
 * `relax_quotes`). Only the record boundaries are found here: the fields are csv-parse's job.
 */
export class RecordSplitter {
  private parts: Buffer[] = [];
  private partsLength = 0;
  private overflow: { size: number; head: Buffer } | undefined;
  private pos: number;
  private line: number;
  private startLine: number;
  private atStart: boolean;
  // CSV quoting state.
  private inQuotes = false;
  private fieldStart = true;
  private justClosed = false;

  constructor(
    private readonly csv: boolean,
    private readonly maxBytes: number,
    /** Offset of the first byte pushed, in the whole uncompressed input. */
    startOffset = 0,
    /** Physical lines before that offset. */
    startLine = 0,
  ) {
    this.pos = startOffset;
    this.atStart = startOffset === 0;
    this.line = startLine;
    this.startLine = startLine + 1;
  }

  /** Takes the next bytes; returns the records they complete. */
  push(chunk: Buffer): RawRecord[] {
    const out: RawRecord[] = [];
    if (this.atStart) {
      this.atStart = false;
      // A UTF-8 byte order mark (spreadsheet exports) is no part of the first record; offsets count it.
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) {
        this.pos += 3;
        chunk = chunk.subarray(3);
      }
    }
    if (this.csv) this.scanCsv(chunk, out);
    else this.scanLines(chunk, out);
    this.pos += chunk.length;
    return out;
  }

  /** At the end of the input: the last record when it has no line break. */
  end(): RawRecord[] {
    if (this.partsLength === 0 && !this.overflow) return [];
    const out: RawRecord[] = [];
    this.finish(this.pos, out);
    return out;
  }

  private scanLines(chunk: Buffer, out: RawRecord[]): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl < 0) {
        if (start < chunk.length) this.append(chunk.subarray(start));
        return;
      }
      this.append(chunk.subarray(start, nl));
      this.finish(this.pos + nl + 1, out);
      start = nl + 1;
    }
  }

  private scanCsv(chunk: Buffer, out: RawRecord[]): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.inQuotes) {
        if (b === QUOTE) {
          this.inQuotes = false;
          this.justClosed = true;
        } else if (b === LF) {
          this.line += 1;
        }
        continue;
      }
      if (b === QUOTE) {
        // Opens a quoted field at its start; right after a closing quote it is an escaped quote.
        if (this.fieldStart || this.justClosed) this.inQuotes = true;
        this.fieldStart = false;
        this.justClosed = false;
        continue;
      }
      this.justClosed = false;
      if (b === COMMA) {
        this.fieldStart = true;
      } else if (b === LF) {
        this.append(chunk.subarray(start, i));
        this.finish(this.pos + i + 1, out);
        start = i + 1;
      } else if (b !== CR) {
        this.fieldStart = false;
      }
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.overflow) {
      this.overflow.size += part.length;
      return;
    }
    if (this.partsLength + part.length > this.maxBytes) {
      const head = Buffer.concat([...this.parts, part.subarray(0, TOO_LONG_HEAD_BYTES)]).subarray(
        0,
        TOO_LONG_HEAD_BYTES,
      );
      this.overflow = { size: this.partsLength + part.length, head: Buffer.from(head.subarray(0, utf8Boundary(head))) };
      this.parts = [];
      this.partsLength = 0;
      return;
    }
    this.parts.push(part);
    this.partsLength += part.length;
  }

  private finish(end: number, out: RawRecord[]): void {
    this.line += 1;
    const rec: RawRecord = { line: this.startLine, endLine: this.line, end };
    if (this.overflow) {
      rec.tooLong = this.overflow;
    } else {
      let bytes = this.parts.length === 1 ? Buffer.from(this.parts[0]) : Buffer.concat(this.parts, this.partsLength);
      if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
      rec.bytes = bytes;
    }
    out.push(rec);
    this.parts = [];
    this.partsLength = 0;
    this.overflow = undefined;
    this.startLine = this.line + 1;
    this.inQuotes = false;
    this.fieldStart = true;
    this.justClosed = false;
  }
}

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 character. */
function utf8Boundary(buf: Buffer): number {
  let i = buf.length;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (i > 0 && (buf[i - 1] & 0xc0) === 0x80) i -= 1;
  if (i === 0) return buf.length;
  const lead = buf[i - 1];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - (i - 1) >= need ? buf.length : i - 1;
}

/** An opened input file. */
export interface InputStream {
  /** The uncompressed bytes from the requested offset on. */
  chunks: AsyncIterable<Buffer>;
  /** Whether the file is gzip-compressed. */
  gzip: boolean;
  /** Bytes of the file itself read so far (compressed bytes for a gzip file), for progress. */
  fileBytesRead(): number;
  /** Stops reading. */
  close(): void;
}

/** True when the file starts with the gzip magic bytes. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Opens a file for reading from `offset` bytes into its uncompressed text (a plain file is read
 * from there; a gzip file is gunzipped from its start and the first `offset` bytes skipped).
 */
export async function openInput(path: string, offset = 0): Promise<InputStream> {
  const gzip = await isGzipFile(path);
  const raw = createReadStream(path, { start: gzip ? 0 : offset, highWaterMark: 256 * 1024 });
  let source: AsyncIterable<Buffer> = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    pipeline(raw, gunzip, () => undefined);
    source = gunzip;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    let skip = gzip ? offset : 0;
    for await (const c of source) {
      let chunk = c as Buffer;
      if (skip > 0) {
        if (skip >= chunk.length) {
          skip -= chunk.length;
          continue;
        }
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      yield chunk;
    }
    if (skip > 0) throw new Error('the file is shorter than its checkpoint says: it has changed; use --restart');
  }
  return {
    chunks: chunks(),
    gzip,
    fileBytesRead: () => (gzip ? raw.bytesRead : offset + raw.bytesRead),
    close: () => raw.destroy(),
  };
}
