// 7. Assessments (issue 11): how long issuing a week, a month and a year takes at Zhengzhou scale
// and how much memory the server needs for it, and what issuing a month does to the live path.
//
// A fresh database gets a calendar year of history (the year before last, so the live state,
// which holds the current and the previous year, does not hold it: issuing is measured apart from
// the live engine's memory) plus the last `--assess-live-days` days (a realistic live state for
// the live path), bulk-loaded with SQL like the cold start. The server runs with
// ASSESSMENTS_AUTO=off, so the bench decides what is issued: each period through
// POST /api/admin/assessments/:kind/:period/reissue (version 1 first, the same issueNow as the
// automatic issue), timed by the server's log line and end to end, its RSS sampled every
// `--assess-sample-ms`. Then a wall-like Socket.IO client on the city day room measures
// event-to-patch latency at `--assess-live-rate` events/s in windows without issuing and with a
// month being re-issued in a loop, back to back.
import Database from 'better-sqlite3';
import http from 'node:http';
import { createRequire } from 'node:module';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAdminUser, login } from '../lib/admin.mjs';
import { provisionWallToken, provisionWallTokenSqlite } from '../lib/credentials.mjs';
import { loadMysql, loadSqlite } from '../lib/dataset.mjs';
import { benchDatabaseName, connect, createDatabase, dropDatabase, mysqlUrl } from '../lib/mysql.mjs';
import { ROOT, TMP } from '../lib/paths.mjs';
import { CpuMeter, memory } from '../lib/proc.mjs';
import { INGEST_KEY, sleep, startServer } from '../lib/server.mjs';
import { spread } from '../lib/stats.mjs';
import { startWorker } from '../lib/workers.mjs';
import { world } from '../lib/world.mjs';
import { otherLoad } from './ingest.mjs';

const require = createRequire(import.meta.url);
const { parsePeriodKey, periodKeyOf, periodRange } = require(`${ROOT}/shared/dist/index.js`);

const DAY_MS = 86_400_000;
/** Times a reissue answered 503 (database watchdog) is tried again. */
const RETRIES_503 = 5;
const CITY_OFFSET_MS = 8 * 3_600_000;
const ISSUED_LINE = /issued (week|month|quarter|year) (\S+) v(\d+): (\d+) events, hash (\w+) in (\d+) ms/;
/** The city figures shown per issued period (so a reader sees the assessments are not empty). */
const FIGURES = ['reported', 'accepted', 'due', 'resolved', 'onTime', 'extended', 'openNow', 'overdueNow'];

/** City-calendar year of an instant. */
const cityYear = (t) => new Date(t + CITY_OFFSET_MS).getUTCFullYear();

/**
 * The periods measured: for each kind, the last one that lies wholly in the year (the year
 * itself, its December, its last whole ISO week), with how much of it the loaded days cover.
 */
export function periodsOf(year, kinds, loadedFrom) {
  const y = parsePeriodKey('year', String(year));
  const out = [];
  for (const kind of kinds) {
    let r = periodRange(kind, y.to - 1);
    while (r.to > y.to) r = periodRange(kind, r.from - 1);
    const covered = Math.max(0, r.to - Math.max(r.from, loadedFrom));
    out.push({ kind, key: periodKeyOf(kind, r.from), from: r.from, to: r.to, coverage: covered / (r.to - r.from) });
  }
  return out;
}

/** A request with a long timeout (issuing a year takes minutes; fetch gives up on headers after 300 s). */
function request(baseUrl, method, path, { body, token, timeoutMs = 3_600_000 } = {}) {
  const u = new URL(baseUrl);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((res, rej) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
        },
      },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => res({ status: r.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', rej);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', rej);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

/** Samples a process's VmRSS every `everyMs` until stopped: { before, peak, samples }. */
function rssSampler(pid, everyMs) {
  const before = memory(pid)?.rss ?? null;
  let peak = before ?? 0;
  let samples = 0;
  const timer = setInterval(() => {
    const m = memory(pid);
    if (m?.rss) {
      samples += 1;
      if (m.rss > peak) peak = m.rss;
    }
  }, everyMs);
  return {
    before,
    stop() {
      clearInterval(timer);
      const m = memory(pid);
      if (m?.rss && m.rss > peak) peak = m.rss;
      return { before, peak, samples };
    },
  };
}

/** Resets the process's VmHWM (peak RSS) to its current RSS (Linux ≥ 4.0); false when not allowed. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Collects the server's "issued …" log lines; `wait` resolves with the line of one version. */
function issuedLines(server) {
  const seen = [];
  server.lineListeners.add((line) => {
    const m = ISSUED_LINE.exec(line);
    if (m) {
      seen.push({
        kind: m[1],
        period: m[2],
        version: Number(m[3]),
        events: Number(m[4]),
        hash: m[5],
        ms: Number(m[6]),
      });
    }
  });
  return {
    async wait(kind, period, version, timeoutMs = 10_000) {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const hit = seen.find((s) => s.kind === kind && s.period === period && s.version === version);
        if (hit) return hit;
        if (performance.now() > until) return null;
        await sleep(20);
      }
    },
  };
}

/** What the database holds for a period: cases reported in it, events in it, and the whole log. */
async function periodFacts(query, p) {
  const [c] = await query('SELECT COUNT(*) AS n FROM case_state WHERE reported_at >= ? AND reported_at < ?', [
    p.from,
    p.to,
  ]);
  const [e] = await query('SELECT COUNT(*) AS n FROM case_event WHERE at_ms >= ? AND at_ms < ?', [p.from, p.to]);
  return { casesReported: Number(c.n), eventsInPeriod: Number(e.n) };
}

export async function run(ctx) {
  const out = { databases: [] };
  for (const kind of ctx.opts.assessDatabases) out.databases.push(await runOn(ctx, kind));
  return out;
}

async function runOn(ctx, dbKind) {
  const { opts } = ctx;
  const now = Date.now();
  const year = opts.assessYear || cityYear(now) - 2;
  const yr = parsePeriodKey('year', String(year));
  const yearDays = Math.round((yr.to - yr.from) / DAY_MS);
  const days = opts.assessYearDays > 0 ? Math.min(opts.assessYearDays, yearDays) : yearDays;
  const loadedFrom = yr.to - days * DAY_MS;
  const periods = periodsOf(year, opts.assessKinds, loadedFrom);
  const liveKind = opts.assessLiveKind;
  const livePeriod = periodsOf(year, [liveKind], loadedFrom)[0];
  const res = {
    database: dbKind,
    year,
    yearDays,
    loadedDays: days,
    loadedFrom,
    perDay: opts.assessPerDay,
    liveDays: opts.assessLiveDays,
    scale: days / yearDays,
    issues: [],
  };
  ctx.log(
    `  ${dbKind}: year ${year}, ${days} of ${yearDays} days at ${opts.assessPerDay} cases/day` +
      `${days < yearDays ? ' (SCALED: the year figure covers only these days)' : ''}, plus the last ${opts.assessLiveDays} days for the live state`,
  );

  // ---- database and data ----
  let databaseUrl;
  let cleanup;
  let load;
  let sql; // (query, params) → rows, on a connection of the bench's own
  let screenToken = null; // role wall, stored with SQL like lib/credentials.mjs does
  let closeSql = async () => {};
  let openSql;
  const progress = (label) => {
    let last = 0;
    return (done, sec) => {
      if (sec - last > 30) {
        last = sec;
        ctx.log(`    ${label}: ${done} cases loaded in ${sec.toFixed(0)} s`);
      }
    };
  };
  const gens = [
    {
      label: `year ${year}`,
      cases: Math.round(days * opts.assessPerDay),
      spanDays: days,
      now: yr.to,
      cutAt: now,
      prefix: 'A',
      seed: 11,
    },
    ...(opts.assessLiveDays > 0
      ? [
          {
            label: 'recent days',
            cases: Math.round(opts.assessLiveDays * opts.assessPerDay),
            spanDays: opts.assessLiveDays,
            now,
            prefix: 'R',
            seed: 13,
          },
        ]
      : []),
  ];
  if (dbKind === 'mariadb') {
    const name = benchDatabaseName('assess');
    await createDatabase(name);
    databaseUrl = mysqlUrl(name);
    cleanup = () => (opts.keepDatabases ? undefined : dropDatabase(name));
    load = async () => {
      const c = await connect(name);
      try {
        const parts = [];
        for (const g of gens) parts.push({ label: g.label, ...(await loadMysql(c, g, progress(g.label))) });
        screenToken = await provisionWallToken(c);
        return parts;
      } finally {
        await c.end();
      }
    };
    openSql = async () => {
      const c = await connect(name);
      sql = async (q, params) => (await c.query(q, params))[0];
      closeSql = () => c.end();
    };
  } else if (dbKind === 'sqlite') {
    const file = resolve(TMP, `assess-${ctx.runTag}.sqlite`);
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
        const parts = [];
        for (const g of gens) parts.push({ label: g.label, ...(await loadSqlite(db, g, progress(g.label))) });
        screenToken = provisionWallTokenSqlite(db);
        return parts;
      } finally {
        db.close();
      }
    };
    openSql = async () => {
      const db = new Database(file, { readonly: true });
      sql = async (q, params = []) => db.prepare(q).all(...params);
      closeSql = async () => db.close();
    };
    res.sqliteFile = file;
  } else {
    throw new Error(`--assess-databases: unknown database ${dbKind} (mariadb, sqlite)`);
  }
  const env = { ASSESSMENTS_AUTO: 'off' };
  let server;
  try {
    // The admin CLI runs the migrations like the server does: creating the admin user on the
    // empty database creates the schema; then the history (and a screen token) go in with SQL.
    const tc = performance.now();
    const admin = await createAdminUser(databaseUrl);
    res.credentialsSeconds = (performance.now() - tc) / 1000;
    const t0 = performance.now();
    const parts = await load();
    res.load = {
      seconds: (performance.now() - t0) / 1000,
      parts: parts.map((p) => ({ label: p.label, cases: p.cases, events: p.events, seconds: p.seconds })),
    };
    for (const p of parts) {
      ctx.log(
        `  ${dbKind}: loaded ${p.label}: ${p.cases} cases, ${p.events} events in ${p.seconds.toFixed(1)} s (${(p.cases / p.seconds).toFixed(0)} cases/s)`,
      );
    }
    if (res.sqliteFile) res.load.sqliteBytes = statSync(res.sqliteFile).size;

    server = await startServer({ databaseUrl, label: `assess-${dbKind}`, env, readyTimeoutMs: 1_800_000 });
    res.server = {
      rebuildSeconds: (server.rebuild?.ms ?? 0) / 1000,
      casesRead: server.rebuild?.cases ?? null,
      held: server.rebuild?.held ?? null,
      readySeconds: server.readyMs / 1000,
    };
    ctx.log(
      `  server pid ${server.pid}: rebuilt ${server.rebuild?.cases} cases (${server.rebuild?.held} held) in ${res.server.rebuildSeconds.toFixed(1)} s`,
    );
    const lines = issuedLines(server);
    const adminToken = await login(server.url, admin);
    await openSql();
    if (dbKind === 'mariadb') {
      const [sz] = await sql(
        'SELECT SUM(data_length + index_length) AS b FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
      res.load.mariadbBytes = Number(sz.b);
    }
    const [tot] = await sql('SELECT COUNT(*) AS n FROM case_event');
    res.load.eventsTotal = Number(tot.n);
    res.load.peakRssAtReady = server.peakRssAtReady;

    /** Issues the next version of a period and measures it. */
    const issue = async (p, reason, sampleMs = opts.assessSampleMs) => {
      const hwmReset = resetPeak(server.pid);
      const rss = rssSampler(server.pid, sampleMs);
      const meter = new CpuMeter({ server: server.pid, mariadbd: ctx.dbPids() }).start();
      const s = performance.now();
      let r;
      let retries = 0;
      for (;;) {
        r = await request(server.url, 'POST', `/api/admin/assessments/${p.kind}/${p.key}/reissue`, {
          body: { reason },
          token: adminToken,
        });
        // 503: the server's database watchdog found the database not answering (a saturated
        // machine); nothing was stored, retry later, as the answer says.
        if (r.status !== 503 || retries >= RETRIES_503) break;
        retries += 1;
        ctx.log(`    reissue ${p.kind} ${p.key} answered 503 (${JSON.parse(r.body).message}); retrying`);
        await sleep(1000);
      }
      const e2eMs = performance.now() - s;
      const cpu = meter.stop();
      const mem = rss.stop();
      const hwm = hwmReset ? (memory(server.pid)?.hwm ?? null) : null;
      if (r.status !== 201) throw new Error(`reissue ${p.kind} ${p.key} answered ${r.status}: ${r.body.slice(0, 300)}`);
      const header = JSON.parse(r.body);
      const line = await lines.wait(p.kind, p.key, header.version);
      return {
        version: header.version,
        retries503: retries,
        hash: header.hash,
        events: header.events,
        logMs: line?.ms ?? null,
        e2eMs,
        rssBeforeBytes: mem.before,
        peakRssBytes: mem.peak,
        rssSamples: mem.samples,
        hwmBytes: hwm,
        serverCores: cpu.cores.server,
        mariadbdCores: cpu.cores.mariadbd,
        otherLoadCores: otherLoad(cpu),
      };
    };

    // ---- issuing each kind ----
    for (const p of periods) {
      const facts = await periodFacts(sql, p);
      const runs = [];
      for (let i = 0; i < opts.assessRepeats; i++) {
        await sleep(1000);
        const r = await issue(p, `bench: time to issue a ${p.kind} (run ${i + 1})`);
        runs.push(r);
        ctx.log(
          `  ${p.kind} ${p.key} v${r.version}: ${r.events} events seen, issued in ${r.logMs} ms (log), ${r.e2eMs.toFixed(0)} ms end to end; ` +
            `RSS ${(r.rssBeforeBytes / 2 ** 20).toFixed(0)} → peak ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB` +
            `${r.hwmBytes ? ` (VmHWM ${(r.hwmBytes / 2 ** 20).toFixed(0)} MiB)` : ''}, server ${r.serverCores?.toFixed(2)} cores`,
        );
      }
      const stats = await request(
        server.url,
        'GET',
        `/api/assessments/${p.kind}/${p.key}/stats?scope=${world().tree.root.code}`,
        {
          token: screenToken,
          timeoutMs: 60_000,
        },
      );
      if (stats.status !== 200)
        throw new Error(`GET issued stats answered ${stats.status}: ${stats.body.slice(0, 300)}`);
      const view = JSON.parse(stats.body);
      const city = Object.fromEntries(FIGURES.map((k) => [k, view[k]]));
      city.closeRate = view.closeRate;
      city.onTimeRate = view.onTimeRate;
      const [b] = await sql(
        'SELECT LENGTH(body) AS n FROM assessment WHERE kind = ? AND period_key = ? ORDER BY version DESC LIMIT 1',
        [p.kind, p.key],
      );
      ctx.log(
        `    city figures of ${p.kind} ${p.key}: ${FIGURES.map((k) => `${k} ${city[k]}`).join(', ')}; stored body ${(Number(b.n) / 1024).toFixed(0)} KiB gzipped`,
      );
      res.issues.push({
        ...p,
        ...facts,
        eventsSeen: runs[0].events,
        bodyBytes: Number(b.n),
        city,
        logMs: spread(runs.map((r) => r.logMs)),
        e2eMs: spread(runs.map((r) => r.e2eMs)),
        rssBeforeBytes: spread(runs.map((r) => r.rssBeforeBytes)),
        peakRssBytes: spread(runs.map((r) => r.peakRssBytes)),
        peakAboveBeforeBytes: spread(runs.map((r) => r.peakRssBytes - r.rssBeforeBytes)),
        hwmBytes: spread(runs.map((r) => r.hwmBytes)),
        serverCores: spread(runs.map((r) => r.serverCores)),
        mariadbdCores: spread(runs.map((r) => r.mariadbdCores)),
        otherLoadCores: spread(runs.map((r) => r.otherLoadCores)),
        runs,
      });
    }

    // ---- the live path without and with a period being issued ----
    res.live = await livePath(ctx, server, screenToken, livePeriod, issue);
  } finally {
    await closeSql().catch(() => undefined);
    await server?.stop();
    await cleanup();
  }
  return res;
}

/**
 * Event-to-patch latency of a wall-like client on the city day room while events flow (the
 * live-probe worker: it posts the events and holds the client, so every posted event is counted,
 * also those a truncated feed leaves out), in back-to-back pairs of windows: `--assess-live-seconds`
 * without issuing, then with `period` re-issued in a loop (a new version as soon as one is
 * stored) over whole issues — from the start of the first to the end of the one running when
 * `--assess-live-seconds` have passed (an issue under live load can take minutes; a shorter
 * window would see only its database-bound part, not its end). Windows are by post time; each is
 * read `GRACE_MS` after its end, so its last events can arrive.
 */
const GRACE_MS = 1500;
/** The grace and the warm-up for a window of `seconds` (shorter for the smoke run's 2 s windows). */
const graceMs = (seconds) => Math.min(GRACE_MS, Math.max(500, seconds * 250));

async function livePath(ctx, server, token, period, issue) {
  const { opts } = ctx;
  const probe = startWorker('live-probe');
  const city = world().tree.root.code;
  const out = {
    kind: period.kind,
    period: period.key,
    coverage: period.coverage,
    rate: opts.assessLiveRate,
    windowSeconds: opts.assessLiveSeconds,
    pairs: [],
  };
  try {
    await probe.call('start', {
      url: server.url,
      key: INGEST_KEY,
      token,
      subscription: { scope: city, period: 'day' },
      prefix: `S${ctx.runTag}-`,
      seed: 71,
      rate: opts.assessLiveRate,
    });
    await sleep(Math.min(3, opts.assessLiveSeconds / 2) * 1000);
    const window = async (issuing) => {
      const meter = new CpuMeter({ server: server.pid, mariadbd: ctx.dbPids(), probe: probe.pid }).start();
      const t0 = performance.now();
      const minEnd = t0 + opts.assessLiveSeconds * 1000;
      const issues = [];
      let seconds = opts.assessLiveSeconds;
      if (issuing) {
        // Whole issues only: the window opens as the first starts and closes as the one running
        // at `--assess-live-seconds` ends, so it holds each issue's end (its synchronous part).
        await probe.call('open', { seconds: 24 * 3600 });
        do {
          issues.push(await issue(period, 'bench: re-issued in a loop while the live path is measured', 250));
        } while (performance.now() < minEnd);
        seconds = (performance.now() - t0) / 1000;
        await probe.call('cut');
      } else {
        await probe.call('open', { seconds });
        await sleep(seconds * 1000);
      }
      const cpu = meter.stop();
      await sleep(graceMs(opts.assessLiveSeconds));
      const got = await probe.call('close');
      return {
        issuing,
        seconds,
        posted: got.posted,
        delivered: got.delivered,
        undelivered: got.undelivered,
        deliveredViaLaterItem: got.deliveredViaLaterItem,
        patches: got.patches,
        gaps: got.gaps,
        p50Ms: got.latency.p50,
        p90Ms: got.latency.p90,
        p99Ms: got.latency.p99,
        maxMs: got.latency.max,
        serverCores: cpu.cores.server,
        mariadbdCores: cpu.cores.mariadbd,
        otherLoadCores: otherLoad(cpu),
        issuesCompleted: issues.length,
        issueLogMs: issues.map((r) => r.logMs),
        issueE2eMs: issues.map((r) => r.e2eMs),
      };
    };
    for (let i = 0; i < opts.assessLivePairs; i++) {
      const without = await window(false);
      const withIssuing = await window(true);
      const pair = {
        without,
        with: withIssuing,
        p99Ratio: without.p99Ms ? withIssuing.p99Ms / without.p99Ms : null,
        p50Ratio: without.p50Ms ? withIssuing.p50Ms / without.p50Ms : null,
      };
      out.pairs.push(pair);
      const w = (x) =>
        `p50 ${x.p50Ms?.toFixed(0)} ms, p99 ${x.p99Ms?.toFixed(0)} ms, max ${x.maxMs?.toFixed(0)} ms (${x.delivered} events${x.undelivered ? `, ${x.undelivered} undelivered` : ''}, ${x.deliveredViaLaterItem} not in a feed)`;
      ctx.log(
        `  live pair ${i + 1}: without issuing ${w(without)}; with ${period.kind} ${period.key} re-issued in a loop ` +
          `(${withIssuing.issuesCompleted} issues in ${withIssuing.seconds.toFixed(0)} s) ${w(withIssuing)}: p99 ×${pair.p99Ratio?.toFixed(2)}`,
      );
    }
    const totals = await probe.call('stop');
    out.postedPerSecond = totals.postedPerSecond;
    out.streamErrors = totals.errors;
    out.streamRetries503 = totals.retries503;
    const pick = (f) => spread(out.pairs.map(f));
    Object.assign(out, {
      withoutP50Ms: pick((p) => p.without.p50Ms),
      withoutP99Ms: pick((p) => p.without.p99Ms),
      withoutMaxMs: pick((p) => p.without.maxMs),
      withP50Ms: pick((p) => p.with.p50Ms),
      withP99Ms: pick((p) => p.with.p99Ms),
      withMaxMs: pick((p) => p.with.maxMs),
      p99Ratio: pick((p) => p.p99Ratio),
      p50Ratio: pick((p) => p.p50Ratio),
      withoutServerCores: pick((p) => p.without.serverCores),
      withServerCores: pick((p) => p.with.serverCores),
      withoutOtherLoadCores: pick((p) => p.without.otherLoadCores),
      withOtherLoadCores: pick((p) => p.with.otherLoadCores),
      withSeconds: pick((p) => p.with.seconds),
      issueLogMsUnderLoad: spread(out.pairs.flatMap((p) => p.with.issueLogMs)),
    });
  } finally {
    await probe.stop();
  }
  return out;
}
