// 5. Against polling, side by side in one run: the same number of screens showing the city's
// day figures and district ranking, (a) the BI way, each re-running the aggregate SQL over
// case_state every few seconds, and (b) this system's way, subscribed to the city room. Both
// phases get the same event stream through the same ingest; they alternate, repeated. Freshness
// is measured the same way for both: the time from posting a `reported` event to the first
// moment a screen shows a `reported` figure that includes it.
import { readHeaders } from '../lib/credentials.mjs';
import { CpuMeter } from '../lib/proc.mjs';
import { connect, mysqlUrl } from '../lib/mysql.mjs';
import { refreshQueries } from '../lib/bi-sql.mjs';
import { createRequire } from 'node:module';
import { ROOT } from '../lib/paths.mjs';
import { INGEST_KEY, sleep } from '../lib/server.mjs';
import { latencySummary, spread } from '../lib/stats.mjs';
import { startWorker } from '../lib/workers.mjs';
import { otherLoad } from './ingest.mjs';

/**
 * Freshness samples: for each screen, each time its `reported` figure rises, the events it now
 * includes for the first time were seen at that moment.
 */
export function freshness(observations, postTimes, c0) {
  const byScreen = new Map();
  for (const [screen, t, count] of observations) {
    if (!byScreen.has(screen)) byScreen.set(screen, []);
    byScreen.get(screen).push([t, count]);
  }
  const samples = [];
  let unseen = 0;
  for (const obs of byScreen.values()) {
    obs.sort((a, b) => a[0] - b[0]);
    let seen = 0;
    for (const [t, count] of obs) {
      const upTo = Math.min(postTimes.length, count - c0);
      for (; seen < upTo; seen++) samples.push(t - postTimes[seen]);
    }
    unseen += postTimes.length - seen;
  }
  return { ...latencySummary(samples), unseen, screens: byScreen.size };
}

async function reportedNow(url, token) {
  const res = await fetch(`${url}/api/stats?scope=410100&period=day`, { headers: readHeaders(token) });
  if (!res.ok) throw new Error(`GET /api/stats answered ${res.status}`);
  return (await res.json()).reported;
}

/** MariaDB's plan for each BI query on the main dataset (access type and rows examined). */
async function explain(database) {
  const { periodRange } = createRequire(import.meta.url)(`${ROOT}/shared/dist/time.js`);
  const now = Date.now();
  const { from, to } = periodRange('day', now);
  const c = await connect(database);
  try {
    const out = {};
    for (const q of refreshQueries(now, from, to)) {
      const [rows] = await c.query(`EXPLAIN ${q.sql}`, q.params);
      out[q.name] = rows.map((r) => ({ type: r.type, key: r.key, rows: Number(r.rows), extra: r.Extra }));
    }
    const [[{ n }]] = await c.query('SELECT COUNT(*) AS n FROM case_state');
    return { plans: out, caseStateRows: Number(n) };
  } finally {
    await c.end();
  }
}

export async function run(ctx) {
  const { opts } = ctx;
  const server = await ctx.mainServer();
  const gen = startWorker('ingest');
  const streamArgs = {
    url: server.url,
    key: INGEST_KEY,
    prefix: `P${ctx.runTag}-`,
    seed: 41,
    rate: opts.pollRate,
    seconds: opts.pollSeconds,
    recordReported: true,
  };
  const meterOf = (extra) => new CpuMeter({ server: server.pid, mariadbd: ctx.dbPids(), generator: gen.pid, ...extra });
  const out = {
    explain: await explain(ctx.mainDb),
    screens: opts.pollScreens,
    intervalSeconds: opts.pollIntervalSeconds,
    eventsPerSecond: opts.pollRate,
    seconds: opts.pollSeconds,
    pool: opts.pollPool,
  };
  try {
    // What the database and server use with no bench traffic at all (other tenants, timers).
    const idle = meterOf({}).start();
    await sleep(3000);
    out.idle = idle.stop();
    const push = [];
    const poll = [];
    for (let r = 0; r < opts.repeats; r++) {
      // (b) push: the screens subscribe to the city room.
      const procs = Math.max(1, Math.ceil(opts.pollScreens / 100));
      const clients = Array.from({ length: procs }, () => startWorker('socket-clients'));
      try {
        const per = Math.ceil(opts.pollScreens / procs);
        const conn = await Promise.all(
          clients.map((w, i) =>
            w.call('connect', {
              url: server.url,
              subscriptions: Array.from({ length: Math.min(per, opts.pollScreens - i * per) }, () => ({
                scope: '410100',
                period: 'day',
              })),
              perSecond: 200,
              indexBase: i * per,
              token: ctx.wallToken,
            }),
          ),
        );
        const failed = conn.find((c) => c.failed > 0);
        if (failed) throw new Error(`${failed.failed} screens could not subscribe: ${failed.firstFailure}`);
        await sleep(1000);
        await Promise.all(clients.map((w) => w.call('reset', { trackReported: true })));
        const c0 = await reportedNow(server.url, ctx.wallToken);
        const meter = meterOf({ clients: clients.map((w) => w.pid) }).start();
        const streamed = await gen.call('stream', streamArgs);
        const cpu = meter.stop();
        await sleep(1500);
        const got = await Promise.all(clients.map((w) => w.call('collect')));
        const fresh = freshness(
          got.flatMap((g) => g.observations),
          streamed.reportedPostTimes,
          c0,
        );
        push.push({
          cpu,
          freshness: fresh,
          reportedEvents: streamed.reportedPostTimes.length,
          postedPerSecond: streamed.postedPerSecond,
          messages: got.reduce((a, g) => a + g.patches, 0),
        });
        ctx.log(
          `  push  ${r + 1}: freshness p50 ${fresh.p50?.toFixed(0)} ms p99 ${fresh.p99?.toFixed(0)} ms, mariadbd ${cpu.cores.mariadbd?.toFixed(3)} cores, server ${cpu.cores.server.toFixed(3)} cores`,
        );
      } finally {
        await Promise.all(clients.map((w) => w.call('disconnect').catch(() => undefined)));
        await Promise.all(clients.map((w) => w.stop()));
      }
      await sleep(500);

      // (a) poll: the screens re-run the SQL every interval through the BI server's pool.
      const bi = startWorker('bi-poller');
      try {
        await bi.call('start', {
          url: mysqlUrl(ctx.mainDb),
          screens: opts.pollScreens,
          intervalSeconds: opts.pollIntervalSeconds,
          poolSize: opts.pollPool,
        });
        // Every screen has shown the figures once before events start.
        await sleep(opts.pollIntervalSeconds * 1000 + 500);
        await bi.call('reset');
        const c0 = await reportedNow(server.url, ctx.wallToken);
        const meter = meterOf({ biServer: bi.pid }).start();
        const streamed = await gen.call('stream', streamArgs);
        const cpu = meter.stop();
        // The last events show up at the screens' next refresh.
        await sleep(opts.pollIntervalSeconds * 1000 + 1000);
        const got = await bi.call('collect');
        const fresh = freshness(got.observations, streamed.reportedPostTimes, c0);
        poll.push({
          cpu,
          freshness: fresh,
          reportedEvents: streamed.reportedPostTimes.length,
          postedPerSecond: streamed.postedPerSecond,
          refreshes: got.refreshes,
          overruns: got.overruns,
          errors: got.errors,
          refreshMs: got.refreshMs,
          queryMs: got.queryMs,
        });
        ctx.log(
          `  poll  ${r + 1}: freshness p50 ${fresh.p50?.toFixed(0)} ms p99 ${fresh.p99?.toFixed(0)} ms, mariadbd ${cpu.cores.mariadbd?.toFixed(3)} cores, refresh p99 ${got.refreshMs.p99?.toFixed(0)} ms, overruns ${got.overruns}`,
        );
      } finally {
        await bi.call('stop').catch(() => undefined);
        await bi.stop();
      }
      await sleep(500);
    }
    const summarize = (runs, extraKey) => ({
      mariadbdCores: spread(runs.map((x) => x.cpu.cores.mariadbd)),
      serverCores: spread(runs.map((x) => x.cpu.cores.server)),
      [extraKey]: spread(runs.map((x) => x.cpu.cores[extraKey])),
      freshnessP50Ms: spread(runs.map((x) => x.freshness.p50)),
      freshnessP99Ms: spread(runs.map((x) => x.freshness.p99)),
      freshnessMaxMs: spread(runs.map((x) => x.freshness.max)),
      otherLoadCores: spread(runs.map((x) => otherLoad(x.cpu))),
      unseen: runs.reduce((a, x) => a + x.freshness.unseen, 0),
      runs,
    });
    out.push = summarize(push, 'clients');
    out.poll = summarize(poll, 'biServer');
    out.poll.refreshP50Ms = spread(poll.map((x) => x.refreshMs.p50));
    out.poll.refreshP99Ms = spread(poll.map((x) => x.refreshMs.p99));
    out.poll.overruns = poll.reduce((a, x) => a + x.overruns, 0);
    out.poll.refreshesPerSecond = spread(poll.map((x) => x.refreshes / x.cpu.wallSeconds));
    const idleDb = out.idle.cores.mariadbd ?? 0;
    const ratio = (a, b) => (a !== null && b ? a / b : null);
    out.ratios = {
      // Per repeat (same repeat index = neighbouring phases), then the median of the ratios.
      mariadbdCpu: spread(poll.map((p, i) => ratio(p.cpu.cores.mariadbd, push[i].cpu.cores.mariadbd))),
      mariadbdCpuAboveIdle: spread(
        poll.map((p, i) =>
          ratio(Math.max(1e-6, p.cpu.cores.mariadbd - idleDb), Math.max(1e-6, push[i].cpu.cores.mariadbd - idleDb)),
        ),
      ),
      freshnessP50: spread(poll.map((p, i) => ratio(p.freshness.p50, push[i].freshness.p50))),
      freshnessP99: spread(poll.map((p, i) => ratio(p.freshness.p99, push[i].freshness.p99))),
    };
  } finally {
    await gen.stop();
  }
  return out;
}
