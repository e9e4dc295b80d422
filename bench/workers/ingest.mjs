// Load generator: posts case events to POST /api/events (own process).
//   throughput: closed loop, `concurrency` requests in flight, batches of `batch`, for `seconds`.
//   steady:     open loop, single events at a fixed rate; latency from the intended send time.
//   stream:     events at `rate`/s posted every `tickMs`, ids stamped with the post time; keeps
//               the post time of every `reported` event (for freshness by count).
import { httpClient } from '../lib/http.mjs';
import { latencySummary } from '../lib/stats.mjs';
import { LiveStream } from '../lib/stream.mjs';
import { emit, serve } from '../lib/workers.mjs';

let stream;
let client;
let auth;
let stopRequested = false;
/** Requests posted again after a reset keep-alive connection. */
let retries = 0;

function setup({ url, key, prefix, seed = 1 }) {
  if (!stream || stream.prefix !== prefix) stream = new LiveStream(prefix, seed);
  if (!client) client = httpClient(url, { maxSockets: 256 });
  auth = { authorization: `Bearer ${key}` };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function post(events) {
  const body = events.length === 1 ? JSON.stringify(events[0]) : JSON.stringify({ events });
  let res;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await client.post('/api/events', body, auth);
      break;
    } catch (err) {
      // A keep-alive socket the server closed as it was reused: posting again is safe, the
      // server counts an eventId once (200 for a duplicate).
      if (attempt >= 3 || !['ECONNRESET', 'EPIPE'].includes(err.code)) throw err;
      retries += 1;
    }
  }
  if (res.status !== 202 && res.status !== 200) {
    throw new Error(`POST /api/events answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  return JSON.parse(res.body);
}

serve({
  async throughput(args) {
    setup(args);
    const { batch, concurrency, seconds, warmupSeconds = 1 } = args;
    const lat = [];
    let accepted = 0;
    let requests = 0;
    let measuring = false;
    let t0 = 0;
    const stopAt = performance.now() + (warmupSeconds + seconds) * 1000;
    setTimeout(() => {
      measuring = true;
      t0 = performance.now();
    }, warmupSeconds * 1000);
    const loop = async () => {
      while (performance.now() < stopAt) {
        const events = stream.batch(batch);
        const s = performance.now();
        const r = await post(events);
        const e = performance.now();
        if (measuring && s >= t0) {
          lat.push(e - s);
          accepted += r.accepted;
          requests += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    const wall = (performance.now() - t0) / 1000;
    return {
      batch,
      concurrency,
      seconds: wall,
      requests,
      events: accepted,
      eventsPerSecond: accepted / wall,
      latency: latencySummary(lat),
    };
  },

  async steady(args) {
    setup(args);
    const { rate, seconds, maxInFlight = 2000 } = args;
    const lat = [];
    let inFlight = 0;
    let sent = 0;
    let done = 0;
    let errors = 0;
    let skipped = 0;
    const interval = 1000 / rate;
    const start = performance.now() + 50;
    const total = Math.round(rate * seconds);
    const all = [];
    const lag = [];
    for (let i = 0; i < total; i++) {
      const intended = start + i * interval;
      const wait = intended - performance.now();
      if (wait > 0.5) await sleep(wait);
      if (inFlight >= maxInFlight) {
        skipped += 1;
        continue;
      }
      inFlight += 1;
      sent += 1;
      const [event] = stream.batch(1);
      const sentAt = performance.now();
      lag.push(sentAt - intended);
      all.push(
        post([event]).then(
          () => {
            // Acknowledgement latency: request sent → 202 received (the server answers after commit).
            const ms = performance.now() - sentAt;
            lat.push(ms);
            done += 1;
            inFlight -= 1;
          },
          () => {
            errors += 1;
            inFlight -= 1;
          },
        ),
      );
    }
    await Promise.all(all);
    const wall = (performance.now() - start) / 1000;
    return {
      rate,
      seconds: wall,
      sent,
      acked: done,
      errors,
      skipped,
      achievedRate: done / wall,
      latency: latencySummary(lat),
      scheduleLag: latencySummary(lag),
    };
  },

  async stream(args) {
    setup(args);
    const { rate, seconds, tickMs = 50, recordReported = false } = args;
    stopRequested = false;
    const reportedPostTimes = [];
    let posted = 0;
    let errors = 0;
    let owed = 0;
    const start = performance.now();
    const stopAt = start + seconds * 1000;
    const inflight = new Set();
    let lastTick = start;
    let late = 0;
    while (performance.now() < stopAt && !stopRequested) {
      const now = performance.now();
      owed += ((now - lastTick) / 1000) * rate;
      lastTick = now;
      const n = Math.floor(owed);
      if (n > 0) {
        owed -= n;
        const t = Date.now();
        const events = stream.batch(n, t);
        if (recordReported) for (const e of events) if (e.type === 'reported') reportedPostTimes.push(t);
        const p = post(events).then(
          () => {
            posted += n;
          },
          (err) => {
            errors += 1;
            if (errors < 3) console.error(`bench ingest stream: ${err.message}`);
          },
        );
        inflight.add(p);
        p.finally(() => inflight.delete(p));
        if (inflight.size > 50) {
          late += 1;
          await Promise.race(inflight);
        }
      }
      const next = lastTick + tickMs - performance.now();
      if (next > 0) await sleep(next);
    }
    await Promise.all(inflight);
    const wall = (performance.now() - start) / 1000;
    emit('stream-done', { posted });
    return {
      rate,
      seconds: wall,
      posted,
      postedPerSecond: posted / wall,
      errors,
      retries,
      backlogWaits: late,
      reportedPostTimes,
    };
  },

  /** Ends a running `stream` early. */
  stopStream() {
    stopRequested = true;
    return true;
  },

  close() {
    client?.close();
    client = undefined;
    return true;
  },
});
