/**
 * The history import in-process on SQLite and MariaDB: the samples stored exactly (NDJSON gzip,
 * CSV), bad lines refused one by one with their reasons while their batch-mates are stored,
 * conflicts, the checkpoint (an interrupted run resumes; a run killed between a commit and its
 * checkpoint resumes without a second copy of anything), the import heartbeat, the future
 * tolerance on the importer's clock, and the note about periods issued before the import.
 * Everything is dated from the test moment (test-clock.ts), never from the day the suite runs.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCityIso, type CaseEvent } from '@gridwall/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_HEARTBEAT_KEY } from '../assessments/assessment-store.service';
import { foldCase } from '../cases/fold';
import { foldContextOf } from '../cases/fold-context';
import { validateIngestBody } from '../ingest/event-validation';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { manualTestClock, TEST_NOW } from '../testing/test-clock';
import type { Checkpoint } from './checkpoint';
import { ImportRunningError } from './heartbeat';
import { createImportContext, type ImportContext } from './import.module';
import { HistoryImporter, WINDOW_BATCHES, type ImportOptions } from './importer';
import type { RejectEntry } from './rejects';
import { historyEvents, sampleEndFor, toCsv, toNdjson } from './sample-history';
import { logHoldsExactly, storedEvents, writeHistoryFiles, type HistoryFiles } from './testing/history-files';

const readRejects = (path: string): RejectEntry[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RejectEntry);

describe.each(databaseKinds())('history import on %s', (kind) => {
  let db: TestDatabase;
  let ctx: ImportContext;
  let ds: DataSource;
  let files: HistoryFiles;
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-import-'));
  const clock = manualTestClock();
  const quiet = { warn: () => undefined };

  const run = (options: ImportOptions) => new HistoryImporter(ctx.deps, { ...quiet, ...options }).run();
  const heartbeatRow = async () =>
    (
      (await ds.query('SELECT value, updated_at FROM app_setting WHERE `key` = ?', [IMPORT_HEARTBEAT_KEY])) as {
        value: string;
        updated_at: string | number;
      }[]
    )[0];

  beforeAll(async () => {
    db = await createDatabase(kind);
    ctx = await createImportContext({ DATABASE_URL: db.url, DEMO: 'off' }, clock);
    ds = ctx.deps.dataSource;
    files = writeHistoryFiles(dir, TEST_NOW);
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the gzip NDJSON sample: every event stored once as ingest stores it, each case folded', async () => {
    const s = await run({ file: files.ndjsonGz });
    const n = files.ndjsonEvents.length;
    expect(s).toMatchObject({ format: 'ndjson', gzip: true, complete: true, interrupted: false, rejectsFile: null });
    expect(s.run).toEqual({ read: n, stored: n, duplicates: 0, rejected: 0 });
    const held = await logHoldsExactly(ds, 'HIST-', files.ndjsonEvents);
    expect(held.problems).toEqual([]);
    // Each case's state is the fold of all its events (the store refolds what a batch touches).
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of files.ndjsonEvents) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    const some = [...byCase.keys()].filter((_, i) => i % 17 === 0);
    for (const caseId of some) {
      const events = byCase
        .get(caseId)!
        .map((e) => validateIngestBody(e, { hasArea: () => true, hasDepartment: () => true, now: TEST_NOW })[0]);
      const want = foldCase(
        caseId,
        events,
        foldContextOf(
          () => ctx.deps.config.current(),
          () => ctx.deps.areas.tree,
        ),
      );
      expect(await ctx.deps.store.stateOf(caseId)).toEqual(want);
    }
    const states: { n: string | number }[] = await ds.query(
      "SELECT COUNT(*) AS n FROM case_state WHERE case_id LIKE 'HIST-%'",
    );
    expect(Number(states[0].n)).toBe(byCase.size);
    // Done: the heartbeat is gone, the checkpoint says complete.
    expect(await heartbeatRow()).toBeUndefined();
    expect((JSON.parse(readFileSync(`${files.ndjsonGz}.checkpoint.json`, 'utf8')) as Checkpoint).complete).toBe(true);
  });

  it('does nothing on a second run (complete per checkpoint); --restart counts every event as a duplicate', async () => {
    const again = await run({ file: files.ndjsonGz });
    expect(again.alreadyComplete).toBe(true);
    expect(again.run.read).toBe(0);
    const n = files.ndjsonEvents.length;
    const restart = await run({ file: files.ndjsonGz, restart: true, batchSize: 5000 });
    expect(restart.run).toEqual({ read: n, stored: 0, duplicates: n, rejected: 0 });
    expect((await storedEvents(ds, 'HIST-')).rows).toBe(n);
  });

  it('imports the CSV sample (quoted commas, quotes and line breaks) as the same events as their NDJSON', async () => {
    const s = await run({ file: files.csv, batchSize: 50 });
    const n = files.csvEvents.length;
    expect(s.run).toEqual({ read: n, stored: n, duplicates: 0, rejected: 0 });
    expect(
      files.csvEvents.some(
        (e) => e.type === 'reported' && e.description?.includes('"') && e.description.includes('\n'),
      ),
    ).toBe(true);
    expect((await logHoldsExactly(ds, 'HCSV-', files.csvEvents)).problems).toEqual([]);
  });

  it('refuses each bad line with its line number, reason and raw text, and stores its batch-mates', async () => {
    // Batches of 4 rows: every bad line shares its transaction with good ones.
    const s = await run({ file: files.badLines, batchSize: 4 });
    const { bad } = files;
    expect(s.run).toEqual({
      read: bad.lines - 1,
      stored: bad.good,
      duplicates: bad.duplicates,
      rejected: bad.rejects.length,
    });
    expect(s.rejectsFile).toBe(`${files.badLines}.rejects.ndjson`);
    const rejects = readRejects(s.rejectsFile!);
    const lines = readFileSync(files.badLines, 'utf8').split('\n');
    expect(rejects.map((r) => r.line)).toEqual(bad.rejects.map((r) => r.line));
    for (const [i, want] of bad.rejects.entries()) {
      expect(rejects[i].reason, `line ${want.line}`).toContain(want.reason);
      const raw = lines[want.line - 1];
      if (rejects[i].truncated) expect(raw.startsWith(rejects[i].raw)).toBe(true);
      else expect(rejects[i].raw).toBe(raw);
    }
    const good = lines
      .filter((l, i) => l !== '' && !bad.rejects.some((r) => r.line === i + 1))
      .map((l) => JSON.parse(l) as CaseEvent);
    expect((await logHoldsExactly(ds, 'HBAD-2', good)).problems).toEqual([]);
  });

  it('refuses an eventId stored earlier with other content as a conflict, and counts the same content once', async () => {
    const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 2, casesPerDay: 10, prefix: 'CONF', seed: 11 });
    const first = join(dir, 'conf-1.ndjson');
    writeFileSync(first, toNdjson(events.slice(0, 30)));
    await run({ file: first });
    const changed = events
      .slice(0, 30)
      .map((e, i) => (i % 10 === 3 ? { ...e, at: toCityIso(Date.parse(e.at) - 1000) } : e));
    const second = join(dir, 'conf-2.ndjson');
    writeFileSync(second, toNdjson([...changed, ...events.slice(30)]));
    const s = await run({ file: second, batchSize: 7 });
    expect(s.run).toEqual({ read: events.length, stored: events.length - 30, duplicates: 27, rejected: 3 });
    expect(readRejects(s.rejectsFile!).map((r) => [r.line, r.reason])).toEqual(
      [4, 14, 24].map((line) => [
        line,
        `eventId: ${JSON.stringify(events[line - 1].eventId)} was already received with different content`,
      ]),
    );
    expect((await logHoldsExactly(ds, 'CONF-', events)).problems).toEqual([]);
  });

  it('resumes an interrupted import after its last committed window, without a second copy of anything', async () => {
    const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 20, casesPerDay: 60, prefix: 'RES', seed: 12 });
    const file = join(dir, 'resume.ndjson');
    // Some bad lines, so the reject file is resumed too.
    const lines = events.map((e, i) => (i % 250 === 7 ? '{"broken": ' : JSON.stringify(e)));
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const stop = new AbortController();
    let windows = 0;
    const first = await run({
      file,
      batchSize: 100,
      signal: stop.signal,
      onCheckpoint: async () => {
        windows += 1;
        // A heartbeat is fresh while the import runs.
        const row = await heartbeatRow();
        expect(JSON.parse(row.value)).toMatchObject({ file, pid: process.pid, host: hostname() });
        expect(Date.now() - Number(row.updated_at)).toBeLessThan(30_000);
        if (windows === 2) stop.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.complete).toBe(false);
    // An interrupted import leaves its heartbeat to age: no server issues before it resumes.
    expect(await heartbeatRow()).toBeDefined();
    const cp = JSON.parse(readFileSync(`${file}.checkpoint.json`, 'utf8')) as Checkpoint;
    expect(cp.line).toBe(first.committedLine);
    expect(cp.line).toBeLessThan(events.length);
    expect(cp.line).toBeGreaterThanOrEqual(2 * 100 * WINDOW_BATCHES);
    expect((await storedEvents(ds, 'RES-')).rows).toBe(cp.totals.stored);

    const second = await run({ file, batchSize: 100 });
    expect(second.complete).toBe(true);
    expect(second.resumedAfterLine).toBe(cp.line);
    expect(second.run.read).toBe(events.length - cp.line);
    const bad = lines.filter((l) => l.startsWith('{"broken')).length;
    expect(second.totals).toEqual({ read: events.length, stored: events.length - bad, duplicates: 0, rejected: bad });
    expect(readRejects(second.rejectsFile!).map((r) => r.line)).toEqual(
      lines.flatMap((l, i) => (l.startsWith('{"broken') ? [i + 1] : [])),
    );
    const good = events.filter((_, i) => !lines[i].startsWith('{"broken'));
    expect((await logHoldsExactly(ds, 'RES-', good)).problems).toEqual([]);
    expect(await heartbeatRow()).toBeUndefined();
  });

  it('resumes a run killed between a commit and its checkpoint: what was stored counts as duplicates, rejects are not listed twice', async () => {
    const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 10, casesPerDay: 50, prefix: 'KILL', seed: 13 });
    const file = join(dir, 'killed.ndjson');
    const lines = events.map((e, i) =>
      i % 300 === 150 ? JSON.stringify({ ...e, type: 'archived' }) : JSON.stringify(e),
    );
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const cpFile = `${file}.checkpoint.json`;
    const stop = new AbortController();
    let windows = 0;
    await run({
      file,
      batchSize: 50,
      signal: stop.signal,
      onCheckpoint: () => {
        windows += 1;
        // Keep the first window's checkpoint: as if the process died right after later commits.
        if (windows === 1) copyFileSync(cpFile, `${cpFile}.first`);
        if (windows === 3) stop.abort();
      },
    });
    copyFileSync(`${cpFile}.first`, cpFile);
    const cp = JSON.parse(readFileSync(cpFile, 'utf8')) as Checkpoint;
    const storedBefore = (await storedEvents(ds, 'KILL-')).rows;
    expect(storedBefore).toBeGreaterThan(cp.totals.stored);

    const s = await run({ file, batchSize: 50 });
    const bad = lines.filter((l) => l.includes('"archived"')).length;
    expect(s.complete).toBe(true);
    expect(s.totals.read).toBe(events.length);
    expect(s.totals.rejected).toBe(bad);
    // Stored once: what the lost windows had committed comes back as duplicates.
    expect(s.totals.stored + s.totals.duplicates).toBe(events.length - bad);
    expect(s.totals.duplicates).toBe(storedBefore - cp.totals.stored);
    const rejects = readRejects(s.rejectsFile!);
    expect(rejects.map((r) => r.line)).toEqual(lines.flatMap((l, i) => (l.includes('"archived"') ? [i + 1] : [])));
    expect(
      (
        await logHoldsExactly(
          ds,
          'KILL-',
          events.filter((_, i) => !lines[i].includes('"archived"')),
        )
      ).problems,
    ).toEqual([]);
  });

  it('refuses a file that changed since its checkpoint, and --restart starts over', async () => {
    const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 1, casesPerDay: 20, prefix: 'CHG', seed: 14 });
    const file = join(dir, 'changed.ndjson');
    writeFileSync(file, toNdjson(events.slice(0, 40)));
    await run({ file });
    writeFileSync(file, toNdjson(events));
    await expect(run({ file })).rejects.toThrow(/has changed since its checkpoint .* use --restart/);
    const s = await run({ file, restart: true });
    expect(s.run).toMatchObject({ read: events.length, stored: events.length - 40, duplicates: 40 });
  });

  it('judges "in the future" by its own clock (CLOCK_OFFSET_MS / the test clock), like ingest', async () => {
    const file = join(dir, 'future.ndjson');
    const event = (id: string, at: number) => ({
      eventId: id,
      caseId: 'FUT-1',
      type: 'reported',
      at: toCityIso(at),
      gridCode: '410102001002001',
      category: 'illegal_business',
      source: 'patrol',
      title: '无证经营',
    });
    writeFileSync(
      file,
      toNdjson([event('FUT-a', TEST_NOW + 4 * 60_000), event('FUT-b', TEST_NOW + 6 * 60_000)] as CaseEvent[]),
    );
    const s = await run({ file });
    expect(s.run).toMatchObject({ stored: 1, rejected: 1 });
    expect(readRejects(s.rejectsFile!)[0]).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/^at: lies in the future/),
    });
  });

  it('maps CSV rows and refuses a bad row alone; a header it cannot map stops before any row', async () => {
    const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 1, casesPerDay: 12, prefix: 'CSVB', seed: 15 });
    const rows = toCsv(events).split('\r\n');
    const header = rows[0];
    const body = rows.slice(1, -1);
    const width = header.split(',').length;
    const at = toCityIso(sampleEndFor(TEST_NOW) - 86_400_000);
    const badRows = [
      `CSVB-x1,CSVB-X,escalated,${at}${','.repeat(width - 4)}`,
      'CSVB-x2,CSVB-X,accepted',
      `CSVB-x3,CSVB-X,accepted,${at},,,,"unclosed${','.repeat(width - 8)}`,
    ];
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [header, body[0], badRows[0], body[1], badRows[1], ...body.slice(2)].join('\n') + '\n' + badRows[2],
    );
    const s = await run({ file, batchSize: 3 });
    expect(s.run).toMatchObject({ stored: events.length, rejected: 3 });
    expect(readRejects(s.rejectsFile!).map((r) => [r.line, r.reason.replace(/:.*/s, '')])).toEqual([
      [3, 'toLevel'],
      [5, 'row has 3 cells, the header has 21 columns'],
      [events.length + 4, 'not a valid CSV record'],
    ]);
    expect((await logHoldsExactly(ds, 'CSVB-2', events)).problems).toEqual([]);

    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, `eventId,caseId,type,at,operator\n${body[0]}\n`);
    await expect(run({ file: unknown })).rejects.toThrow(/column 5 "operator" is not in the mapping/);
  });

  it('will not run beside another live import on the same database, and takes over a killed one', async () => {
    const file = join(dir, 'beside.ndjson');
    writeFileSync(
      file,
      toNdjson(historyEvents({ end: sampleEndFor(TEST_NOW), days: 1, casesPerDay: 5, prefix: 'BES', seed: 16 })),
    );
    const put = (pid: number, host = hostname()) =>
      ds
        .query('DELETE FROM app_setting WHERE `key` = ?', [IMPORT_HEARTBEAT_KEY])
        .then(() =>
          ds.query('INSERT INTO app_setting (`key`, value, updated_at) VALUES (?, ?, ?)', [
            IMPORT_HEARTBEAT_KEY,
            JSON.stringify({ file: '/elsewhere.ndjson', pid, host, startedAt: '' }),
            Date.now(),
          ]),
        );
    await put(process.ppid);
    await expect(run({ file })).rejects.toThrow(ImportRunningError);
    await put(4_000_000, 'another-host');
    await expect(run({ file })).rejects.toThrow(/another import is running .*another-host/);
    // A pid that no longer exists on this host: a killed import, taken over.
    await put(4_000_000);
    expect((await run({ file })).complete).toBe(true);
    expect(await heartbeatRow()).toBeUndefined();
  });

  it('notes the periods issued before the import that its events fall into', async () => {
    const end = sampleEndFor(TEST_NOW);
    const seq: { m: string | number | null }[] = await ds.query('SELECT MAX(seq) AS m FROM case_event');
    const week = { from: end - 7 * 86_400_000, to: end };
    await ds.query(
      'INSERT INTO assessment (kind, period_key, version, from_ms, to_ms, cutoff_seq, events, issued_at_ms, hash, reason, issued_by, previous_period, previous_version, body) VALUES (?, ?, 1, ?, ?, ?, 0, ?, ?, NULL, NULL, NULL, NULL, ?)',
      ['week', 'TEST-W1', week.from, week.to, Number(seq[0].m ?? 0), TEST_NOW, 'x'.repeat(64), Buffer.from('')],
    );
    const file = join(dir, 'late.ndjson');
    writeFileSync(file, toNdjson(historyEvents({ end, days: 3, casesPerDay: 5, prefix: 'LATE', seed: 17 })));
    expect((await run({ file })).staleAssessments).toEqual(['week TEST-W1']);
    expect(existsSync(`${file}.rejects.ndjson`)).toBe(false);
  });
});
