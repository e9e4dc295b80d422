/**
 * Import files for tests: the committed samples when their moment lies before the test moment
 * (every documented GRIDWALL_TEST_NOW), otherwise the same generator's files two weeks before
 * it, so no test depends on the day it runs at. Also what the event log must hold after them.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CaseEvent } from '@gridwall/shared';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../database/database-options';
import { canonicalJson, validateIngestBody } from '../../ingest/event-validation';
import {
  CSV_SAMPLE,
  NDJSON_SAMPLE,
  SAMPLE_END,
  badLinesSample,
  csvSampleEvents,
  historyEvents,
  sampleEndFor,
  toCsv,
  toNdjson,
  type ExpectedReject,
} from '../sample-history';

/** The committed samples folder. */
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');

/** Import files written for a test, and what they hold. */
export interface HistoryFiles {
  /** NDJSON, gzip (the committed `history-sample.ndjson.gz` or its shifted twin). */
  ndjsonGz: string;
  ndjsonEvents: CaseEvent[];
  /** CSV (`history-sample.csv`). */
  csv: string;
  csvEvents: CaseEvent[];
  /** NDJSON with bad lines (`history-bad-lines.ndjson`). */
  badLines: string;
  bad: { rejects: ExpectedReject[]; good: number; duplicates: number; lines: number };
  /** Whether these are the committed files. */
  committed: boolean;
}

/** Writes (or copies) the sample files into `dir` for a test running at `now`. */
export function writeHistoryFiles(dir: string, now: number): HistoryFiles {
  const end = sampleEndFor(now);
  const committed = end === SAMPLE_END;
  const ndjsonEvents = historyEvents({ ...NDJSON_SAMPLE, end });
  const csvEvents = csvSampleEvents({ ...CSV_SAMPLE, end });
  const bad = badLinesSample(end);
  const files = {
    ndjsonGz: join(dir, 'history-sample.ndjson.gz'),
    csv: join(dir, 'history-sample.csv'),
    badLines: join(dir, 'history-bad-lines.ndjson'),
  };
  if (committed) {
    for (const f of Object.values(files)) copyFileSync(join(SAMPLES_DIR, f.slice(dir.length + 1)), f);
  } else {
    writeFileSync(files.ndjsonGz, gzipSync(toNdjson(ndjsonEvents)));
    writeFileSync(files.csv, toCsv(csvEvents));
    writeFileSync(files.badLines, bad.text);
  }
  return {
    ...files,
    ndjsonEvents,
    csvEvents,
    bad: { rejects: bad.rejects, good: bad.good, duplicates: bad.duplicates, lines: bad.text.split('\n').length - 1 },
    committed,
  };
}

/** The events of an NDJSON file (gzip or not), as they are written. */
export function readNdjson(path: string): CaseEvent[] {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CaseEvent);
}

/** The canonical JSON the log stores for an event (what ingest would store). */
export function canonicalOf(e: CaseEvent): string {
  const [n] = validateIngestBody(e, { hasArea: () => true, hasDepartment: () => true, now: Number.MAX_SAFE_INTEGER });
  return canonicalJson(n);
}

/** The stored events whose eventId starts with `prefix`: eventId → payload, and how many rows. */
export async function storedEvents(
  ds: DataSource,
  prefix: string,
): Promise<{ rows: number; byId: Map<string, string> }> {
  const rows: { event_id: string; payload: string }[] = await ds.query(
    'SELECT event_id, payload FROM case_event WHERE event_id LIKE ?',
    [`${prefix}%`],
  );
  return { rows: rows.length, byId: new Map(rows.map((r) => [r.event_id, r.payload])) };
}

/** Expects the log to hold exactly these events (by eventId prefix), each once, as canonical JSON. */
export async function logHoldsExactly(
  ds: DataSource,
  prefix: string,
  events: readonly CaseEvent[],
): Promise<{ ok: boolean; problems: string[] }> {
  const { rows, byId } = await storedEvents(ds, prefix);
  const problems: string[] = [];
  const want = new Map(events.map((e) => [e.eventId, canonicalOf(e)]));
  if (rows !== want.size) problems.push(`${rows} rows stored, ${want.size} events in the file`);
  for (const [id, payload] of want) {
    const got = byId.get(id);
    if (got === undefined) problems.push(`${id} missing`);
    else if (got !== payload) problems.push(`${id} stored as ${got}, expected ${payload}`);
    if (problems.length > 5) break;
  }
  return { ok: problems.length === 0, problems };
}
