import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvHeaderError, CsvMapping, csvMappingHelp, parseCsvRecords } from './csv-mapping';
import { IMPORT_USAGE, parseImportArgs, UsageError } from './import-args';
import { formatOf } from './importer';
import { ProgressPrinter } from './progress';
import { openInput, RecordSplitter, TOO_LONG_HEAD_BYTES, type RawRecord } from './record-reader';

const dir = mkdtempSync(join(tmpdir(), 'gridwall-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Splits `text` fed in pieces cut at `cuts`; returns the records as plain data. */
function split(text: Buffer | string, csv: boolean, max = 1024, cuts: number[] = []) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const s = new RecordSplitter(csv, max);
  const out: RawRecord[] = [];
  let at = 0;
  for (const c of [...new Set(cuts)].sort((a, b) => a - b).filter((c) => c > 0 && c < buf.length)) {
    out.push(...s.push(buf.subarray(at, c)));
    at = c;
  }
  out.push(...s.push(buf.subarray(at)));
  out.push(...s.end());
  return out.map((r) => ({
    line: r.line,
    endLine: r.endLine,
    end: r.end,
    text: r.bytes?.toString('utf8'),
    tooLong: r.tooLong ? { size: r.tooLong.size, head: r.tooLong.head.toString('utf8') } : undefined,
  }));
}

describe('RecordSplitter', () => {
  it('cuts NDJSON into lines with their numbers and end offsets, CRLF and a last line without a break', () => {
    expect(split('{"a":1}\r\n\n{"b":2}\n{"c":3}', false)).toEqual([
      { line: 1, endLine: 1, end: 9, text: '{"a":1}', tooLong: undefined },
      { line: 2, endLine: 2, end: 10, text: '', tooLong: undefined },
      { line: 3, endLine: 3, end: 18, text: '{"b":2}', tooLong: undefined },
      { line: 4, endLine: 4, end: 25, text: '{"c":3}', tooLong: undefined },
    ]);
  });

  it('keeps a CSV record whole across line breaks inside quotes, and "" as a quote', () => {
    const text = 'a,"x\n""y"", z\r\nw",c\nb,c"d,e\n"",f';
    expect(split(text, true).map((r) => [r.line, r.endLine, r.text])).toEqual([
      [1, 3, 'a,"x\n""y"", z\r\nw",c'],
      // A quote inside an unquoted field is an ordinary character, as csv-parse's relax_quotes.
      [4, 4, 'b,c"d,e'],
      [5, 5, '"",f'],
    ]);
  });

  it('refuses a record longer than the limit without buffering it: its size and first bytes only', () => {
    const long = `{"note":"${'长'.repeat(3000)}"}`;
    const recs = split(`${long}\n{"ok":1}\n`, false, 4096, [100, 5000, 8000]);
    expect(recs[0].text).toBeUndefined();
    expect(recs[0].tooLong!.size).toBe(Buffer.byteLength(long));
    // Cut at a character boundary, never more than the head allowance.
    expect(Buffer.byteLength(recs[0].tooLong!.head)).toBeLessThanOrEqual(TOO_LONG_HEAD_BYTES);
    expect(recs[0].tooLong!.head.startsWith('{"note":"长长')).toBe(true);
    expect(recs[0].tooLong!.head).not.toContain('\uFFFD');
    expect(recs[1]).toMatchObject({ line: 2, text: '{"ok":1}' });
  });

  it('skips a UTF-8 byte order mark at the start but counts it in offsets', () => {
    const recs = split(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('eventId,at\n1,2\n')]), true);
    expect(recs.map((r) => [r.text, r.end])).toEqual([
      ['eventId,at', 14],
      ['1,2', 18],
    ]);
  });

  it('finds the same records however the input is cut into chunks', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'x', '长', 'a b'),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '长') }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const record = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat(400)),
        (records, csv, cuts) => {
          const text = `${records.join('\n')}\n`;
          const whole = split(text, csv, 64);
          expect(split(text, csv, 64, cuts)).toEqual(whole);
          if (csv) {
            // Every record the splitter cut is exactly one csv-parse record.
            const texts = whole.filter((r) => r.text !== undefined && r.text !== '').map((r) => r.text!);
            expect(parseCsvRecords(texts).every((p) => 'cells' in p)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('openInput', () => {
  const text = Array.from({ length: 2000 }, (_, i) => `{"n":${i}}\n`).join('');
  const plain = join(dir, 'in.ndjson');
  const gz = join(dir, 'in.ndjson.gz');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));

  const read = async (path: string, offset: number) => {
    const input = await openInput(path, offset);
    const parts: Buffer[] = [];
    for await (const c of input.chunks) parts.push(c);
    return { input, text: Buffer.concat(parts).toString('utf8') };
  };

  it('reads plain and gzip files from an offset of the uncompressed text, gzip detected by its bytes', async () => {
    const offset = text.indexOf('{"n":1500}');
    for (const path of [plain, gz]) {
      const { input, text: got } = await read(path, offset);
      expect(got).toBe(text.slice(offset));
      expect(input.gzip).toBe(path === gz);
    }
    // Progress counts bytes of the file itself: compressed bytes for gzip, the skipped part included.
    const { input } = await read(gz, offset);
    expect(input.fileBytesRead()).toBe(gzipSync(text).length);
    expect((await read(plain, offset)).input.fileBytesRead()).toBe(text.length);
  });

  it('says so when the file is shorter than the offset', async () => {
    await expect(read(gz, text.length + 10)).rejects.toThrow(/shorter than its checkpoint/);
  });
});

describe('CSV mapping', () => {
  it('maps header names ignoring case, spaces, _ and -, and refuses unknown, repeated or missing columns', () => {
    const m = CsvMapping.fromHeader([
      'event_id',
      'CaseId',
      'type',
      'AT',
      'reporter name',
      'lng',
      'lat',
      'joint-meeting',
    ]);
    expect(m.toEvent(['e1', 'c1', 'reported', 't', '王先生', '113.6', '34.7', ''])).toEqual({
      event: {
        eventId: 'e1',
        caseId: 'c1',
        type: 'reported',
        at: 't',
        reporter: { name: '王先生' },
        location: { lng: 113.6, lat: 34.7 },
      },
    });
    expect(m.toEvent(['e2', 'c1', 'escalated', 't', '', '', '', 'TRUE'])).toEqual({
      event: { eventId: 'e2', caseId: 'c1', type: 'escalated', at: 't', jointMeeting: true },
    });
    // Text that is not a number or a boolean stays text: validation names the field.
    expect(m.toEvent(['e3', 'c1', 'escalated', 't', '', 'east', '', 'maybe'])).toEqual({
      event: {
        eventId: 'e3',
        caseId: 'c1',
        type: 'escalated',
        at: 't',
        location: { lng: 'east' },
        jointMeeting: 'maybe',
      },
    });
    expect(m.toEvent(['e4', 'c1'])).toEqual({ error: 'row has 2 cells, the header has 8 columns' });
    expect(() => CsvMapping.fromHeader(['eventId', 'caseId', 'type', 'at', 'operator'])).toThrow(
      /column 5 "operator" is not in the mapping/,
    );
    expect(() => CsvMapping.fromHeader(['eventId', 'caseId', 'type', 'at', 'event id'])).toThrow(
      /eventId appears twice/,
    );
    expect(() => CsvMapping.fromHeader(['eventId', 'type'])).toThrow(CsvHeaderError);
    expect(() => CsvMapping.fromHeader(['eventId', 'type'])).toThrow(/missing column\(s\) caseId, at/);
  });

  it('parses records with csv-parse, refusing a malformed one alone', () => {
    expect(parseCsvRecords(['a,"b,c",d', '"x""y",', 'p,"q"r"', 'p,"q'])).toEqual([
      { cells: ['a', 'b,c', 'd'] },
      { cells: ['x"y', ''] },
      // A quote inside a field is kept (relax_quotes); an unclosed one is refused.
      { cells: ['p', '"q"r"'] },
      { error: expect.stringMatching(/^not a valid CSV record: .*Quote Not Closed/i) },
    ]);
  });

  it('is listed in --help with every column', () => {
    for (const c of ['eventId', 'caseId', 'reporterPhone', 'lng', 'jointMeeting', 'satisfaction']) {
      expect(csvMappingHelp()).toContain(c);
    }
    expect(IMPORT_USAGE).toContain(csvMappingHelp());
  });
});

describe('command line', () => {
  it('takes FILE relative to the directory the command was started in, and the options', () => {
    expect(
      parseImportArgs(['h.csv.gz', '--batch', '500', '--restart', '--json', '--rejects', 'r.ndjson'], '/data'),
    ).toEqual({
      help: false,
      file: '/data/h.csv.gz',
      format: undefined,
      batchSize: 500,
      rejectsFile: '/data/r.ndjson',
      checkpointFile: undefined,
      restart: true,
      json: true,
      quiet: false,
    });
    expect(parseImportArgs(['--help']).help).toBe(true);
  });

  it('refuses unknown options, bad values and a missing or second FILE, naming them', () => {
    const fails = (argv: string[]) => {
      try {
        parseImportArgs(argv, '/data');
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${argv.join(' ')}`);
    };
    expect(fails(['f.ndjson', '--bacth', '10'])).toBe('unknown option --bacth (see --help)');
    expect(fails(['f.ndjson', '--batch', '0'])).toMatch(/--batch must be a whole number from 1 to 5000, got "0"/);
    expect(fails(['f.ndjson', '--batch', '5001'])).toMatch(/--batch must be/);
    expect(fails(['f.ndjson', '--batch'])).toBe('option --batch needs a value');
    expect(fails(['f.ndjson', '--format', 'xml'])).toMatch(/--format must be ndjson or csv/);
    expect(fails([])).toMatch(/FILE is missing/);
    expect(fails(['a.ndjson', 'b.ndjson'])).toMatch(/one FILE at a time/);
  });

  it('tells the format from the name', () => {
    expect(['a.ndjson', 'a.jsonl.gz', 'A.CSV', 'a.csv.gz', 'a.json', 'a.gz'].map(formatOf)).toEqual([
      'ndjson',
      'ndjson',
      'csv',
      'csv',
      undefined,
      undefined,
    ]);
  });
});

describe('progress line', () => {
  it('shows rows, stored, duplicates, rejected, the rate and the ETA from the bytes read', () => {
    const writes: string[] = [];
    const out = { isTTY: false, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const p = new ProgressPrinter(out, '/x/history.ndjson.gz');
    const at = (t: number, read: number, bytes: number) =>
      p.line(
        {
          counts: { read, stored: read - 10, duplicates: 5, rejected: 5 },
          fileBytesRead: bytes,
          fileSize: 1000,
          elapsedMs: t,
        },
        t,
      );
    at(0, 0, 0);
    expect(at(10_000, 20_000, 250)).toBe(
      'import history.ndjson.gz: 25.0% · read 20,000 · stored 19,990 · duplicates 5 · rejected 5 · 2,000 rows/s · ETA 30s',
    );
    p.update({
      counts: { read: 1, stored: 1, duplicates: 0, rejected: 0 },
      fileBytesRead: 1000,
      fileSize: 1000,
      elapsedMs: 1,
    });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^import history\.ndjson\.gz: 100\.0% .* ETA 0s\n$/);
  });

  it('rewrites one line in place on a terminal', () => {
    const writes: string[] = [];
    const out = { isTTY: true, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const p = new ProgressPrinter(out, 'f.csv');
    const snap = {
      counts: { read: 1, stored: 1, duplicates: 0, rejected: 0 },
      fileBytesRead: 1,
      fileSize: 2,
      elapsedMs: 1,
    };
    p.update(snap);
    p.update(snap);
    p.done();
    expect(writes.slice(0, 2).every((w) => w.startsWith('\r') && w.endsWith('\x1b[K'))).toBe(true);
    expect(writes[2]).toBe('\n');
  });
});
