// The raw mysql2 baseline of ingest (own process): the same rows POST /api/events stores — every
// event's case_event row (canonical JSON payload) and the folded case_state row of every case it
// touches (foldCase over the case's events so far) — written with plain mysql2, one transaction
// per batch, `concurrency` connections in a closed loop. Events come from the same live stream
// the ingest generator posts (lib/stream.mjs).
import { connect } from '../lib/mysql.mjs';
import { latencySummary } from '../lib/stats.mjs';
import { LiveStream } from '../lib/stream.mjs';
import { EVENT_COLUMNS, STATE_COLUMNS, canonicalJson, foldCase, normalize, stateRow, world } from '../lib/world.mjs';
import { serve } from '../lib/workers.mjs';

const UPSERT_STATE = `INSERT INTO case_state (${STATE_COLUMNS.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${STATE_COLUMNS.slice(
  1,
)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ')}`;
const INSERT_EVENTS = `INSERT INTO case_event (${EVENT_COLUMNS.join(', ')}) VALUES ?`;

let stream;
/** Every event so far, by case (the fold needs them all). */
const byCase = new Map();

/** The rows of a batch: event rows, and state rows of the touched cases in case order. */
function rowsOf(events, now) {
  const normalized = normalize(events);
  const touched = new Set();
  const eventRows = normalized.map((e) => {
    let list = byCase.get(e.caseId);
    if (!list) byCase.set(e.caseId, (list = []));
    list.push(e);
    touched.add(e.caseId);
    return [e.eventId, e.caseId, e.type, e.at, canonicalJson(e), now];
  });
  const ctx = world().foldContext;
  const stateRows = [...touched].sort().map((id) => stateRow(foldCase(id, byCase.get(id), ctx)));
  return { eventRows, stateRows };
}

const isDeadlock = (err) => err?.errno === 1213 || err?.errno === 1205;

serve({
  async throughput({ database, prefix, seed = 41, batch, concurrency, seconds, warmupSeconds = 1 }) {
    if (!stream || stream.prefix !== prefix) stream = new LiveStream(prefix, seed);
    const conns = await Promise.all(Array.from({ length: concurrency }, () => connect(database)));
    const lat = [];
    let events = 0;
    let transactions = 0;
    let deadlocks = 0;
    let measuring = false;
    let t0 = 0;
    const stopAt = performance.now() + (warmupSeconds + seconds) * 1000;
    setTimeout(() => {
      measuring = true;
      t0 = performance.now();
    }, warmupSeconds * 1000);
    const loop = async (c) => {
      while (performance.now() < stopAt) {
        const s = performance.now();
        const { eventRows, stateRows } = rowsOf(stream.batch(batch), Date.now());
        for (let attempt = 1; ; attempt++) {
          try {
            await c.beginTransaction();
            await c.query(INSERT_EVENTS, [eventRows]);
            await c.query(UPSERT_STATE, [stateRows]);
            await c.commit();
            break;
          } catch (err) {
            await c.rollback().catch(() => undefined);
            if (!isDeadlock(err) || attempt >= 5) throw err;
            deadlocks += 1;
          }
        }
        const e = performance.now();
        if (measuring && s >= t0) {
          lat.push(e - s);
          events += eventRows.length;
          transactions += 1;
        }
      }
    };
    try {
      await Promise.all(conns.map(loop));
    } finally {
      await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
    }
    const wall = (performance.now() - t0) / 1000;
    return {
      batch,
      concurrency,
      seconds: wall,
      transactions,
      events,
      eventsPerSecond: events / wall,
      transactionsPerSecond: transactions / wall,
      deadlocks,
      latency: latencySummary(lat),
    };
  },
});
