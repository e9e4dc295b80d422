// Bulk-loads simulated history straight into case_state and case_event with SQL (for the
// benchmarks that measure reading it back, not ingest): every case is planned with planCase,
// cut at `now`, normalized and folded with foldCase exactly as ingest would have stored it.
import { EVENT_COLUMNS, Rng, STATE_COLUMNS, arrivals, historicCase, world } from './world.mjs';

const DAY_MS = 86_400_000;

/**
 * Report times of about `cases` cases spread over the `spanDays` days before `now`, with the
 * simulator's daily rhythm.
 */
export function historyTimes(cases, spanDays, now, seed = 7) {
  const from = now - spanDays * DAY_MS;
  const perDay = cases / spanDays;
  const times = arrivals(from, now - 60_000, perDay, new Rng(seed));
  // Exactly `cases` (Poisson gives about that many): trim or top up uniformly.
  const rng = new Rng(seed + 1);
  while (times.length < cases) times.push(Math.floor(rng.between(from, now - 60_000)));
  if (times.length > cases) times.length = cases;
  return times;
}

/**
 * Generates the cases in chunks and hands each chunk to `sink(stateRows, eventRows)`: reports over
 * the `spanDays` days before `now`, each lifecycle cut at `cutAt` (default `now`; a later cut lets
 * the cases of a past period run their course). Returns { cases, events }.
 */
export async function generateHistory(
  { cases, spanDays, now, cutAt = now, prefix = 'H', withEvents = true, chunk = 5000, seed = 7 },
  sink,
) {
  world();
  const times = historyTimes(cases, spanDays, now, seed);
  let events = 0;
  for (let i = 0; i < times.length; i += chunk) {
    const stateRows = [];
    const eventRows = [];
    for (let j = i; j < Math.min(i + chunk, times.length); j++) {
      const t = times[j];
      const c = historicCase(`${prefix}-${t.toString(36).toUpperCase()}-${j.toString(36).toUpperCase()}`, t, cutAt);
      stateRows.push(c.stateRow);
      if (withEvents) for (const r of c.eventRows) eventRows.push(r);
      events += c.eventRows.length;
    }
    await sink(stateRows, eventRows);
  }
  return { cases: times.length, events };
}

/** Loads history into a MariaDB database whose schema the server has created (mysql2 connection). */
export async function loadMysql(conn, options, onProgress = () => {}) {
  const insert = async (table, columns, rows, per) => {
    for (let i = 0; i < rows.length; i += per) {
      await conn.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [rows.slice(i, i + per)]);
    }
  };
  let done = 0;
  const t0 = performance.now();
  const r = await generateHistory(options, async (stateRows, eventRows) => {
    await conn.beginTransaction();
    await insert('case_state', STATE_COLUMNS, stateRows, 2000);
    await insert('case_event', EVENT_COLUMNS, eventRows, 2000);
    await conn.commit();
    done += stateRows.length;
    onProgress(done, (performance.now() - t0) / 1000);
  });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

/** Loads history into a SQLite database file whose schema the server has created (better-sqlite3). */
export async function loadSqlite(db, options, onProgress = () => {}) {
  const ph = (n) => `(${new Array(n).fill('?').join(', ')})`;
  const insState = db.prepare(
    `INSERT INTO case_state (${STATE_COLUMNS.join(', ')}) VALUES ${ph(STATE_COLUMNS.length)}`,
  );
  const insEvent = db.prepare(
    `INSERT INTO case_event (${EVENT_COLUMNS.join(', ')}) VALUES ${ph(EVENT_COLUMNS.length)}`,
  );
  const write = db.transaction((stateRows, eventRows) => {
    for (const r of stateRows) insState.run(r);
    for (const r of eventRows) insEvent.run(r);
  });
  let done = 0;
  const t0 = performance.now();
  const r = await generateHistory(options, async (stateRows, eventRows) => {
    write(stateRows, eventRows);
    done += stateRows.length;
    onProgress(done, (performance.now() - t0) / 1000);
  });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}
