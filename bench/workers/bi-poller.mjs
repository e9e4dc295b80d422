// Load generator: `screens` BI big screens, each refreshing every `intervalSeconds` by running the
// aggregate SQL over case_state through a BI server's connection pool (own process). Records,
// per refresh, when its result arrived and the `reported` figure it showed (for freshness).
import mysql from 'mysql2/promise';
import { createRequire } from 'node:module';
import { ROOT } from '../lib/paths.mjs';
import { refreshQueries } from '../lib/bi-sql.mjs';
import { latencySummary } from '../lib/stats.mjs';
import { serve } from '../lib/workers.mjs';

const require = createRequire(import.meta.url);
const { periodRange } = require(`${ROOT}/shared/dist/time.js`);

let pool;
let running = null;

serve({
  /** Starts the screens; they run until `stop`. */
  start({ url, screens, intervalSeconds, poolSize }) {
    pool = mysql.createPool({ uri: url, connectionLimit: poolSize, supportBigNumbers: true, bigNumberStrings: false });
    const state = { stop: false, observations: [], refreshMs: [], queryMs: {}, refreshes: 0, errors: 0, overruns: 0 };
    const interval = intervalSeconds * 1000;
    const t0 = performance.now();
    const screen = async (i) => {
      let next = t0 + (i / screens) * interval;
      while (!state.stop) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (state.stop) break;
        const started = performance.now();
        const now = Date.now();
        const { from, to } = periodRange('day', now);
        try {
          // A dashboard fires its widgets' queries together.
          const results = await Promise.all(
            refreshQueries(now, from, to).map(async (q) => {
              const s = performance.now();
              const [rows] = await pool.query(q.sql, q.params);
              (state.queryMs[q.name] ??= []).push(performance.now() - s);
              return rows;
            }),
          );
          const done = Date.now();
          state.observations.push([i, done, Number(results[0][0].reported)]);
          state.refreshMs.push(performance.now() - started);
          state.refreshes += 1;
        } catch (err) {
          state.errors += 1;
          if (state.errors < 3) console.error(`bench bi-poller: ${err.message}`);
        }
        next += interval;
        if (next < performance.now()) {
          state.overruns += 1;
          next = performance.now();
        }
      }
    };
    state.loops = Array.from({ length: screens }, (_, i) => screen(i));
    running = state;
    return true;
  },

  /** Clears the records (start of a measurement window). */
  reset() {
    running.observations = [];
    running.refreshMs = [];
    running.queryMs = {};
    running.refreshes = 0;
    running.errors = 0;
    running.overruns = 0;
    return true;
  },

  collect() {
    const s = running;
    return {
      refreshes: s.refreshes,
      errors: s.errors,
      overruns: s.overruns,
      refreshMs: latencySummary(s.refreshMs),
      queryMs: Object.fromEntries(Object.entries(s.queryMs).map(([k, v]) => [k, latencySummary(v)])),
      observations: s.observations,
    };
  },

  async stop() {
    if (!running) return true;
    running.stop = true;
    await Promise.all(running.loops);
    running = null;
    await pool.end();
    return true;
  },
});
