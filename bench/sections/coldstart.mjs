// 3. Cold start: the server rebuilds its live state from N stored cases, on MariaDB and on
// SQLite. The cases (and their events) are bulk-loaded with SQL, not through ingest: this
// measures the rebuild. Each start is timed by the server's own log line and by readiness.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadMysql, loadSqlite } from '../lib/dataset.mjs';
import { benchDatabaseName, connect, createDatabase, dropDatabase, mysqlUrl } from '../lib/mysql.mjs';
import { TMP } from '../lib/paths.mjs';
import { startServer } from '../lib/server.mjs';
import { spread } from '../lib/stats.mjs';

export async function run(ctx) {
  const { opts } = ctx;
  const out = { cases: opts.coldCases, spanDays: opts.coldSpanDays, withEvents: opts.coldEvents, databases: [] };
  const now = Date.now();
  const gen = { cases: opts.coldCases, spanDays: opts.coldSpanDays, now, prefix: 'C', withEvents: opts.coldEvents };
  const progress = (label) => {
    let last = 0;
    return (done, sec) => {
      if (sec - last > 20) {
        last = sec;
        ctx.log(`    ${label}: ${done} cases loaded in ${sec.toFixed(0)} s`);
      }
    };
  };
  for (const kind of opts.coldDatabases) {
    let databaseUrl;
    let cleanup;
    let load;
    if (kind === 'mariadb') {
      const name = benchDatabaseName('cold');
      await createDatabase(name);
      databaseUrl = mysqlUrl(name);
      cleanup = () => (opts.keepDatabases ? undefined : dropDatabase(name));
      load = async () => {
        const c = await connect(name);
        try {
          return await loadMysql(c, gen, progress('MariaDB'));
        } finally {
          await c.end();
        }
      };
    } else {
      const file = resolve(TMP, `cold-${ctx.runTag}.sqlite`);
      databaseUrl = `sqlite:${file}`;
      cleanup = () => {
        if (opts.keepDatabases) return;
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      };
      load = async () => {
        const db = new Database(file);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = OFF');
        try {
          return await loadSqlite(db, gen, progress('SQLite'));
        } finally {
          db.close();
        }
      };
    }
    try {
      // The server creates the schema and the area tree; then the history goes in with SQL.
      const init = await startServer({ databaseUrl, label: `cold-init-${kind}` });
      await init.stop();
      const loaded = await load();
      ctx.log(`  ${kind}: loaded ${loaded.cases} cases, ${loaded.events} events in ${loaded.seconds.toFixed(1)} s`);
      const starts = [];
      for (let r = 0; r < opts.repeats; r++) {
        const s = await startServer({ databaseUrl, label: `cold-${kind}`, readyTimeoutMs: 1_800_000 });
        await s.stop();
        if (!s.rebuild) throw new Error(`no "live state rebuilt" line in ${s.logPath}`);
        starts.push({
          rebuildSeconds: s.rebuild.ms / 1000,
          readySeconds: s.readyMs / 1000,
          peakRssBytes: s.peakRssAtReady,
          casesRead: s.rebuild.cases,
          held: s.rebuild.held,
          liveCasesAtReady: s.liveCasesAtReady,
        });
        ctx.log(
          `  ${kind} start ${r + 1}: rebuilt ${s.rebuild.cases} cases in ${(s.rebuild.ms / 1000).toFixed(1)} s, ready after ${(s.readyMs / 1000).toFixed(1)} s, peak RSS ${(s.peakRssAtReady / 2 ** 20).toFixed(0)} MiB`,
        );
      }
      out.databases.push({
        kind,
        loadSeconds: loaded.seconds,
        casesLoaded: loaded.cases,
        eventsLoaded: loaded.events,
        rebuildSeconds: spread(starts.map((s) => s.rebuildSeconds)),
        readySeconds: spread(starts.map((s) => s.readySeconds)),
        peakRssBytes: spread(starts.map((s) => s.peakRssBytes)),
        casesPerSecond: spread(starts.map((s) => s.casesRead / s.rebuildSeconds)),
        starts,
      });
    } finally {
      await cleanup();
    }
  }
  return out;
}
