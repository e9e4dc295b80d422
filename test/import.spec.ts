/**
 * The history import as real processes (`node backend/dist/import/import.cli.js`, built first):
 * - killed with SIGKILL half-way and run again, it stores every event of the file exactly once
 *   (NDJSON gzip on SQLite, CSV gzip on MariaDB);
 * - a real server running on the same database (MariaDB with REDIS_URL, so its event-log
 *   follower runs; SQLite alone, watching for the import's heartbeat) shows the imported cases
 *   in /api/stats without a restart and issues every ended period of
 *   the history once the import's heartbeat is gone, each having seen every imported event
 *   before its end; a server started after the import shows the same.
 * Processes run on the test clock (CLOCK_OFFSET_MS from test-clock.ts), the history lies before
 * the test moment, and every expected figure is computed from the file.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import {
  ASSESSMENT_KINDS,
  periodKeyOf,
  parsePeriodKey,
  type AssessmentList,
  type CaseEvent,
  type StatsView,
} from '@gridwall/shared';
import { IMPORT_HEARTBEAT_KEY } from '../backend/src/assessments/assessment-store.service';
import { tokenHash } from '../backend/src/auth/passwords';
import { dataSourceOptions, parseDatabaseUrl } from '../backend/src/database/database-options';
import type { Checkpoint } from '../backend/src/import/checkpoint';
import type { ImportSummary } from '../backend/src/import/importer';
import { historyEvents, sampleEndFor, toCsv, toNdjson } from '../backend/src/import/sample-history';
import { logHoldsExactly, writeHistoryFiles } from '../backend/src/import/testing/history-files';
import { createDatabase, databaseKinds, REDIS_TEST_URL, type TestDatabase } from '../backend/src/testing/databases';
import { TEST_CLOCK_OFFSET_MS, TEST_NOW } from '../backend/src/testing/test-clock';
import { startInstance, until, type Instance } from './cluster';

const CLI = fileURLToPath(new URL('../backend/dist/import/import.cli.js', import.meta.url));

/** A running import process. */
interface CliRun {
  kill(signal: NodeJS.Signals): void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function importCli(args: string[], databaseUrl: string): CliRun {
  const proc = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, CLOCK_OFFSET_MS: String(TEST_CLOCK_OFFSET_MS), DEMO: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  return {
    kill: (signal) => proc.kill(signal),
    done: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))),
  };
}

async function openDb(url: string): Promise<DataSource> {
  const ds = new DataSource({ ...dataSourceOptions(parseDatabaseUrl(url)), migrationsRun: false, entities: [] });
  await ds.initialize();
  return ds;
}

const readCheckpoint = (path: string): Checkpoint | undefined => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  } catch {
    return undefined;
  }
};

describe.runIf(existsSync(CLI))('the import killed half-way and run again', () => {
  describe.each(databaseKinds())('on %s', (kind) => {
    let db: TestDatabase;
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-import-kill-'));

    beforeAll(async () => {
      db = await createDatabase(kind);
    });
    afterAll(async () => {
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores every event of the file exactly once', { timeout: 240_000 }, async () => {
      const prefix = `K${kind[0].toUpperCase()}`;
      const events = historyEvents({ end: sampleEndFor(TEST_NOW), days: 30, casesPerDay: 180, prefix, seed: 21 });
      // SQLite: NDJSON; MariaDB: CSV (its header read again on resume); both gzip.
      const file = join(dir, kind === 'sqlite' ? 'history.ndjson.gz' : 'history.csv.gz');
      writeFileSync(file, gzipSync(kind === 'sqlite' ? toNdjson(events) : toCsv(events)));
      const checkpoint = `${file}.checkpoint.json`;

      const first = importCli([file, '--batch', '200'], db.url);
      // Killed for real once a few windows are committed, mid-way through the file.
      const cp = await until(
        () => {
          const c = readCheckpoint(checkpoint);
          return c && c.totals.read >= 6000 ? c : undefined;
        },
        120_000,
        'the first windows to commit',
      ).finally(() => first.kill('SIGKILL'));
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');

      const after = readCheckpoint(checkpoint)!;
      expect(after.complete).toBe(false);
      expect(after.totals.read).toBeGreaterThanOrEqual(cp.totals.read);
      expect(after.totals.read).toBeLessThan(events.length);
      const ds = await openDb(db.url);
      try {
        const stored = Number(
          ((await ds.query('SELECT COUNT(*) AS n FROM case_event')) as { n: string | number }[])[0].n,
        );
        expect(stored).toBeGreaterThanOrEqual(after.totals.stored);
        expect(stored).toBeLessThan(events.length);
        // The killed import's heartbeat is still there (it ages out in 2 minutes).
        const beat: { value: string }[] = await ds.query('SELECT value FROM app_setting WHERE `key` = ?', [
          IMPORT_HEARTBEAT_KEY,
        ]);
        expect(JSON.parse(beat[0].value)).toMatchObject({ file });

        const second = importCli([file, '--batch', '200', '--json'], db.url);
        const done = await second.done;
        expect(done.code, done.stderr).toBe(0);
        const summary = JSON.parse(done.stdout) as ImportSummary;
        expect(summary.complete).toBe(true);
        expect(summary.resumedAfterLine).toBe(after.line);
        // It skipped what was committed: only the rest was read.
        expect(summary.run.read).toBe(events.length - after.totals.read);
        expect(summary.totals.read).toBe(events.length);
        expect(summary.totals.rejected).toBe(0);
        expect(summary.totals.stored + summary.totals.duplicates).toBe(events.length);
        // Plain progress lines when stderr is not a terminal, then the summary.
        expect(done.stderr).toMatch(
          /^import history\.(ndjson|csv)\.gz: \d+\.\d% · read [\d,]+ · stored [\d,]+ · duplicates [\d,]+ · rejected 0 · [\d,]+ rows\/s · ETA \S+$/m,
        );
        expect(done.stderr).toContain(`complete`);

        // Every event of the file stored exactly once, as ingest stores it.
        const held = await logHoldsExactly(ds, `${prefix}-`, events);
        expect(held.problems).toEqual([]);
        const total = Number(
          ((await ds.query('SELECT COUNT(*) AS n FROM case_event')) as { n: string | number }[])[0].n,
        );
        expect(total).toBe(events.length);
        expect(await ds.query('SELECT value FROM app_setting WHERE `key` = ?', [IMPORT_HEARTBEAT_KEY])).toEqual([]);
      } finally {
        await ds.destroy();
      }
    });
  });
});

/** Expected live counts of a period from the file: reported cases and the accepted among them. */
function expectedCounts(
  events: readonly CaseEvent[],
  from: number,
  to: number,
): { reported: number; accepted: number } {
  const cases = new Map<string, { reportedAt?: number; accepted: boolean; rejected: boolean }>();
  for (const e of events) {
    const c = cases.get(e.caseId) ?? { accepted: false, rejected: false };
    if (e.type === 'reported') c.reportedAt = Date.parse(e.at);
    if (e.type === 'accepted') c.accepted = true;
    if (e.type === 'rejected') c.rejected = true;
    cases.set(e.caseId, c);
  }
  const inPeriod = [...cases.values()].filter(
    (c) => c.reportedAt !== undefined && c.reportedAt >= from && c.reportedAt < to,
  );
  return { reported: inPeriod.length, accepted: inPeriod.filter((c) => c.accepted && !c.rejected).length };
}

/** Every ended period of the history whose freeze time (end + 2 h) passed by the test moment, with its end. */
function endedPeriods(events: readonly CaseEvent[]): Map<string, number> {
  const grace = 120 * 60_000;
  const expected = new Map<string, number>();
  for (const k of ASSESSMENT_KINDS) {
    for (const e of events) {
      const key = periodKeyOf(k, Date.parse(e.at));
      const range = parsePeriodKey(k, key)!;
      if (range.to + grace <= TEST_NOW) expected.set(`${k} ${key}`, range.to);
    }
  }
  return expected;
}

describe.runIf(existsSync(CLI))('servers and the import', () => {
  describe.each(databaseKinds())('on %s', (kind) => {
    let db: TestDatabase;
    const running: Instance[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-import-server-'));
    const token = `wall-${randomBytes(8).toString('hex')}`;
    const get = async <T>(inst: Instance, path: string): Promise<T> => {
      const res = await fetch(`${inst.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
      return (await res.json()) as T;
    };
    const start = async (name: string, env: Record<string, string>) => {
      const inst = await startInstance(name, { DATABASE_URL: db.url, DEMO: 'off', SIMULATOR: 'off', ...env });
      running.push(inst);
      const ds = await openDb(db.url);
      try {
        const hash = tokenHash(token);
        if ((await ds.query('SELECT 1 AS x FROM auth_token WHERE token_hash = ?', [hash])).length === 0) {
          await ds.query(
            "INSERT INTO auth_token (id, token_hash, kind, role, label, created_at) VALUES (?, ?, 'screen', 'wall', 'import test', ?)",
            [randomUUID(), hash, TEST_NOW],
          );
        }
      } finally {
        await ds.destroy();
      }
      return inst;
    };
    const importSample = async (file: string, events: readonly CaseEvent[]) => {
      const done = await importCli([file, '--json', '--quiet'], db.url).done;
      expect(done.code, done.stderr).toBe(0);
      expect((JSON.parse(done.stdout) as ImportSummary).run.stored).toBe(events.length);
    };
    /** Waits until the server's live figures hold the imported cases (year, quarter, month). */
    const liveFigures = async (inst: Instance, events: readonly CaseEvent[]) => {
      for (const period of ['year', 'quarter', 'month'] as const) {
        await until(
          async () => {
            const s = await get<StatsView>(inst, `/api/stats?scope=410100&period=${period}`);
            const want = expectedCounts(events, Date.parse(s.from), Date.parse(s.to));
            return s.reported === want.reported && s.accepted === want.accepted ? s : undefined;
          },
          30_000,
          `${period} figures with the imported cases on ${inst.name}`,
        );
      }
      expect((await get<StatsView>(inst, '/api/stats?scope=410100&period=year')).reported).toBeGreaterThan(0);
    };
    const listed = async (inst: Instance) => {
      const out = new Map<string, number>();
      for (const k of ASSESSMENT_KINDS) {
        for (const item of (await get<AssessmentList>(inst, `/api/assessments?kind=${k}&limit=100`)).items) {
          out.set(`${item.kind} ${item.period}`, item.events);
        }
      }
      return out;
    };
    /**
     * Waits (up to 90 s: servers issue every minute) until every ended period of the history is
     * issued, each having seen every imported event before its end: nothing issued half-imported.
     */
    const issuedPeriods = async (inst: Instance, events: readonly CaseEvent[]) => {
      const expected = endedPeriods(events);
      expect(expected.size).toBeGreaterThan(3);
      const issued = await until(
        async () => {
          const l = await listed(inst);
          return [...expected.keys()].every((key) => l.has(key)) ? l : undefined;
        },
        90_000,
        `the history's periods to be issued (${[...expected.keys()].join(', ')})`,
      );
      for (const [key, to] of expected) {
        expect(issued.get(key), key).toBe(events.filter((e) => Date.parse(e.at) < to).length);
      }
      return issued;
    };

    beforeAll(async () => {
      db = await createDatabase(kind);
    });
    afterAll(async () => {
      await Promise.all(running.map((i) => i.stop('SIGKILL')));
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    // Production runs MariaDB with several instances, each following the event log (REDIS_URL).
    it.runIf(kind === 'mysql' && inject('redis'))(
      'a running server shows the imported cases without a restart and issues the ended periods of the history',
      { timeout: 300_000 },
      async () => {
        const files = writeHistoryFiles(dir, TEST_NOW);
        const events = files.ndjsonEvents;
        const a = await start('A', {
          REDIS_URL: REDIS_TEST_URL,
          REDIS_PREFIX: `gwimport-${randomBytes(4).toString('hex')}`,
          INGEST_KEYS: 'import-test-key',
        });
        expect((await get<StatsView>(a, '/api/stats?scope=410100&period=year')).reported).toBe(0);
        await importSample(files.ndjsonGz, events);
        await liveFigures(a, events);
        const issued = await issuedPeriods(a, events);
        // A server started after the import (no Redis, issuing nothing itself) shows the same.
        const b = await start('B', { ASSESSMENTS_AUTO: 'off' });
        await liveFigures(b, events);
        const onB = await listed(b);
        for (const key of endedPeriods(events).keys()) expect(onB.get(key), key).toBe(issued.get(key));
      },
    );

    // The embedded database runs one instance, with no Redis: it watches for an import's writes.
    it.runIf(kind === 'sqlite')(
      'a running single server shows the imported cases without a restart, and one started after it too',
      { timeout: 300_000 },
      async () => {
        const files = writeHistoryFiles(dir, TEST_NOW);
        const events = files.ndjsonEvents;
        const s = await start('S', {});
        expect((await get<StatsView>(s, '/api/stats?scope=410100&period=year')).reported).toBe(0);
        await importSample(files.ndjsonGz, events);
        await liveFigures(s, events);
        const issued = await issuedPeriods(s, events);
        const b = await start('B', { ASSESSMENTS_AUTO: 'off' });
        await liveFigures(b, events);
        const onB = await listed(b);
        for (const key of endedPeriods(events).keys()) expect(onB.get(key), key).toBe(issued.get(key));
      },
    );
  });
});
