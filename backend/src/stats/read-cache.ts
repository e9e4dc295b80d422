import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlib } from 'node:zlib';
import type { Request, Response } from 'express';

const gzip = promisify(gzipCallback);

/** A serialized read: its JSON bytes, its ETag (computed once), its gzip (made on first demand). */
export class SerializedBody {
  readonly etag: string;
  private gzipped: Promise<Buffer> | undefined;

  constructor(readonly json: Buffer) {
    this.etag = `W/"${createHash('sha1').update(json).digest('base64url')}"`;
  }

  /** The gzip of the JSON, compressed once (off the event loop) and shared by every request. */
  gzip(): Promise<Buffer> {
    this.gzipped ??= gzip(this.json, { level: zlib.Z_BEST_SPEED });
    return this.gzipped;
  }

  get bytes(): number {
    return this.json.length;
  }

  static of(value: unknown): SerializedBody {
    return new SerializedBody(Buffer.from(JSON.stringify(value), 'utf8'));
  }
}

/** Bodies smaller than this go out uncompressed (gzip would save next to nothing). */
export const GZIP_MIN_BYTES = 1024;

interface Entry {
  body: SerializedBody;
  /** The view serialized: a view the read models hand back unchanged keeps its body. */
  value: unknown;
  version: number;
  /** The domain clock (Clock.now()) and the monotonic clock when it was computed. */
  clockAt: number;
  at: number;
}

/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** The live engine's state version: any change makes every entry stale. */
  version: () => number;
  /** The domain clock (a replayed or offset clock moves entries out of date too). */
  now: () => number;
  /** Longest an entry is served while the version stands still (time-dependent figures). @default 1000 */
  maxAgeMs?: number;
  /** Most bytes of JSON held (least recently used entries go first). @default 64 MiB */
  maxBytes?: number;
  /** Most entries held (free trend ranges make many small keys). @default 2000 */
  maxEntries?: number;
}

/**
 * Serialized read views per key (scope, period, tier, query), served until the engine's state
 * version changes or the entry is `maxAgeMs` old — the same rule as the rooms' parts cache, so a
 * read is never staler than a room's snapshot. Computing, serializing, hashing and compressing a
 * view happen once per version, not once per request; and not even then when the read model
 * hands back the very object it did before (a memoized ranking whose figures stand).
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxAgeMs: number;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(private readonly options: ReadCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 2000;
  }

  /** The cached body of `key`, or `compute()`'s serialized anew (and kept). */
  get(key: string, compute: () => unknown): SerializedBody {
    const version = this.options.version();
    const clockAt = this.options.now();
    const at = performance.now();
    const e = this.entries.get(key);
    if (
      e &&
      e.version === version &&
      clockAt >= e.clockAt &&
      clockAt - e.clockAt < this.maxAgeMs &&
      at - e.at < this.maxAgeMs
    ) {
      this.hits += 1;
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, e);
      return e.body;
    }
    this.misses += 1;
    const value = compute();
    // The same view object again (a ranking whose figures stand across versions): its bytes,
    // ETag and gzip are those already made. Views are never changed once handed out.
    const body =
      e && typeof value === 'object' && value !== null && e.value === value ? e.body : SerializedBody.of(value);
    // Entries of stale versions are dropped as their keys come back, or as the oldest.
    if (e) this.drop(key, e);
    if (body.bytes <= this.maxBytes) {
      this.entries.set(key, { body, value, version, clockAt, at });
      this.bytes += body.bytes;
      for (const [k, old] of this.entries) {
        if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
        this.drop(k, old);
      }
    }
    return body;
  }

  /** Entries held (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.body.bytes;
  }
}

/** Whether a weak If-None-Match matches the ETag (`*`, or any listed tag, W/ ignored). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Sends a serialized body: 304 to a matching If-None-Match, gzip to a client that accepts it
 * (bodies of 1 KiB and more), else the JSON bytes; `Vary: Accept-Encoding` either way.
 */
export async function sendBody(req: Request, res: Response, body: SerializedBody): Promise<void> {
  res.setHeader('ETag', body.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (etagMatches(req.headers['if-none-match'], body.etag)) {
    res.status(304).end();
    return;
  }
  let out = body.json;
  if (
    body.bytes >= GZIP_MIN_BYTES &&
    req.headers['accept-encoding'] &&
    req.acceptsEncodings('gzip', 'identity') === 'gzip'
  ) {
    out = await body.gzip();
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', String(out.length));
  res.status(200).end(out);
}
