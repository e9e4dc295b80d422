// Load generator and wall client in one process (the assessments section): posts the simulator's
// live lifecycles at `rate` events/s (eventIds stamped with their post time, like
// workers/ingest.mjs) and holds one Socket.IO client on a room (the wall's city day room), so it
// knows every event it posted and can tell when a patch first reflects each one.
//
// Event-to-patch latency, counting every posted event: an event is delivered by the first patch
// whose feed carries it or an event posted after it. Requests go out one at a time on one
// connection, at most one in flight (events made meanwhile go together in the next request, each
// with its own creation time), so events commit in the order they were made and a patch carrying
// a later event reflects the earlier ones too. This matters when the
// server stalls: a patch's feed holds at most the 50 newest items (FEED_LIMIT), so after a gap
// of more than 0.5 s at 100 events/s the most delayed events are missing from the feed, and
// sampling feed items alone would leave exactly them out. Windows are defined by post time; an
// event of a window not delivered when the window is read is counted at its latency so far (a
// lower bound) and reported as undelivered.
import { io } from 'socket.io-client';
import { httpClient } from '../lib/http.mjs';
import { Histogram } from '../lib/stats.mjs';
import { LiveStream, postTimeOf } from '../lib/stream.mjs';
import { serve } from '../lib/workers.mjs';

let socket;
let client;
let stream;
let auth;
let posting = false;
let loop;
/** Posted batches not yet delivered, in post order: { t, n, failed }. */
let pending = [];
let head = 0;
let win = null;
const totals = { posted: 0, errors: 0, retries503: 0, patches: 0, gaps: 0, started: 0 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Most events per request (the API takes up to 1,000). */
const MAX_BATCH = 1000;

function newWindow(from, to) {
  return { from, to, hist: new Histogram(), posted: 0, delivered: 0, viaLaterItem: 0, patches: 0, gaps: 0 };
}

/** Delivers every pending batch posted at or before `upTo` (a patch received at `now` reflects them). */
function deliver(upTo, now, listed) {
  while (head < pending.length && pending[head].t <= upTo) {
    const b = pending[head++];
    if (b.failed) continue;
    if (win && b.t >= win.from && b.t < win.to) {
      win.hist.add(now - b.t, b.n);
      win.delivered += b.n;
      win.viaLaterItem += Math.max(0, b.n - (listed.get(b.t) ?? 0));
    }
  }
  if (head > 10_000) {
    pending = pending.slice(head);
    head = 0;
  }
}

async function post(events) {
  const body = events.length === 1 ? JSON.stringify(events[0]) : JSON.stringify({ events });
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.post('/api/events', body, auth);
      // 503: the server's database watchdog; nothing (or, answered later as duplicates, all)
      // was stored: post the same events again, as an upstream system would.
      if (res.status === 503 && attempt < 20) {
        totals.retries503 += 1;
        await sleep(250);
        continue;
      }
      if (res.status !== 202 && res.status !== 200) {
        throw new Error(`POST /api/events answered ${res.status}: ${res.body.slice(0, 200)}`);
      }
      return;
    } catch (err) {
      // A keep-alive socket the server closed as it was reused: the server counts an eventId once.
      if (attempt >= 3 || !['ECONNRESET', 'EPIPE'].includes(err.code)) throw err;
    }
  }
}

serve({
  /** Connects the wall client to `subscription`, then posts `rate` events/s until `stop`. */
  async start({ url, key, token = null, subscription, prefix, seed = 1, rate, tickMs = 50 }) {
    stream = new LiveStream(prefix, seed);
    // One connection: requests in post order, each after the previous one committed.
    client = httpClient(url, { maxSockets: 1 });
    auth = { authorization: `Bearer ${key}` };
    await new Promise((resolve, reject) => {
      socket = io(`${url}/live`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 60_000,
        ...(token ? { auth: { token } } : {}),
      });
      let seq = null;
      const timer = setTimeout(() => reject(new Error('no snapshot within 60 s')), 60_000);
      socket.on('connect', () => socket.emit('subscribe', subscription));
      socket.on('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
      socket.on('live-error', (e) => reject(new Error(`live-error: ${e.message}`)));
      socket.on('snapshot', (snap) => {
        seq = snap.seq;
        clearTimeout(timer);
        resolve();
      });
      socket.on('patch', (patch) => {
        const now = Date.now();
        totals.patches += 1;
        if (win) win.patches += 1;
        if (seq !== null && patch.seq !== seq + 1) {
          totals.gaps += 1;
          if (win) win.gaps += 1;
        }
        seq = patch.seq;
        if (!patch.feed?.length) return;
        let newest = -Infinity;
        const listed = new Map();
        for (const item of patch.feed) {
          const t = postTimeOf(item.eventId);
          if (t === null) continue;
          listed.set(t, (listed.get(t) ?? 0) + 1);
          if (t > newest) newest = t;
        }
        if (newest > -Infinity) deliver(newest, now, listed);
      });
    });
    posting = true;
    totals.started = performance.now();
    // Events made while a request is in flight wait and go out together in the next one (each
    // keeps its own creation time): in order, and never more than one request behind.
    let queued = [];
    let queuedBatches = [];
    let inFlight = null;
    const flush = () => {
      if (inFlight || queued.length === 0) return;
      const events = queued.splice(0, MAX_BATCH);
      const batches = [];
      let k = events.length;
      while (k > 0) {
        const b = queuedBatches[0];
        const take = Math.min(k, b.left);
        b.left -= take;
        k -= take;
        if (b.left === 0) batches.push(queuedBatches.shift());
        else if (!batches.includes(b)) batches.push(b);
      }
      inFlight = post(events).then(
        () => {
          totals.posted += events.length;
        },
        (err) => {
          for (const b of batches) {
            if (!b.failed && win && b.t >= win.from && b.t < win.to) win.posted -= b.n;
            b.failed = true;
          }
          totals.errors += 1;
          if (totals.errors < 3) console.error(`bench live probe: ${err.message}`);
        },
      );
      inFlight.finally(() => {
        inFlight = null;
        if (posting) flush();
      });
    };
    loop = (async () => {
      let owed = 0;
      let last = performance.now();
      while (posting) {
        const nowP = performance.now();
        owed += ((nowP - last) / 1000) * rate;
        last = nowP;
        const n = Math.floor(owed);
        if (n > 0) {
          owed -= n;
          const t = Date.now();
          const batch = { t, n, left: n, failed: false };
          pending.push(batch);
          if (win && t >= win.from && t < win.to) win.posted += n;
          for (const e of stream.batch(n, t)) queued.push(e);
          queuedBatches.push(batch);
          flush();
        }
        await sleep(Math.max(1, last + tickMs - performance.now()));
      }
      while (inFlight) await inFlight;
    })();
    return true;
  },

  /** Starts a window: the events posted in the next `seconds`. */
  open({ seconds }) {
    const from = Date.now();
    win = newWindow(from, from + seconds * 1000);
    return { from, to: win.to };
  },

  /** Ends the window's posting time now (it is read later with `close`). */
  cut() {
    if (!win) throw new Error('no window open');
    const now = Date.now();
    // Events of the window posted after now leave it.
    for (let i = head; i < pending.length; i++) {
      const b = pending[i];
      if (b.t >= now && b.t < win.to && !b.failed) win.posted -= b.n;
    }
    win.to = now;
    return { from: win.from, to: win.to };
  },

  /** Ends the window (call a little after its end, so its last events can arrive): its latencies. */
  close() {
    const w = win;
    win = null;
    if (!w) throw new Error('no window open');
    const now = Date.now();
    let undelivered = 0;
    for (let i = head; i < pending.length; i++) {
      const b = pending[i];
      if (b.failed || b.t < w.from || b.t >= w.to) continue;
      undelivered += b.n;
      w.hist.add(now - b.t, b.n);
    }
    return {
      posted: w.posted,
      delivered: w.delivered,
      undelivered,
      deliveredViaLaterItem: w.viaLaterItem,
      patches: w.patches,
      gaps: w.gaps,
      latency: w.hist.summary(),
    };
  },

  /** Stops posting and disconnects: totals. */
  async stop() {
    posting = false;
    await loop;
    await sleep(200);
    socket?.disconnect();
    client?.close();
    const seconds = (performance.now() - totals.started) / 1000;
    return { ...totals, seconds, postedPerSecond: totals.posted / seconds };
  },
});
