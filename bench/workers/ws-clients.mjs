// Load generator: many clients of a Socket.IO `/live` namespace in one process, speaking the
// Socket.IO protocol (Engine.IO v4 framing) over the `ws` package directly instead of through
// socket.io-client, whose own cost (≈ 350 µs per 20 KB message) would dominate at 1,000 screens:
//   "0{…}" open → send "40/live,{auth}" → "40/live,{sid}" → send 42/live,["subscribe",…]
//   → "42/live,["snapshot",…]" → "42/live,["patch",…]"…; "2" ping is answered "3" pong.
// Patches are not parsed as JSON: the client scans them for `"eventId":"…"` (whose tail stamps
// the post time, lib/stream.mjs) and for the first `"seq":`, which is all it measures. The same
// harness talks to the project and to the bare Socket.IO server (workers/bare-socketio.mjs).
import WebSocket from 'ws';
import { Histogram } from '../lib/stats.mjs';
import { postTimeOf } from '../lib/stream.mjs';
import { serve } from '../lib/workers.mjs';

const NSP = '/live';
const OPEN_PREFIX = `40${NSP},`;
const EVENT_PREFIX = `42${NSP},`;
const PATCH_PREFIX = `${EVENT_PREFIX}["patch",`;
const SNAPSHOT_PREFIX = `${EVENT_PREFIX}["snapshot",`;
const ID_KEY = '"eventId":"';

const clients = [];
let hist = new Histogram();
let counters = zero();
/** Raw patch payloads kept for `capture` (first client only). */
let captureWanted = 0;
let captured = [];

function zero() {
  return { patches: 0, snapshots: 0, feedItems: 0, bytes: 0, gaps: 0, disconnects: 0, errors: 0 };
}

/** The post times stamped in a patch's eventIds. */
function scanPatch(msg, now) {
  let i = msg.indexOf(ID_KEY);
  while (i >= 0) {
    const start = i + ID_KEY.length;
    const end = msg.indexOf('"', start);
    if (end < 0) break;
    const t = postTimeOf(msg.slice(start, end));
    if (t !== null) {
      counters.feedItems += 1;
      hist.add(now - t);
    }
    i = msg.indexOf(ID_KEY, end);
  }
}

function seqOf(msg) {
  const i = msg.indexOf('"seq":');
  if (i < 0) return null;
  let j = i + 6;
  let v = 0;
  let any = false;
  for (; j < msg.length; j++) {
    const c = msg.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    any = true;
  }
  return any ? v : null;
}

function openClient(url, subscription, token, first) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    const c = { ws, subscription, seq: null, ready: false, first };
    let settled = false;
    const done = (ok, why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok, why, client: c });
    };
    const timer = setTimeout(() => {
      done(false, 'no snapshot within 120 s');
      ws.terminate();
    }, 120_000);
    ws.on('error', (err) => {
      counters.errors += 1;
      done(false, `ws error: ${err.message}`);
    });
    ws.on('close', () => {
      if (c.ready) counters.disconnects += 1;
      c.closed = true;
      done(false, 'closed before the snapshot');
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = data.toString();
      counters.bytes += msg.length;
      const type = msg.charCodeAt(0);
      if (type === 50 /* "2" ping */ && msg.length === 1) {
        ws.send('3');
        return;
      }
      if (type === 48 /* "0" open */) {
        ws.send(`${OPEN_PREFIX}${JSON.stringify(token ? { token } : {})}`);
        return;
      }
      if (msg.startsWith(PATCH_PREFIX)) {
        const now = Date.now();
        counters.patches += 1;
        const seq = seqOf(msg);
        if (seq !== null) {
          if (c.seq !== null && seq !== c.seq + 1) counters.gaps += 1;
          c.seq = seq;
        }
        scanPatch(msg, now);
        if (c.first && captureWanted > 0) {
          captureWanted -= 1;
          captured.push(msg.slice(PATCH_PREFIX.length, -1));
        }
        return;
      }
      if (msg.startsWith(SNAPSHOT_PREFIX)) {
        counters.snapshots += 1;
        c.seq = seqOf(msg);
        c.ready = true;
        done(true);
        return;
      }
      if (msg.startsWith(OPEN_PREFIX)) {
        ws.send(`${EVENT_PREFIX}${JSON.stringify(['subscribe', subscription])}`);
        return;
      }
      if (msg.startsWith(`44${NSP},`)) {
        done(false, `connect refused: ${msg.slice(4 + NSP.length)}`);
        ws.close();
        return;
      }
      if (msg.startsWith(`${EVENT_PREFIX}["live-error",`)) {
        done(false, `live-error: ${msg.slice(EVENT_PREFIX.length, 300)}`);
      }
    });
  });
}

serve({
  /**
   * Opens `subscriptions.length` clients at about `perSecond` a second; resolves when all have
   * their snapshot (or failed).
   */
  async connect({ url, subscriptions, perSecond = 400, token = null }) {
    const t0 = performance.now();
    const results = [];
    const pending = [];
    for (let i = 0; i < subscriptions.length; i++) {
      const due = t0 + (i / perSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        openClient(url, subscriptions[i], token, clients.length === 0 && i === 0).then((r) => {
          results.push(r);
          if (r.ok) clients.push(r.client);
        }),
      );
    }
    await Promise.all(pending);
    const failed = results.filter((r) => !r.ok);
    return {
      connected: results.length - failed.length,
      failed: failed.length,
      firstFailure: failed[0]?.why ?? null,
      seconds: (performance.now() - t0) / 1000,
    };
  },

  /** The next `count` patches the first client receives, as raw JSON text (within `timeoutMs`). */
  async capture({ count = 5, timeoutMs = 30_000 }) {
    captured = [];
    captureWanted = count;
    const end = performance.now() + timeoutMs;
    while (captureWanted > 0 && performance.now() < end) await new Promise((r) => setTimeout(r, 50));
    captureWanted = 0;
    return captured;
  },

  /** Clears the counters and the latency histogram (start of a measurement window). */
  reset() {
    hist = new Histogram();
    counters = zero();
    return true;
  },

  /** Counters and histogram since the last reset. */
  collect() {
    const open = clients.filter((c) => !c.closed).length;
    return { ...counters, open, histogram: hist.toJSON() };
  },

  async disconnect() {
    for (const c of clients) c.ws.terminate();
    clients.length = 0;
    return true;
  },
});
