// 9. Replay (issue 16): how long one frame of the wall at a past moment takes at Zhengzhou scale.
//
// A fresh SQLite database gets `--replay-days` days of history at `--replay-per-day` cases a day
// (bulk-loaded like the cold start), the server starts on it, and the bench asks the four reads a
// replayed wall scene makes (`/api/stats`, `/api/stats/categories`, `/api/rankings` of the
// districts, `/api/overdue`, all with `at=`) for moments played forward as the tablet's ×600
// player does (one frame per 10 minutes of history), for a jump back, and for the same moments
// again (the checkpoints already there). A frame is the four reads in sequence; reported: the
// first frame (no checkpoint yet), the forward frames (median, p95), the jump back, the repeat.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAdminUser } from '../lib/admin.mjs';
import { provisionWallTokenSqlite } from '../lib/credentials.mjs';
import { loadSqlite } from '../lib/dataset.mjs';
import { TMP } from '../lib/paths.mjs';
import { cpuSeconds } from '../lib/proc.mjs';
import { startServer } from '../lib/server.mjs';
import { latencySummary } from '../lib/stats.mjs';

const MINUTE = 60_000;
const CITY_OFFSET_MS = 8 * 3_600_000;

/** ISO-8601 with the city's offset, as the tablet sends `at`. */
function cityIso(t) {
  return new Date(t + CITY_OFFSET_MS).toISOString().replace('Z', '+08:00').replace('.000', '');
}

/** Wall time of a frame, and the server's CPU time for it (less moved by a busy machine). */
async function frame(server, token, at, period) {
  const c0 = cpuSeconds(server.pid);
  const wall = await frameWall(server.url, token, at, period);
  return { wall, cpu: (cpuSeconds(server.pid) - c0) * 1000 };
}

async function frameWall(base, token, at, period) {
  const q = `at=${encodeURIComponent(cityIso(at))}`;
  const paths = [
    `/api/stats?scope=410100&period=${period}&${q}`,
    `/api/stats/categories?scope=410100&period=${period}&${q}`,
    `/api/rankings?tier=district&scope=410100&period=${period}&${q}`,
    `/api/overdue?scope=410100&${q}`,
  ];
  const t0 = performance.now();
  for (const p of paths) {
    const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    await res.arrayBuffer();
  }
  return performance.now() - t0;
}

export async function run(ctx) {
  const { opts } = ctx;
  const now = Date.now();
  const file = resolve(TMP, `replay-${ctx.runTag}.sqlite`);
  const databaseUrl = `sqlite:${file}`;
  const res = { perDay: opts.replayPerDay, days: opts.replayDays, frames: opts.replayFrames, periods: [] };
  let server;
  try {
    await createAdminUser(databaseUrl);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    let token;
    try {
      const loaded = await loadSqlite(db, {
        cases: Math.round(opts.replayDays * opts.replayPerDay),
        spanDays: opts.replayDays,
        now,
        prefix: 'P',
        seed: 17,
      });
      token = provisionWallTokenSqlite(db);
      res.load = { cases: loaded.cases, events: loaded.events, seconds: loaded.seconds };
      ctx.log(`  loaded ${loaded.cases} cases, ${loaded.events} events in ${loaded.seconds.toFixed(1)} s`);
    } finally {
      db.close();
    }
    server = await startServer({
      databaseUrl,
      label: 'replay',
      env: { ASSESSMENTS_AUTO: 'off', HOTSPOTS: 'off' },
      readyTimeoutMs: 600_000,
      // BENCH_REPLAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the server.
      nodeArgs: (process.env.BENCH_REPLAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
    });
    // Frames over the last hours, played forward from a moment a day and a half back.
    const start = now - 36 * 60 * MINUTE;
    for (const period of opts.replayPeriods) {
      const first = await frame(server, token, start, period);
      const forward = [];
      for (let i = 1; i <= opts.replayFrames; i++)
        forward.push(await frame(server, token, start + i * 10 * MINUTE, period));
      const back = await frame(server, token, start - 6 * 60 * MINUTE, period);
      const again = [];
      for (let i = 1; i <= opts.replayFrames; i++)
        again.push(await frame(server, token, start + i * 10 * MINUTE, period));
      const row = {
        period,
        firstMs: first.wall,
        firstCpuMs: first.cpu,
        forward: latencySummary(forward.map((f) => f.wall)),
        forwardCpu: latencySummary(forward.map((f) => f.cpu)),
        jumpBackMs: back.wall,
        jumpBackCpuMs: back.cpu,
        again: latencySummary(again.map((f) => f.wall)),
      };
      res.periods.push(row);
      ctx.log(
        `  ${period}: first frame ${first.wall.toFixed(0)} ms (server CPU ${first.cpu.toFixed(0)} ms); forward ×600 frames median ` +
          `${row.forward.p50.toFixed(1)} ms, p90 ${row.forward.p90.toFixed(1)} ms (CPU median ${row.forwardCpu.p50.toFixed(1)} ms); ` +
          `jump back 6 h ${back.wall.toFixed(0)} ms (CPU ${back.cpu.toFixed(0)} ms); same frames again median ${row.again.p50.toFixed(1)} ms`,
      );
    }
  } finally {
    await server?.stop();
    if (!opts.keepDatabases) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  return res;
}
