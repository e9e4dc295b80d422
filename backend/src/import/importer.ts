/**
 * The history import (issue 16): a file of api.md §1 events (NDJSON, or CSV through the column
 * mapping; gzip or not) streamed into the event log through the same validation as ingest
 * (`validateIngestBody` with the context IngestService builds) and the same store
 * (`CaseStoreService.append`: canonical JSON, duplicates counted once, the same eventId with
 * other content a conflict), in batches, with a reject file, a checkpoint to resume from and
 * the import heartbeat that keeps servers from issuing a period while its events come in.
 */
import { ConflictException } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import { resolve } from 'node:path';
import { In, type DataSource } from 'typeorm';
import type { AreasService } from '../areas/areas.service';
import { CaseEventEntity } from '../cases/case-event.entity';
import type { CaseStoreService, PreparedEvent } from '../cases/case-store.service';
import type { FoldContext } from '../cases/fold';
import { foldContextOf } from '../cases/fold-context';
import type { Clock } from '../common/clock';
import { RetryLaterError } from '../common/db-errors';
import type { DomainConfigService } from '../config/domain-config.service';
import type { DepartmentsService } from '../departments/departments.service';
import {
  EventValidationError,
  canonicalJson,
  validateIngestBody,
  type ValidationContext,
} from '../ingest/event-validation';
import {
  CheckpointError,
  fileIdentity,
  noCounts,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type ImportCounts,
} from './checkpoint';
import { CsvHeaderError, CsvMapping, parseCsvRecords } from './csv-mapping';
import { ImportHeartbeat } from './heartbeat';
import { isGzipFile, openInput, RecordSplitter, type InputStream, type RawRecord } from './record-reader';
import { RejectWriter, type RejectEntry } from './rejects';
import { MAX_LINE_BYTES } from './sample-history';

export { MAX_LINE_BYTES };

/** Input formats. */
export type ImportFormat = 'ndjson' | 'csv';

/** Default events per transaction. */
export const DEFAULT_BATCH = 2000;
/**
 * Rows are read in windows of this many batches: a window's events are grouped by case before
 * they are cut into transactions, so a case whose events lie days apart in a time-ordered export
 * is folded once per window rather than once per batch (the fold does not care about order).
 * The checkpoint moves at the end of each window.
 */
export const WINDOW_BATCHES = 10;
/** A window also closes once its rows hold this many bytes. */
const MAX_WINDOW_BYTES = 32 * 1024 * 1024;
/** Attempts at one batch while the database answers "retry later" (busy, unreachable), about 3 minutes. */
const MAX_DB_ATTEMPTS = 20;

/** The services the import uses (from the CLI's Nest context, or a test app). */
export interface ImportDeps {
  dataSource: DataSource;
  store: CaseStoreService;
  areas: AreasService;
  departments: DepartmentsService;
  clock: Clock;
  config: DomainConfigService;
}

/** What to import and how. */
export interface ImportOptions {
  file: string;
  /** Default: from the extension (.ndjson, .jsonl, .csv, each optionally .gz). */
  format?: ImportFormat;
  /** Rows per transaction (1–5,000), default {@link DEFAULT_BATCH}. */
  batchSize?: number;
  /** Default `FILE.rejects.ndjson`. */
  rejectsFile?: string;
  /** Default `FILE.checkpoint.json`. */
  checkpointFile?: string;
  /** Ignore an existing checkpoint and import from the first line. */
  restart?: boolean;
  /** Stops after the window in flight (checkpointed; a later run resumes). */
  signal?: AbortSignal;
  /** Called about every {@link progressEveryMs} while the import runs, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  progressEveryMs?: number;
  /** Non-fatal problems (a retried batch, a heartbeat that could not be written). */
  warn?: (message: string) => void;
  /** After each committed window's checkpoint is written (tests). */
  onCheckpoint?: (cp: Checkpoint) => void | Promise<void>;
}

/** Where an import stands. */
export interface ImportProgress {
  /** Counts of this run. */
  counts: ImportCounts;
  /** Bytes of the file read (compressed bytes for gzip), including a resumed run's skipped part. */
  fileBytesRead: number;
  fileSize: number;
  elapsedMs: number;
}

/** The outcome of an import run. */
export interface ImportSummary {
  file: string;
  format: ImportFormat;
  gzip: boolean;
  /** The whole file is imported (now or by an earlier run). */
  complete: boolean;
  /** Stopped by a signal before the end (resume by running again). */
  interrupted: boolean;
  /** Nothing was done: the checkpoint says an earlier run imported the whole file. */
  alreadyComplete: boolean;
  /** Line after which this run started (0: from the start). */
  resumedAfterLine: number;
  /** Last line committed (the checkpoint's): a later run resumes after it. */
  committedLine: number;
  /** Counts of this run. */
  run: ImportCounts;
  /** Counts over every run of this import (the checkpoint's). */
  totals: ImportCounts;
  /** The reject file, or null when nothing was refused. */
  rejectsFile: string | null;
  checkpointFile: string;
  seconds: number;
  /** Rows read per second in this run. */
  rowsPerSecond: number;
  /**
   * Periods issued before the import began that end after its earliest stored event: they do not
   * include the imported events (an issued version never changes); re-issue them with a reason.
   */
  staleAssessments: string[];
}

/** A problem with the input or the options that stops the import before it starts. */
export class ImportInputError extends Error {}

/** The format a file name implies, or undefined. */
export function formatOf(file: string): ImportFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.csv')) return 'csv';
  return undefined;
}

/** One row ready to store. */
interface ImportEvent {
  line: number;
  raw: string;
  prepared: PreparedEvent;
}

/** A row of a batch before validation. */
interface PendingRow {
  line: number;
  text?: string;
  reject?: RejectEntry;
}

/** Rows read since the last window, up to a record boundary. */
class ReadWindow {
  rows: PendingRow[] = [];
  bytes = 0;
  constructor(
    public end: number,
    public endLine: number,
  ) {}
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONFLICT_PATH = /^lines\[(\d+)\]\.(.*)$/s;

/** One import of one file; `run()` once. */
export class HistoryImporter {
  private readonly file: string;
  private readonly format: ImportFormat;
  private readonly batchSize: number;
  private readonly rejectsFile: string;
  private readonly checkpointFile: string;
  private readonly foldContext: FoldContext;
  private readonly warn: (message: string) => void;
  private readonly run_ = noCounts();
  private totals = noCounts();
  private rejects: RejectWriter | undefined;
  private mapping: CsvMapping | undefined;
  private checkpoint: Checkpoint | undefined;
  private minStoredAt: number | null = null;
  /** Reports progress when a report is due. */
  private progressDue: () => void = () => undefined;
  /** Rows read by this run, committed or not (for progress). */
  private seen = 0;

  constructor(
    private readonly deps: ImportDeps,
    private readonly options: ImportOptions,
  ) {
    this.file = resolve(options.file);
    const format = options.format ?? formatOf(this.file);
    if (!format) {
      throw new ImportInputError(
        `${options.file}: cannot tell the format from the name (.ndjson, .jsonl, .csv, optionally .gz): use --format ndjson|csv`,
      );
    }
    this.format = format;
    const batch = options.batchSize ?? DEFAULT_BATCH;
    if (!Number.isInteger(batch) || batch < 1 || batch > 5000) {
      throw new ImportInputError(`batch size must be a whole number from 1 to 5000, got ${batch}`);
    }
    this.batchSize = batch;
    this.rejectsFile = resolve(options.rejectsFile ?? `${this.file}.rejects.ndjson`);
    this.checkpointFile = resolve(options.checkpointFile ?? `${this.file}.checkpoint.json`);
    this.foldContext = foldContextOf(
      () => deps.config.current(),
      () => deps.areas.tree,
    );
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  /** Imports the file (or the rest of it, after a checkpoint). */
  async run(): Promise<ImportSummary> {
    const started = Date.now();
    let identity;
    try {
      identity = fileIdentity(this.file);
    } catch (err) {
      throw new ImportInputError(`${this.options.file}: cannot be read: ${(err as Error).message}`);
    }
    const gzip = await isGzipFile(this.file);
    const previous = this.options.restart ? undefined : readCheckpoint(this.checkpointFile);
    if (previous) {
      if (previous.identity.size !== identity.size || previous.identity.head !== identity.head) {
        throw new CheckpointError(
          `${this.options.file} has changed since its checkpoint ${this.checkpointFile} was written: ` +
            'use --restart to import it from the first line (events already stored count as duplicates)',
        );
      }
      if (previous.format !== this.format) {
        throw new CheckpointError(
          `checkpoint ${this.checkpointFile} is of a ${previous.format} import; use --format ${previous.format} or --restart`,
        );
      }
      if (previous.complete) {
        return this.summary(previous, started, { alreadyComplete: true, gzip });
      }
    }
    this.totals = previous ? { ...previous.totals } : noCounts();
    const seqBefore = previous?.seqBefore ?? (await this.maxSeq());
    this.minStoredAt = previous?.minStoredAt ?? null;

    // CSV: the header is read from the start whether resuming or not.
    let startOffset = previous?.offset ?? 0;
    let startLine = previous?.line ?? 0;
    if (this.format === 'csv') {
      const header = await this.readCsvHeader();
      this.mapping = header.mapping;
      if (startOffset < header.end) {
        startOffset = header.end;
        startLine = header.endLine;
      }
    }

    const heartbeat = new ImportHeartbeat(this.deps.dataSource, this.deps.store, this.file, this.warn);
    await heartbeat.claim();
    let complete = false;
    let interrupted = false;
    let input: InputStream | undefined;
    let ticker: NodeJS.Timeout | undefined;
    try {
      this.rejects = new RejectWriter(
        this.rejectsFile,
        previous && resolve(previous.rejectsFile) === this.rejectsFile ? previous.rejectsBytes : 0,
      );
      this.checkpoint = {
        version: 1,
        file: this.file,
        identity,
        format: this.format,
        offset: startOffset,
        line: startLine,
        complete: false,
        totals: { ...this.totals },
        rejectsFile: this.rejectsFile,
        rejectsBytes: this.rejects.bytes,
        seqBefore,
        minStoredAt: this.minStoredAt,
        updatedAt: new Date().toISOString(),
      };
      const opened = await openInput(this.file, startOffset);
      input = opened;
      const every = this.options.progressEveryMs ?? 1000;
      let reported = Date.now();
      const progress = () => {
        reported = Date.now();
        this.options.onProgress?.({
          counts: { ...this.run_, read: this.seen },
          fileBytesRead: opened.fileBytesRead(),
          fileSize: identity.size,
          elapsedMs: Date.now() - started,
        });
      };
      // The timer alone would skip beats while a synchronous step (SQLite, a window's
      // validation) holds the event loop: the loop and every transaction report when due too.
      this.progressDue = () => {
        if (Date.now() - reported >= every) progress();
      };
      ticker = setInterval(() => this.progressDue(), every);
      ticker.unref();

      const splitter = new RecordSplitter(this.format === 'csv', MAX_LINE_BYTES, startOffset, startLine);
      let window = new ReadWindow(startOffset, startLine);
      let inFlight: Promise<void> = Promise.resolve();
      let failure: { error: unknown } | undefined;
      const dispatch = async (b: ReadWindow) => {
        // Validated while the previous window commits; stored strictly after it.
        const ready = this.validate(b);
        await inFlight;
        if (failure) throw failure.error;
        inFlight = this.commit(b, ready).catch((error: unknown) => {
          failure = { error };
        });
      };
      const stopped = () => {
        if (this.options.signal?.aborted) interrupted = true;
        return interrupted;
      };
      const take = async (records: RawRecord[]) => {
        for (const rec of records) {
          // Rows after a stop are not taken: the checkpoint ends at the last one taken.
          if (stopped()) return;
          this.add(window, rec);
          if (window.rows.length >= this.batchSize * WINDOW_BATCHES || window.bytes >= MAX_WINDOW_BYTES) {
            const full = window;
            window = new ReadWindow(full.end, full.endLine);
            await dispatch(full);
          }
        }
      };
      for await (const chunk of opened.chunks) {
        await take(splitter.push(chunk));
        this.progressDue();
        if (stopped()) break;
      }
      if (!stopped()) await take(splitter.end());
      await dispatch(window);
      await inFlight;
      if (failure) throw failure.error;
      complete = !interrupted;
      if (complete) {
        this.checkpoint = { ...this.checkpoint, complete: true, updatedAt: new Date().toISOString() };
        writeCheckpoint(this.checkpointFile, this.checkpoint);
      }
      progress();
    } finally {
      if (ticker) clearInterval(ticker);
      input?.close();
      this.rejects?.close();
      // An interrupted or failed import leaves its heartbeat to age: time to resume before any
      // server issues the periods it was filling.
      await heartbeat.stop(complete).catch((err: unknown) => {
        this.warn(`cannot remove the import heartbeat (it expires by itself): ${(err as Error).message}`);
      });
    }
    const summary = this.summary(this.checkpoint, started, {
      alreadyComplete: false,
      gzip,
      interrupted,
      resumedAfterLine: previous ? previous.line : 0,
    });
    if (complete && this.minStoredAt !== null) summary.staleAssessments = await this.staleAssessments(seqBefore);
    return summary;
  }

  private async maxSeq(): Promise<number> {
    const rows: { m: string | number | null }[] = await this.deps.dataSource.query(
      'SELECT MAX(seq) AS m FROM case_event',
    );
    return Number(rows[0]?.m ?? 0);
  }

  /** Issued periods that were issued before the import and end after its earliest stored event. */
  private async staleAssessments(seqBefore: number): Promise<string[]> {
    const rows: { kind: string; period: string }[] = await this.deps.dataSource.query(
      'SELECT kind, period_key AS period FROM assessment WHERE to_ms > ? GROUP BY kind, period_key HAVING MAX(cutoff_seq) <= ? ORDER BY MIN(from_ms), kind',
      [this.minStoredAt, seqBefore],
    );
    return rows.map((r) => `${r.kind} ${r.period}`);
  }

  private async readCsvHeader(): Promise<{ mapping: CsvMapping; end: number; endLine: number }> {
    const input = await openInput(this.file, 0);
    const splitter = new RecordSplitter(true, MAX_LINE_BYTES);
    const headerOf = (rec: RawRecord) => {
      if (rec.tooLong) throw new CsvHeaderError(`CSV header (line ${rec.line}): longer than ${MAX_LINE_BYTES} bytes`);
      const text = rec.bytes!.toString('utf8');
      if (text.trim() === '') return undefined;
      const [parsed] = parseCsvRecords([text]);
      if ('error' in parsed) throw new CsvHeaderError(`CSV header (line ${rec.line}): ${parsed.error}`);
      return { mapping: CsvMapping.fromHeader(parsed.cells), end: rec.end, endLine: rec.endLine };
    };
    try {
      for await (const chunk of input.chunks) {
        for (const rec of splitter.push(chunk)) {
          const h = headerOf(rec);
          if (h) return h;
        }
      }
      for (const rec of splitter.end()) {
        const h = headerOf(rec);
        if (h) return h;
      }
      throw new CsvHeaderError(`${this.options.file}: no CSV header row (the file is empty)`);
    } finally {
      input.close();
    }
  }

  /** Adds a record to the window (blank lines only move its end). */
  private add(batch: ReadWindow, rec: RawRecord): void {
    batch.end = rec.end;
    batch.endLine = rec.endLine;
    if (rec.tooLong) {
      batch.rows.push({
        line: rec.line,
        reject: {
          line: rec.line,
          reason: `line longer than ${MAX_LINE_BYTES} bytes (${rec.tooLong.size} bytes): not read`,
          raw: rec.tooLong.head.toString('utf8'),
          truncated: true,
        },
      });
      batch.bytes += rec.tooLong.head.length;
      this.seen += 1;
      return;
    }
    const bytes = rec.bytes!;
    if (bytes.length === 0) return;
    if (!isUtf8(bytes)) {
      batch.rows.push({
        line: rec.line,
        reject: { line: rec.line, reason: 'not valid UTF-8 text', raw: bytes.toString('utf8') },
      });
      batch.bytes += bytes.length;
      this.seen += 1;
      return;
    }
    const text = bytes.toString('utf8');
    if ((bytes[0] === 0x20 || bytes[0] === 0x09) && text.trim() === '') return;
    batch.rows.push({ line: rec.line, text });
    batch.bytes += bytes.length;
    this.seen += 1;
  }

  /** Validates a window's rows like ingest validates a request's events, one row at a time. */
  private validate(batch: ReadWindow): { events: ImportEvent[]; rejects: RejectEntry[]; read: number } {
    const ctx: ValidationContext = {
      hasArea: (c) => this.deps.areas.tree.has(c),
      hasDepartment: (c) => this.deps.departments.has(c),
      now: this.deps.clock.now(),
    };
    const events: ImportEvent[] = [];
    const rejects: RejectEntry[] = [];
    const rows = batch.rows.filter((r) => {
      if (r.reject) rejects.push(r.reject);
      return !r.reject;
    });
    const objects: ({ value: unknown } | { error: string })[] =
      this.format === 'csv' ? this.csvObjects(rows) : rows.map((r) => this.jsonObject(r.text!));
    rows.forEach((row, i) => {
      const o = objects[i];
      if ('error' in o) {
        rejects.push({ line: row.line, reason: o.error, raw: row.text! });
        return;
      }
      try {
        const [event] = validateIngestBody(o.value, ctx);
        events.push({ line: row.line, raw: row.text!, prepared: { event, canonical: canonicalJson(event), path: '' } });
      } catch (err) {
        if (!(err instanceof EventValidationError)) throw err;
        rejects.push({ line: row.line, reason: err.message, raw: row.text! });
      }
    });
    return { events, rejects, read: batch.rows.length };
  }

  private jsonObject(text: string): { value: unknown } | { error: string } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { error: `not valid JSON: ${(err as Error).message}` };
    }
    if (!isObject(value)) return { error: 'line: must be a JSON object (one event per line)' };
    // validateIngestBody would take {"events": [...]} as a whole request: a line is one event.
    if ('events' in value) return { error: 'events: one event per line, not a {"events": [...]} batch' };
    return { value };
  }

  private csvObjects(rows: PendingRow[]): ({ value: unknown } | { error: string })[] {
    return parseCsvRecords(rows.map((r) => r.text!)).map((p) => {
      if ('error' in p) return p;
      const mapped = this.mapping!.toEvent(p.cells);
      return 'error' in mapped ? mapped : { value: mapped.event };
    });
  }

  /**
   * Stores a window's events, grouped by case, in transactions of up to `batchSize` events, then
   * writes its rejects (in line order) and the checkpoint.
   */
  private async commit(window: ReadWindow, ready: { events: ImportEvent[]; rejects: RejectEntry[]; read: number }) {
    const rejects = [...ready.rejects];
    const byCase = new Map<string, ImportEvent[]>();
    for (const e of ready.events) {
      const list = byCase.get(e.prepared.event.caseId);
      if (list) list.push(e);
      else byCase.set(e.prepared.event.caseId, [e]);
    }
    let chunk: ImportEvent[] = [];
    for (const list of byCase.values()) {
      if (chunk.length > 0 && chunk.length + list.length > this.batchSize) {
        await this.store(chunk, rejects);
        chunk = [];
      }
      for (const e of list) {
        chunk.push(e);
        if (chunk.length >= this.batchSize) {
          await this.store(chunk, rejects);
          chunk = [];
        }
      }
    }
    if (chunk.length > 0) await this.store(chunk, rejects);
    rejects.sort((a, b) => a.line - b.line);
    this.rejects!.write(rejects);
    this.rejects!.flush();
    this.count({ read: ready.read, rejected: rejects.length });
    this.checkpoint = {
      ...this.checkpoint!,
      offset: window.end,
      line: window.endLine,
      totals: { ...this.totals },
      rejectsBytes: this.rejects!.bytes,
      minStoredAt: this.minStoredAt,
      updatedAt: new Date().toISOString(),
    };
    writeCheckpoint(this.checkpointFile, this.checkpoint);
    await this.options.onCheckpoint?.(this.checkpoint);
  }

  /**
   * Stores events through the case store in one transaction. A conflict (an eventId stored with
   * other content) refuses that row alone: it goes to `rejects` and the rest is stored. "Retry
   * later" answers (a busy or unreachable database) are retried with backoff.
   */
  private async store(batch: ImportEvent[], rejects: RejectEntry[]): Promise<void> {
    let events = batch;
    let scanned = false;
    let attempts = 0;
    const now = this.deps.clock.now();
    while (events.length > 0) {
      const prepared = events.map((e, i) => ({ ...e.prepared, path: `lines[${i}]` }));
      try {
        const result = await this.deps.store.append(prepared, this.foldContext, now);
        this.count({ stored: result.inserted.length, duplicates: result.duplicates });
        this.progressDue();
        for (const e of result.inserted) {
          if (this.minStoredAt === null || e.at < this.minStoredAt) this.minStoredAt = e.at;
        }
        return;
      } catch (err) {
        if (err instanceof ConflictException) {
          // The first conflict of a batch: find every one at once (an export re-imported after
          // corrections may have many), then let the store judge the rest again.
          if (!scanned) {
            scanned = true;
            const found = await this.findConflicts(events);
            if (found.size > 0) {
              for (const [i, reason] of found) rejects.push({ line: events[i].line, reason, raw: events[i].raw });
              events = events.filter((_, i) => !found.has(i));
              continue;
            }
          }
          const m = CONFLICT_PATH.exec(err.message);
          if (!m || !events[Number(m[1])]) throw err;
          const i = Number(m[1]);
          rejects.push({ line: events[i].line, reason: m[2], raw: events[i].raw });
          events = events.filter((_, j) => j !== i);
          continue;
        }
        if (err instanceof RetryLaterError && attempts < MAX_DB_ATTEMPTS) {
          attempts += 1;
          const wait = Math.min(10_000, 250 * 2 ** attempts);
          this.warn(`batch at line ${events[0].line}: ${err.message}; retrying in ${wait / 1000} s`);
          await sleep(wait);
          continue;
        }
        throw err;
      }
    }
  }

  private count(delta: Partial<ImportCounts>): void {
    for (const k of Object.keys(delta) as (keyof ImportCounts)[]) {
      this.run_[k] += delta[k]!;
      this.totals[k] += delta[k]!;
    }
  }

  /** Rows whose eventId is stored (or earlier in the batch) with other content, by index, with the store's reason. */
  private async findConflicts(events: ImportEvent[]): Promise<Map<number, string>> {
    const known = new Map<string, string>();
    const ids = [...new Set(events.map((e) => e.prepared.event.eventId))];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.deps.dataSource.getRepository(CaseEventEntity).find({
        select: { eventId: true, payload: true },
        where: { eventId: In(ids.slice(i, i + 500)) },
      });
      for (const r of rows) known.set(r.eventId, r.payload);
    }
    const found = new Map<number, string>();
    events.forEach((e, i) => {
      const { eventId } = e.prepared.event;
      const prior = known.get(eventId);
      if (prior === undefined) known.set(eventId, e.prepared.canonical);
      else if (prior !== e.prepared.canonical) {
        found.set(i, `eventId: ${JSON.stringify(eventId)} was already received with different content`);
      }
    });
    return found;
  }

  private summary(
    cp: Checkpoint,
    started: number,
    extra: { alreadyComplete: boolean; gzip: boolean; interrupted?: boolean; resumedAfterLine?: number },
  ): ImportSummary {
    const seconds = (Date.now() - started) / 1000;
    const rejected = extra.alreadyComplete ? cp.totals.rejected : this.totals.rejected;
    return {
      file: this.file,
      format: this.format,
      gzip: extra.gzip,
      complete: cp.complete,
      interrupted: extra.interrupted ?? false,
      alreadyComplete: extra.alreadyComplete,
      resumedAfterLine: extra.resumedAfterLine ?? 0,
      committedLine: cp.line,
      run: { ...this.run_ },
      totals: extra.alreadyComplete ? { ...cp.totals } : { ...this.totals },
      rejectsFile: rejected > 0 ? cp.rejectsFile : null,
      checkpointFile: this.checkpointFile,
      seconds,
      rowsPerSecond: seconds > 0 ? this.run_.read / seconds : 0,
      staleAssessments: [],
    };
  }
}
