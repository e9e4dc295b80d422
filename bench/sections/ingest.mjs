// 1. Ingest: events/s committed to MariaDB (acknowledged after commit) at batch sizes 1, 100,
// 1000 (closed loop), and acknowledgement latency at a steady rate of single-event requests.
import { CpuMeter } from '../lib/proc.mjs';
import { INGEST_KEY } from '../lib/server.mjs';
import { spread } from '../lib/stats.mjs';
import { startWorker } from '../lib/workers.mjs';

export async function run(ctx) {
  const { opts } = ctx;
  const server = await ctx.mainServer();
  const gen = startWorker('ingest');
  const base = { url: server.url, key: INGEST_KEY, prefix: `I${ctx.runTag}-`, seed: 11 };
  const out = { batches: [], steady: null };
  try {
    for (const batch of opts.ingestBatches) {
      const concurrency = opts.ingestConcurrency[batch] ?? 4;
      const runs = [];
      for (let r = 0; r < opts.repeats; r++) {
        const meter = new CpuMeter({ server: server.pid, mariadbd: ctx.dbPids(), generator: gen.pid }).start();
        const res = await gen.call('throughput', { ...base, batch, concurrency, seconds: opts.ingestSeconds });
        runs.push({ ...res, cpu: meter.stop() });
        ctx.log(
          `  batch ${batch}: ${res.eventsPerSecond.toFixed(0)} events/s (p99 ack ${res.latency.p99?.toFixed(1)} ms)`,
        );
      }
      out.batches.push({
        batch,
        concurrency,
        eventsPerSecond: spread(runs.map((r) => r.eventsPerSecond)),
        ackP50Ms: spread(runs.map((r) => r.latency.p50)),
        ackP99Ms: spread(runs.map((r) => r.latency.p99)),
        serverCores: spread(runs.map((r) => r.cpu.cores.server)),
        mariadbdCores: spread(runs.map((r) => r.cpu.cores.mariadbd)),
        otherLoadCores: spread(runs.map((r) => otherLoad(r.cpu))),
        runs,
      });
    }
    const runs = [];
    for (let r = 0; r < opts.repeats; r++) {
      const meter = new CpuMeter({ server: server.pid, mariadbd: ctx.dbPids(), generator: gen.pid }).start();
      const res = await gen.call('steady', { ...base, rate: opts.steadyRate, seconds: opts.steadySeconds });
      runs.push({ ...res, cpu: meter.stop() });
      ctx.log(
        `  steady ${opts.steadyRate}/s: achieved ${res.achievedRate.toFixed(0)}/s, p50 ${res.latency.p50?.toFixed(1)} ms, p99 ${res.latency.p99?.toFixed(1)} ms`,
      );
    }
    out.steady = {
      rate: opts.steadyRate,
      seconds: opts.steadySeconds,
      achievedRate: spread(runs.map((r) => r.achievedRate)),
      ackP50Ms: spread(runs.map((r) => r.latency.p50)),
      ackP99Ms: spread(runs.map((r) => r.latency.p99)),
      errors: runs.reduce((a, r) => a + r.errors, 0),
      serverCores: spread(runs.map((r) => r.cpu.cores.server)),
      mariadbdCores: spread(runs.map((r) => r.cpu.cores.mariadbd)),
      otherLoadCores: spread(runs.map((r) => otherLoad(r.cpu))),
      runs,
    };
  } finally {
    await gen.stop();
  }
  return out;
}

/** Machine CPU used by processes other than the measured ones, in cores (noise indicator). */
export function otherLoad(cpu) {
  const ours = Object.values(cpu.cores).reduce((a, b) => a + (b ?? 0), 0);
  return Math.max(0, cpu.machineBusyCores - ours);
}
