// 2. Fan-out: 1,000 / 5,000 / 10,000 Socket.IO clients in several client processes, subscribed
// across ~200 rooms at every level of the tree, while events flow at 100 and 1,000 per second.
// Clients are added to one server step by step, so memory per connection is the server's RSS
// growth over its idle baseline divided by the clients held.
import { heapAfterGc } from '../lib/inspector.mjs';
import { CpuMeter, memory } from '../lib/proc.mjs';
import { roomCount, subscriptionsFor } from '../lib/scopes.mjs';
import { INGEST_KEY, sleep } from '../lib/server.mjs';
import { Histogram, spread } from '../lib/stats.mjs';
import { startWorker } from '../lib/workers.mjs';
import { otherLoad } from './ingest.mjs';

export async function run(ctx) {
  const { opts } = ctx;
  const levels = [...opts.fanoutClients].sort((a, b) => a - b);
  const max = levels[levels.length - 1];
  const procs = Math.max(1, Math.ceil(max / opts.fanoutClientsPerProcess));
  // The inspector lets the bench read the server's heap after a full GC (memory per connection).
  const server = await ctx.freshServer('fanout', ['--inspect=127.0.0.1:0']);
  const heap = async () =>
    server.inspectorUrl ? ((await heapAfterGc(server.inspectorUrl).catch(() => null))?.usedBytes ?? null) : null;
  const workers = Array.from({ length: procs }, () => startWorker('socket-clients'));
  const gen = startWorker('ingest');
  const subs = subscriptionsFor(max);
  const out = { clientProcesses: procs, levels: [] };
  try {
    await sleep(2000);
    const idleHeap = await heap();
    const idle = memory(server.pid);
    out.idleRssBytes = idle.rss;
    out.idleHeapBytes = idleHeap;
    let held = 0;
    for (const n of levels) {
      // Connect the clients n − held more, spread over the client processes.
      const add = subs.slice(held, n);
      const share = Math.ceil(add.length / procs);
      const t0 = performance.now();
      const connect = Promise.all(
        workers.map((w, i) =>
          w.call(
            'connect',
            {
              url: server.url,
              subscriptions: add.slice(i * share, (i + 1) * share),
              perSecond: opts.fanoutConnectPerSecond / procs,
              indexBase: held + i * share,
              token: ctx.wallToken,
            },
            opts.fanoutConnectTimeoutSeconds * 1000 + 130_000,
          ),
        ),
      );
      const conn = await connect;
      const connectSeconds = (performance.now() - t0) / 1000;
      const connected = conn.reduce((a, c) => a + c.connected, 0);
      const failed = conn.reduce((a, c) => a + c.failed, 0);
      held = n;
      await sleep(2000);
      const heapNow = await heap();
      const rss = memory(server.pid).rss;
      const open = (await Promise.all(workers.map((w) => w.call('collect')))).reduce((a, c) => a + c.open, 0);
      const level = {
        clients: n,
        rooms: roomCount(subs.slice(0, n)),
        connectSeconds,
        connectedNow: connected,
        failedNow: failed,
        firstFailure: conn.find((c) => c.firstFailure)?.firstFailure ?? null,
        open,
        rssBytes: rss,
        rssPerConnectionBytes: open > 0 ? (rss - idle.rss) / open : null,
        heapBytes: heapNow,
        heapPerConnectionBytes: open > 0 && heapNow !== null && idleHeap !== null ? (heapNow - idleHeap) / open : null,
        rates: [],
      };
      ctx.log(
        `  ${n} clients (${level.rooms} rooms): connected in ${connectSeconds.toFixed(1)} s, open ${open}, failed ${failed}, ` +
          `RSS ${(rss / 2 ** 20).toFixed(0)} MiB (${((rss - idle.rss) / Math.max(1, open) / 1024).toFixed(1)} KiB/conn), ` +
          `heap after GC ${level.heapPerConnectionBytes === null ? '—' : (level.heapPerConnectionBytes / 1024).toFixed(1)} KiB/conn`,
      );
      if (open === 0) throw new Error(`no client could subscribe: ${level.firstFailure}`);
      for (const rate of opts.fanoutRates) {
        const warm = 2;
        const streamSeconds = warm + opts.repeats * opts.fanoutWindowSeconds + 1;
        const streaming = gen.call('stream', {
          url: server.url,
          key: INGEST_KEY,
          prefix: `F${ctx.runTag}-`,
          seed: 21,
          rate,
          seconds: streamSeconds,
        });
        await sleep(warm * 1000);
        const windows = [];
        for (let r = 0; r < opts.repeats; r++) {
          await Promise.all(workers.map((w) => w.call('reset')));
          const meter = new CpuMeter({
            server: server.pid,
            clients: workers.map((w) => w.pid),
            generator: gen.pid,
            mariadbd: ctx.dbPids(),
          }).start();
          await sleep(opts.fanoutWindowSeconds * 1000);
          const cpu = meter.stop();
          const got = await Promise.all(workers.map((w) => w.call('collect')));
          const hist = new Histogram();
          const sum = (k) => got.reduce((a, g) => a + g[k], 0);
          for (const g of got) hist.merge(g.histogram);
          const lat = hist.summary();
          windows.push({
            seconds: cpu.wallSeconds,
            messagesPerSecond: sum('patches') / cpu.wallSeconds,
            feedItemsPerSecond: sum('feedItems') / cpu.wallSeconds,
            bytesPerSecond: sum('bytes') / cpu.wallSeconds,
            gaps: sum('gaps'),
            resyncs: sum('resyncs'),
            disconnects: sum('disconnects'),
            open: sum('open'),
            latency: lat,
            rssBytes: memory(server.pid)?.rss ?? null,
            cpu,
          });
        }
        const streamed = await streaming;
        const rr = {
          rate,
          postedPerSecond: streamed.postedPerSecond,
          streamErrors: streamed.errors,
          messagesPerSecond: spread(windows.map((w) => w.messagesPerSecond)),
          feedItemsPerSecond: spread(windows.map((w) => w.feedItemsPerSecond)),
          megabytesPerSecond: spread(windows.map((w) => w.bytesPerSecond / 1e6)),
          p50Ms: spread(windows.map((w) => w.latency.p50)),
          p99Ms: spread(windows.map((w) => w.latency.p99)),
          maxMs: spread(windows.map((w) => w.latency.max)),
          serverCores: spread(windows.map((w) => w.cpu.cores.server)),
          clientCores: spread(windows.map((w) => w.cpu.cores.clients)),
          mariadbdCores: spread(windows.map((w) => w.cpu.cores.mariadbd)),
          machineBusyCores: spread(windows.map((w) => w.cpu.machineBusyCores)),
          otherLoadCores: spread(windows.map((w) => otherLoad(w.cpu))),
          gaps: windows.reduce((a, w) => a + w.gaps, 0),
          disconnects: windows.reduce((a, w) => a + w.disconnects, 0),
          open: Math.min(...windows.map((w) => w.open)),
          rssPerConnectionBytes: spread(windows.map((w) => (w.rssBytes - idle.rss) / Math.max(1, w.open))),
          windows,
        };
        level.rates.push(rr);
        ctx.log(
          `    ${rate} events/s (posted ${streamed.postedPerSecond.toFixed(0)}/s): ${rr.messagesPerSecond.median?.toFixed(0)} msgs/s, ` +
            `p50 ${rr.p50Ms.median?.toFixed(0)} ms, p99 ${rr.p99Ms.median?.toFixed(0)} ms, server ${rr.serverCores.median?.toFixed(2)} cores, gaps ${rr.gaps}`,
        );
        // Let the server drain before the next rate.
        await sleep(1500);
      }
      out.levels.push(level);
    }
  } finally {
    await Promise.all(workers.map((w) => w.call('disconnect').catch(() => undefined)));
    await Promise.all(workers.map((w) => w.stop()));
    await gen.stop();
    await server.stop();
  }
  return out;
}
