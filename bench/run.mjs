#!/usr/bin/env node
// `npm run bench` / `npm run bench:smoke`: runs every benchmark of issue 7 against real
// processes on loopback and writes bench/results/<out>.json (and, for a complete full run,
// bench/REPORT.md). See bench/README.md.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { loadMysql } from './lib/dataset.mjs';
import { machineInfo } from './lib/machine.mjs';
import { benchDatabaseName, connect, createDatabase, dropAllCreated, mysqlUrl } from './lib/mysql.mjs';
import { helpText, parseOptions } from './lib/options.mjs';
import { BENCH, RESULTS, ROOT, TMP } from './lib/paths.mjs';
import { pidsOf } from './lib/proc.mjs';
import { startServer, stopAllServers } from './lib/server.mjs';
import { killAllWorkers } from './lib/workers.mjs';
import { provisionWallToken } from './lib/credentials.mjs';
import { writeReport } from './lib/report.mjs';

const SECTIONS = {
  polling: () => import('./sections/polling.mjs'),
  reads: () => import('./sections/reads.mjs'),
  browser: () => import('./sections/browser.mjs'),
  fanout: () => import('./sections/fanout.mjs'),
  ingest: () => import('./sections/ingest.mjs'),
  coldstart: () => import('./sections/coldstart.mjs'),
  assessments: () => import('./sections/assessments.mjs'),
  baseline: () => import('./sections/baseline.mjs'),
  replay: () => import('./sections/replay.mjs'),
  import: () => import('./sections/import.mjs'),
};

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(0).padStart(4);
const log = (msg) => console.log(`[bench ${elapsed()}s] ${msg}`);

let cleaning = null;
async function cleanup() {
  cleaning ??= (async () => {
    killAllWorkers();
    await stopAllServers();
    if (!opts?.keepDatabases) await dropAllCreated();
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: stopping servers and workers, dropping databases`);
    cleanup().finally(() => process.exit(130));
  });
}

let opts;
try {
  opts = parseOptions();
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exit(2);
}
if (opts.help) {
  console.log(helpText());
  process.exit(0);
}

for (const f of ['backend/dist/main.js', 'shared/dist/index.js', 'frontend/dist/index.html']) {
  if (!existsSync(resolve(ROOT, f))) {
    console.error(`bench: ${f} is missing: run \`npm run build\` first (npm run bench does)`);
    process.exit(2);
  }
}
for (const s of opts.sections) {
  if (!SECTIONS[s]) {
    console.error(`bench: unknown section ${s} (known: ${Object.keys(SECTIONS).join(', ')})`);
    process.exit(2);
  }
}
mkdirSync(TMP, { recursive: true });
// Server logs of earlier runs (scratch, ignored by git): keep a day's worth.
for (const f of readdirSync(TMP)) {
  const p = resolve(TMP, f);
  if (f.endsWith('.log') && Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { force: true });
}

const results = {
  kind: opts.smoke ? 'smoke' : opts.complete ? 'full' : 'partial',
  options: opts,
  machine: null,
  sections: {},
  timings: {},
  errors: {},
};

const runTag = Date.now().toString(36).toUpperCase();
let mainServer = null;
const ctx = {
  opts,
  log,
  runTag,
  mainDb: null,
  /** Screen token for sockets, REST reads and the page, when the server has read auth. */
  wallToken: null,
  /** mariadbd's pids (the machine's database server). */
  dbPids: () => pidsOf('mariadbd'),
  /** The server on the main dataset, started on first use and kept for the sections that share it. */
  async mainServer() {
    if (mainServer && !mainServer.exited) return mainServer;
    mainServer = await startServer({ databaseUrl: mysqlUrl(ctx.mainDb), label: 'main' });
    log(
      `  server on the main dataset: pid ${mainServer.pid}, ${mainServer.url}, rebuilt ${mainServer.rebuild?.cases} cases`,
    );
    return mainServer;
  },
  /** A server of its own on the main dataset (stopped by the section). */
  async freshServer(label, nodeArgs = []) {
    if (mainServer) {
      await mainServer.stop();
      mainServer = null;
    }
    return startServer({ databaseUrl: mysqlUrl(ctx.mainDb), label, nodeArgs });
  },
};

let exitCode = 0;
try {
  results.machine = await machineInfo();
  const m = results.machine;
  log(
    `${m.cores} cores ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${m.node}, MariaDB ${m.mariadb.version ?? m.mariadb.error}; ${results.kind} run of ${opts.sections.join(', ')}`,
  );

  // The cold start and the assessments load databases of their own.
  const own = new Set(['coldstart', 'assessments', 'replay', 'import']);
  const needsMain = opts.sections.some((s) => !own.has(s));
  if (needsMain) {
    ctx.mainDb = benchDatabaseName('main');
    await createDatabase(ctx.mainDb);
    const t0 = performance.now();
    const init = await startServer({ databaseUrl: mysqlUrl(ctx.mainDb), label: 'init' });
    await init.stop();
    const c = await connect(ctx.mainDb);
    try {
      const cases = Math.round(opts.historyDays * opts.historyPerDay);
      const r = await loadMysql(c, { cases, spanDays: opts.historyDays, now: Date.now(), prefix: 'H' });
      results.dataset = {
        database: ctx.mainDb,
        days: opts.historyDays,
        cases: r.cases,
        events: r.events,
        loadSeconds: r.seconds,
      };
      log(
        `main dataset ${ctx.mainDb}: ${r.cases} cases, ${r.events} events over ${opts.historyDays} days, loaded in ${r.seconds.toFixed(1)} s`,
      );
      ctx.wallToken = await provisionWallToken(c);
      if (ctx.wallToken) log('readers use a screen token (role wall) stored for the bench');
    } finally {
      await c.end();
    }
    results.timings.dataset = (performance.now() - t0) / 1000;
  }

  for (const name of opts.sections) {
    const t0 = performance.now();
    log(`section ${name}`);
    try {
      const mod = await SECTIONS[name]();
      results.sections[name] = await mod.run(ctx);
    } catch (err) {
      exitCode = 1;
      results.errors[name] = err.stack ?? String(err);
      log(`section ${name} FAILED: ${err.message}`);
    }
    results.timings[name] = (performance.now() - t0) / 1000;
    log(`section ${name} took ${results.timings[name].toFixed(0)} s`);
  }
} catch (err) {
  exitCode = 1;
  results.errors.setup = err.stack ?? String(err);
  log(`FAILED: ${err.stack ?? err}`);
} finally {
  await cleanup();
}

results.timings.total = (performance.now() - started) / 1000;
results.loadAverageAtEnd = os.loadavg();
mkdirSync(RESULTS, { recursive: true });
const outPath = resolve(RESULTS, opts.out);
writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
log(`results: ${outPath}`);
if (opts.report && exitCode === 0) {
  const path = await writeReport(results, resolve(BENCH, 'REPORT.md'));
  log(`report: ${path}`);
}
const budget = opts.budgetMinutes * 60;
log(
  `total ${results.timings.total.toFixed(0)} s (budget ${budget} s)${results.timings.total > budget ? ' — OVER BUDGET' : ''}`,
);
if (Object.keys(results.errors).length) log(`errors in: ${Object.keys(results.errors).join(', ')}`);
process.exit(exitCode);
