// Load generator: closed-loop GET requests against one endpoint at a time (own process).
import { httpClient } from '../lib/http.mjs';
import { latencySummary } from '../lib/stats.mjs';
import { serve } from '../lib/workers.mjs';

serve({
  async run({ url, path, concurrency, seconds, headers = {} }) {
    const client = httpClient(url, { maxSockets: concurrency });
    const lat = [];
    const statuses = {};
    let bytes = 0;
    const stopAt = performance.now() + seconds * 1000;
    const t0 = performance.now();
    const loop = async () => {
      while (performance.now() < stopAt) {
        const s = performance.now();
        const res = await client.get(path, headers);
        lat.push(performance.now() - s);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        bytes += res.body.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    const wall = (performance.now() - t0) / 1000;
    client.close();
    return {
      path,
      requests: lat.length,
      perSecond: lat.length / wall,
      statuses,
      meanBytes: bytes / Math.max(1, lat.length),
      latency: latencySummary(lat),
    };
  },
});
