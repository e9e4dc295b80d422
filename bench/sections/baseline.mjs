// 8. Baselines (issue 14): the project next to the bare stack it is built on, in the same run,
// with the same client harness, in back-to-back pairs (project, then bare), so a noisy machine
// moves both sides of a ratio alike (ratio = project ÷ bare; median [min–max] over the pairs):
//   reads   GET /api/stats city/day, /api/rankings?tier=village, /api/overdue?scope=city against
//           a bare node:http server serving the very bytes the project answered (identity and gzip);
//   ingest  POST /api/events, batches of 1,000 and single events at concurrency 20, against raw
//           mysql2 writing the same rows (case_event + folded case_state), one transaction per batch;
//   fan-out N clients in the city/day room while events flow at `rate`/s, against a bare Socket.IO
//           4.8.3 server emitting the project's captured patch every 250 ms to N clients in one
//           room; clients speak Socket.IO over `ws` (workers/ws-clients.mjs) on both sides.
import os from 'node:os';
import { readHeaders } from '../lib/credentials.mjs';
import { benchDatabaseName, connect, createDatabase, dropDatabase } from '../lib/mysql.mjs';
import { CpuMeter, memory } from '../lib/proc.mjs';
import { INGEST_KEY, sleep } from '../lib/server.mjs';
import { Histogram, spread } from '../lib/stats.mjs';
import { world } from '../lib/world.mjs';
import { startWorker } from '../lib/workers.mjs';

const load1 = () => os.loadavg()[0];

/** One figure over the pairs: project, bare and their ratio (project ÷ bare), each a spread. */
function figure(name, unit, pairs, better) {
  const ok = pairs.filter((p) => Number.isFinite(p.project) && Number.isFinite(p.bare) && p.bare !== 0);
  return {
    name,
    unit,
    better,
    project: spread(pairs.map((p) => p.project).filter(Number.isFinite)),
    bare: spread(pairs.map((p) => p.bare).filter(Number.isFinite)),
    ratio: spread(ok.map((p) => p.project / p.bare)),
    loadAverage: spread(pairs.map((p) => p.load)),
    pairs,
  };
}

const fmt = (v, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : Math.abs(v) >= 100
      ? Math.round(v).toLocaleString('en-US')
      : v.toFixed(digits);
const fmtSpread = (s, d) => (s?.n ? `${fmt(s.median, d)} [${fmt(s.min, d)}–${fmt(s.max, d)}]` : '—');

/** The table of every figure, as lines. */
export function tableLines(figures) {
  const rows = figures.map((f) => [
    f.name,
    `${fmtSpread(f.project)} ${f.unit}`,
    `${fmtSpread(f.bare)} ${f.unit}`,
    fmtSpread(f.ratio, 2),
    fmtSpread(f.loadAverage, 2),
    String(f.ratio.n ?? 0),
  ]);
  const head = ['figure', 'project', 'bare', 'ratio (project ÷ bare)', 'load avg', 'pairs'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

export async function run(ctx) {
  const { opts } = ctx;
  const server = await ctx.mainServer();
  const out = { pairs: opts.baselinePairs, loadAverageAtStart: os.loadavg(), figures: [] };
  const { tree } = world();
  const city = tree.root.code;
  const parts = opts.baselineParts;
  // Fan-out first: the server's RSS per connection is read before the reads churn its heap.
  if (parts.includes('fanout')) out.fanout = await fanout(ctx, server, city);
  if (parts.includes('reads')) out.reads = await reads(ctx, server, city);
  if (parts.includes('ingest')) out.ingest = await ingest(ctx, server);
  for (const p of ['fanout', 'reads', 'ingest']) if (out[p]) out.figures.push(...out[p].figures);
  out.loadAverageAtEnd = os.loadavg();
  ctx.log(`  baselines (ratio = project ÷ bare; median [min–max] over ${opts.baselinePairs} pairs):`);
  for (const l of tableLines(out.figures)) ctx.log(`  ${l}`);
  ctx.log(
    `  load average at start ${out.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${out.loadAverageAtEnd.map((x) => x.toFixed(2)).join(' ')}`,
  );
  return out;
}

/** (a) Reads: the project against bare node:http serving the same bytes. */
async function reads(ctx, server, city) {
  const { opts } = ctx;
  const endpoints = [
    { name: 'GET /api/stats city/day', path: `/api/stats?scope=${city}&period=day` },
    { name: 'GET /api/rankings?tier=village', path: '/api/rankings?tier=village' },
    { name: `GET /api/overdue?scope=${city}`, path: `/api/overdue?scope=${city}` },
  ];
  const headers = readHeaders(ctx.wallToken);
  const bodies = {};
  for (const e of endpoints) {
    const res = await fetch(`${server.url}${e.path}`, { headers });
    if (res.status !== 200) throw new Error(`${e.path} answered ${res.status}`);
    bodies[e.path] = await res.text();
    e.bytes = Buffer.byteLength(bodies[e.path]);
  }
  const bare = startWorker('bare-http');
  const reader = startWorker('http-reads');
  const gen = startWorker('ingest');
  const { port } = await bare.call('start', { bodies });
  const bareUrl = `http://127.0.0.1:${port}`;
  const encodings = opts.baselineReadEncodings;
  const figures = [];
  const detail = [];
  try {
    // Quiet (the cached views stay valid) and while events flow in (every commit makes them stale).
    for (const bg of opts.baselineReadBackgroundRates) {
      const streamSeconds =
        endpoints.length * encodings.length * opts.baselinePairs * 2 * (opts.baselineReadSeconds + 0.5) + 60;
      const streaming =
        bg > 0
          ? gen.call('stream', {
              url: server.url,
              key: INGEST_KEY,
              prefix: `BR${ctx.runTag}-`,
              seed: 51,
              rate: bg,
              seconds: streamSeconds,
            })
          : null;
      const cond = bg > 0 ? `${bg} events/s in` : 'quiet';
      try {
        for (const e of endpoints) {
          for (const enc of encodings) {
            const h = enc === 'gzip' ? { ...headers, 'accept-encoding': 'gzip' } : headers;
            const p99 = [];
            const rps = [];
            for (let r = 0; r < opts.baselinePairs; r++) {
              const load = load1();
              const args = { path: e.path, concurrency: opts.readsConcurrency, seconds: opts.baselineReadSeconds };
              const proj = await reader.call('run', { ...args, url: server.url, headers: h });
              const b = await reader.call('run', { ...args, url: bareUrl, headers: h });
              const bad = Object.keys(proj.statuses).filter((s) => s !== '200');
              if (bad.length) ctx.log(`  ${e.name}: non-200 answers ${JSON.stringify(proj.statuses)}`);
              p99.push({ project: proj.latency.p99, bare: b.latency.p99, load });
              rps.push({ project: proj.perSecond, bare: b.perSecond, load });
              detail.push({ endpoint: e.name, encoding: enc, backgroundRate: bg, pair: r, project: proj, bare: b });
              ctx.log(
                `  ${e.name} (${enc}, ${cond}, ${(proj.meanBytes / 1024).toFixed(1)} KiB on the wire): project p99 ${proj.latency.p99?.toFixed(1)} ms ${proj.perSecond.toFixed(0)}/s, ` +
                  `bare p99 ${b.latency.p99?.toFixed(1)} ms ${b.perSecond.toFixed(0)}/s (load ${load.toFixed(2)})`,
              );
            }
            figures.push(figure(`${e.name} p99 (${enc}, ${cond})`, 'ms', p99, 'lower'));
            figures.push(figure(`${e.name} req/s (${enc}, ${cond})`, '/s', rps, 'higher'));
          }
        }
      } finally {
        if (streaming) {
          await gen.call('stopStream').catch(() => undefined);
          await streaming.catch(() => undefined);
        }
      }
    }
  } finally {
    await bare.call('stop').catch(() => undefined);
    await Promise.all([bare.stop(), reader.stop(), gen.stop()]);
  }
  return {
    concurrency: opts.readsConcurrency,
    seconds: opts.baselineReadSeconds,
    backgroundEventsPerSecond: opts.baselineReadBackgroundRates,
    bodies: endpoints.map((e) => ({ name: e.name, path: e.path, bytes: e.bytes })),
    figures,
    detail,
  };
}

/** (b) Ingest: POST /api/events against raw mysql2 writing the same rows. */
async function ingest(ctx, server) {
  const { opts } = ctx;
  const rawDb = benchDatabaseName('raw');
  await createDatabase(rawDb);
  const c = await connect(rawDb);
  try {
    for (const t of ['case_event', 'case_state']) await c.query(`CREATE TABLE ${t} LIKE \`${ctx.mainDb}\`.${t}`);
  } finally {
    await c.end();
  }
  const gen = startWorker('ingest');
  const raw = startWorker('raw-mysql');
  const figures = [];
  const detail = [];
  const cases = [
    {
      label: `batches of ${opts.baselineBatch}`,
      batch: opts.baselineBatch,
      concurrency: opts.ingestConcurrency[1000] ?? 2,
    },
    {
      label: `single events, concurrency ${opts.baselineSingleConcurrency}`,
      batch: 1,
      concurrency: opts.baselineSingleConcurrency,
    },
  ];
  try {
    for (const k of cases) {
      const rate = [];
      const p99 = [];
      for (let r = 0; r < opts.baselinePairs; r++) {
        const load = load1();
        const args = { batch: k.batch, concurrency: k.concurrency, seconds: opts.baselineIngestSeconds };
        const proj = await gen.call('throughput', {
          ...args,
          url: server.url,
          key: INGEST_KEY,
          prefix: `BI${ctx.runTag}-${k.batch}-`,
          seed: 61,
        });
        const b = await raw.call('throughput', {
          ...args,
          database: rawDb,
          prefix: `BX${ctx.runTag}-${k.batch}-`,
          seed: 61,
        });
        const projRate = k.batch === 1 ? proj.requests / proj.seconds : proj.eventsPerSecond;
        const bareRate = k.batch === 1 ? b.transactionsPerSecond : b.eventsPerSecond;
        rate.push({ project: projRate, bare: bareRate, load });
        p99.push({ project: proj.latency.p99, bare: b.latency.p99, load });
        detail.push({ case: k.label, pair: r, project: proj, bare: b });
        ctx.log(
          `  ingest ${k.label}: project ${projRate.toFixed(0)} ${k.batch === 1 ? 'req' : 'events'}/s p99 ${proj.latency.p99?.toFixed(1)} ms, ` +
            `raw mysql2 ${bareRate.toFixed(0)} ${k.batch === 1 ? 'tx' : 'events'}/s p99 ${b.latency.p99?.toFixed(1)} ms (load ${load.toFixed(2)})`,
        );
      }
      const unit = k.batch === 1 ? 'req/s' : 'events/s';
      figures.push(figure(`ingest ${k.label}`, unit, rate, 'higher'));
      figures.push(figure(`ingest ${k.label} p99`, 'ms', p99, 'lower'));
    }
  } finally {
    await Promise.all([gen.stop(), raw.stop()]);
    await dropDatabase(rawDb);
  }
  return { figures, detail };
}

/** (c) Fan-out: the project's city/day room against a bare Socket.IO server emitting its captured patch. */
async function fanout(ctx, server, city) {
  const { opts } = ctx;
  const rate = opts.baselineFanoutRate;
  const perProc = opts.fanoutClientsPerProcess;
  const figures = [];
  const levels = [];
  const bare = startWorker('bare-socketio');
  const gen = startWorker('ingest');
  const { port } = await bare.call('start');
  const bareUrl = `http://127.0.0.1:${port}`;
  const subscription = { scope: city, period: 'day' };
  let patch = null;
  let patchSizes = [];
  try {
    for (const n of opts.baselineFanoutClients) {
      const procs = Math.max(1, Math.ceil(n / perProc));
      const projClients = Array.from({ length: procs }, () => startWorker('ws-clients'));
      const bareClients = Array.from({ length: procs }, () => startWorker('ws-clients'));
      const level = { clients: n, clientProcessesPerSide: procs };
      try {
        const subs = (k) => Array.from({ length: k }, () => subscription);
        const share = Math.ceil(n / procs);
        const open = async (workers, url, token) => {
          const t0 = performance.now();
          const res = await Promise.all(
            workers.map((w, i) =>
              w.call(
                'connect',
                {
                  url,
                  subscriptions: subs(Math.min(share, n - i * share)),
                  perSecond: opts.fanoutConnectPerSecond / procs,
                  token,
                },
                opts.fanoutConnectTimeoutSeconds * 1000 + 130_000,
              ),
            ),
          );
          return {
            seconds: (performance.now() - t0) / 1000,
            connected: res.reduce((a, r) => a + r.connected, 0),
            failed: res.reduce((a, r) => a + r.failed, 0),
            firstFailure: res.find((r) => r.firstFailure)?.firstFailure ?? null,
          };
        };
        await sleep(2000);
        const rss0 = { project: memory(server.pid).rss, bare: memory(bare.pid).rss };
        level.connectProject = await open(projClients, server.url, ctx.wallToken);
        level.connectBare = await open(bareClients, bareUrl, null);
        await sleep(2000);
        const rss1 = { project: memory(server.pid).rss, bare: memory(bare.pid).rss };
        level.rssPerConnection = {
          project: (rss1.project - rss0.project) / Math.max(1, level.connectProject.connected),
          bare: (rss1.bare - rss0.bare) / Math.max(1, level.connectBare.connected),
        };
        ctx.log(
          `  fan-out ${n} clients: project ${level.connectProject.connected} connected (${level.connectProject.failed} failed) in ${level.connectProject.seconds.toFixed(1)} s, ` +
            `bare ${level.connectBare.connected} (${level.connectBare.failed} failed); RSS per connection project ${(level.rssPerConnection.project / 1024).toFixed(1)} KiB, bare ${(level.rssPerConnection.bare / 1024).toFixed(1)} KiB`,
        );
        if (level.connectProject.connected === 0)
          throw new Error(`no project client: ${level.connectProject.firstFailure}`);
        if (level.connectBare.connected === 0) throw new Error(`no bare client: ${level.connectBare.firstFailure}`);

        if (!patch) {
          // The project's real patch: captured from the running room while events flow at `rate`.
          const streaming = gen.call('stream', {
            url: server.url,
            key: INGEST_KEY,
            prefix: `BC${ctx.runTag}-`,
            seed: 71,
            rate,
            seconds: 60,
          });
          await sleep(1500);
          const got = await projClients[0].call('capture', { count: 12 });
          await gen.call('stopStream');
          await streaming;
          if (got.length === 0) throw new Error('no patch captured from the project room');
          patchSizes = got.map((p) => Buffer.byteLength(p)).sort((a, b) => a - b);
          const median = patchSizes[Math.floor(patchSizes.length / 2)];
          patch = got.find((p) => Buffer.byteLength(p) === median);
          ctx.log(
            `  captured ${got.length} patches of the ${city}/day room at ${rate} events/s: median ${(median / 1024).toFixed(1)} KiB [${(patchSizes[0] / 1024).toFixed(1)}–${(patchSizes[patchSizes.length - 1] / 1024).toFixed(1)}]`,
          );
          await sleep(1000);
        }

        const window = async (side) => {
          const workers = side === 'project' ? projClients : bareClients;
          const pid = side === 'project' ? server.pid : bare.pid;
          const warm = 1.5;
          let streaming = null;
          if (side === 'project') {
            streaming = gen.call('stream', {
              url: server.url,
              key: INGEST_KEY,
              prefix: `BF${ctx.runTag}-`,
              seed: 81,
              rate,
              seconds: warm + opts.baselineWindowSeconds + 2,
            });
          } else {
            await bare.call('emit', { patch, rate, seconds: warm + opts.baselineWindowSeconds + 2 });
          }
          await sleep(warm * 1000);
          await Promise.all(workers.map((w) => w.call('reset')));
          const meter = new CpuMeter({ server: pid, clients: workers.map((w) => w.pid) }).start();
          await sleep(opts.baselineWindowSeconds * 1000);
          const cpu = meter.stop();
          const asked = performance.now();
          const got = await Promise.all(workers.map((w) => w.call('collect')));
          // How long the client processes took to answer: a loaded machine can leave them behind.
          const collectMs = performance.now() - asked;
          if (side === 'project') {
            await gen.call('stopStream');
            await streaming;
          } else {
            await bare.call('quiet');
          }
          const hist = new Histogram();
          for (const g of got) hist.merge(g.histogram);
          const sum = (k) => got.reduce((a, g) => a + g[k], 0);
          const messages = sum('patches');
          const w = {
            side,
            seconds: cpu.wallSeconds,
            messages,
            messagesPerSecond: messages / cpu.wallSeconds,
            meanMessageBytes: messages ? sum('bytes') / messages : null,
            feedItems: sum('feedItems'),
            gaps: sum('gaps'),
            open: sum('open'),
            latency: hist.summary(),
            serverCores: cpu.cores.server,
            clientCores: cpu.cores.clients,
            machineBusyCores: cpu.machineBusyCores,
            cpuPerMessageUs: messages ? (cpu.cpu.server * 1e6) / messages : null,
            collectMs,
          };
          // Let the server drain before the other side.
          await sleep(1000);
          return w;
        };
        const p99 = [];
        const perMsg = [];
        level.windows = [];
        for (let r = 0; r < opts.baselinePairs; r++) {
          const load = load1();
          const wp = await window('project');
          const wb = await window('bare');
          level.windows.push({ pair: r, load, project: wp, bare: wb });
          p99.push({ project: wp.latency.p99, bare: wb.latency.p99, load });
          perMsg.push({ project: wp.cpuPerMessageUs, bare: wb.cpuPerMessageUs, load });
          ctx.log(
            `  fan-out ${n} @ ${rate}/s: project p99 ${wp.latency.p99?.toFixed(0)} ms, ${wp.messagesPerSecond.toFixed(0)} msgs/s of ${((wp.meanMessageBytes ?? 0) / 1024).toFixed(1)} KiB, ${wp.cpuPerMessageUs?.toFixed(0)} µs CPU/msg; ` +
              `bare p99 ${wb.latency.p99?.toFixed(0)} ms, ${wb.messagesPerSecond.toFixed(0)} msgs/s of ${((wb.meanMessageBytes ?? 0) / 1024).toFixed(1)} KiB, ${wb.cpuPerMessageUs?.toFixed(0)} µs CPU/msg (load ${load.toFixed(2)})`,
          );
        }
        figures.push(figure(`fan-out p99, ${n} clients, one room, ${rate} events/s`, 'ms', p99, 'lower'));
        figures.push(figure(`server CPU per delivered message, ${n} clients`, 'µs', perMsg, 'lower'));
        // RSS growth over the clients is kept in the results but not tabled: the main server's heap
        // still settles after its rebuild, so its RSS moves by more than the connections' share
        // (memory per connection is the fan-out section's, read after a full GC).
      } finally {
        await Promise.all([...projClients, ...bareClients].map((w) => w.call('disconnect').catch(() => undefined)));
        await Promise.all([...projClients, ...bareClients].map((w) => w.stop()));
      }
      levels.push(level);
      await sleep(2000);
    }
  } finally {
    await bare.call('stop').catch(() => undefined);
    await Promise.all([bare.stop(), gen.stop()]);
  }
  return { rate, patchBytes: patchSizes, patch: patch ? JSON.parse(patch) : null, levels, figures };
}
