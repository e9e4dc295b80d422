/**
 * The CSV column mapping of the history import: which header names become which fields of an
 * api.md §1 event. An empty cell is an absent field; the event then goes through the same
 * validation as ingest, so a cell in a column that does not belong to the row's type is refused
 * the same way ("note: is not a field of a dispatched event").
 */
import { parse } from 'csv-parse/sync';

/** One column of the mapping. */
interface ColumnSpec {
  /** Canonical header name. */
  name: string;
  /** What it becomes, for the help text. */
  help: string;
  /** Sets the field on the event from a non-empty cell. */
  set(event: Record<string, unknown>, cell: string): void;
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const plain = (name: string, help: string): ColumnSpec => ({
  name,
  help,
  set: (e, cell) => {
    e[name] = cell;
  },
});

function nested(name: string, object: 'reporter' | 'location', field: string, help: string, num = false): ColumnSpec {
  return {
    name,
    help,
    set: (e, cell) => {
      const target = (e[object] ??= {}) as Record<string, unknown>;
      // A number cell becomes a number; anything else stays text and validation names it.
      target[field] = num && NUMBER.test(cell.trim()) ? Number(cell) : cell;
    },
  };
}

/** Every column the import understands, in the order the help lists them. */
export const CSV_COLUMNS: readonly ColumnSpec[] = [
  plain('eventId', 'eventId (required)'),
  plain('caseId', 'caseId (required)'),
  plain(
    'type',
    'type (required): reported, accepted, rejected, dispatched, escalated, resolved, reopened, extended, closed',
  ),
  plain('at', 'at (required): ISO-8601 with offset, e.g. 2026-11-21T09:30:00+08:00'),
  plain('gridCode', 'gridCode (reported)'),
  plain('category', 'category (reported)'),
  plain('source', 'source (reported)'),
  plain('title', 'title (reported)'),
  plain('description', 'description (reported)'),
  nested('reporterName', 'reporter', 'name', 'reporter.name (reported)'),
  nested('reporterPhone', 'reporter', 'phone', 'reporter.phone (reported)'),
  nested('lng', 'location', 'lng', 'location.lng, a number (reported; with lat)', true),
  nested('lat', 'location', 'lat', 'location.lat, a number (reported; with lng)', true),
  plain('handlerLevel', 'handlerLevel (dispatched)'),
  plain('departmentCode', 'departmentCode (dispatched)'),
  plain('deadline', 'deadline (dispatched, extended)'),
  plain('toLevel', 'toLevel (escalated)'),
  {
    name: 'jointMeeting',
    help: 'jointMeeting (escalated): true/false (also 1/0, yes/no)',
    set: (e, cell) => {
      const v = cell.trim().toLowerCase();
      e.jointMeeting = TRUE.has(v) ? true : FALSE.has(v) ? false : cell;
    },
  },
  plain('reason', 'reason (rejected, reopened; optional on escalated, extended)'),
  plain('note', 'note (resolved)'),
  plain('satisfaction', 'satisfaction (closed): satisfied, basic, unsatisfied'),
];

const REQUIRED = ['eventId', 'caseId', 'type', 'at'];

/** Header names are matched ignoring case, spaces, `_` and `-`: `event_id` and `EventID` are eventId. */
function normalizeHeader(name: string): string {
  return name.replace(/[\s_-]/g, '').toLowerCase();
}

const BY_HEADER = new Map(CSV_COLUMNS.map((c) => [normalizeHeader(c.name), c]));

/** The mapping as the help text and the README show it. */
export function csvMappingHelp(): string {
  const width = Math.max(...CSV_COLUMNS.map((c) => c.name.length));
  return CSV_COLUMNS.map((c) => `    ${c.name.padEnd(width)}  → ${c.help}`).join('\n');
}

/** A header that cannot be mapped: the import stops before reading any row. */
export class CsvHeaderError extends Error {}

/** The columns of one file, from its header row. */
export class CsvMapping {
  private constructor(private readonly columns: (ColumnSpec | undefined)[]) {}

  /** Maps a header row; throws {@link CsvHeaderError} naming an unknown, repeated or missing column. */
  static fromHeader(cells: readonly string[]): CsvMapping {
    const seen = new Set<string>();
    const columns = cells.map((cell, i) => {
      if (cell.trim() === '') throw new CsvHeaderError(`CSV header: column ${i + 1} has no name`);
      const spec = BY_HEADER.get(normalizeHeader(cell));
      if (!spec) {
        throw new CsvHeaderError(
          `CSV header: column ${i + 1} ${JSON.stringify(cell)} is not in the mapping (known: ${CSV_COLUMNS.map((c) => c.name).join(', ')}; see --help)`,
        );
      }
      if (seen.has(spec.name)) throw new CsvHeaderError(`CSV header: column ${spec.name} appears twice`);
      seen.add(spec.name);
      return spec;
    });
    const missing = REQUIRED.filter((r) => !seen.has(r));
    if (missing.length > 0) throw new CsvHeaderError(`CSV header: missing column(s) ${missing.join(', ')}`);
    return new CsvMapping(columns);
  }

  /** Number of columns of the header. */
  get width(): number {
    return this.columns.length;
  }

  /** The event object of a row (before validation), or the reason the row has no event. */
  toEvent(cells: readonly string[]): { event: Record<string, unknown> } | { error: string } {
    if (cells.length !== this.columns.length) {
      return { error: `row has ${cells.length} cells, the header has ${this.columns.length} columns` };
    }
    const event: Record<string, unknown> = {};
    cells.forEach((cell, i) => {
      if (cell.trim() !== '') this.columns[i]!.set(event, cell);
    });
    return { event };
  }
}

const PARSE_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  bom: false,
} as const;

/**
 * Parses CSV records (each one record's text, as {@link RecordSplitter} cut it) with csv-parse:
 * all at once, and one by one only when that fails, so one malformed record is refused alone.
 */
export function parseCsvRecords(texts: readonly string[]): ({ cells: string[] } | { error: string })[] {
  if (texts.length === 0) return [];
  try {
    const rows = parse(texts.join('\n'), PARSE_OPTIONS) as string[][];
    if (rows.length === texts.length) return rows.map((cells) => ({ cells }));
  } catch {
    // Some record is malformed: find it below.
  }
  return texts.map((text) => {
    try {
      const rows = parse(text, PARSE_OPTIONS) as string[][];
      if (rows.length !== 1) return { error: `not one CSV record (${rows.length} found)` };
      return { cells: rows[0] };
    } catch (err) {
      return { error: `not a valid CSV record: ${(err as Error).message}` };
    }
  });
}
