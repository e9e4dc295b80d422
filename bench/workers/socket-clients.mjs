// Load generator: many Socket.IO clients of the /live namespace in one process (the bench runs
// several of these). Each client is its own connection (forceNew), WebSocket only, subscribes
// to its room and measures, for every feed item it receives, the time from the event's post
// (stamped in its eventId by the ingest generator, same machine clock) to its arrival.
import { io } from 'socket.io-client';
import { Histogram } from '../lib/stats.mjs';
import { postTimeOf } from '../lib/stream.mjs';
import { serve } from '../lib/workers.mjs';

const clients = [];
let hist = new Histogram();
let counters = zero();
let observations = null;
let trackReported = false;

function zero() {
  return { patches: 0, snapshots: 0, feedItems: 0, bytes: 0, gaps: 0, resyncs: 0, disconnects: 0, errors: 0 };
}

function openClient(url, subscription, token) {
  return new Promise((resolve) => {
    const socket = io(`${url}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
      ...(token ? { auth: { token } } : {}),
    });
    const c = { socket, subscription, seq: null, ready: false };
    let settled = false;
    const done = (ok, why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok, why, client: c });
    };
    const timer = setTimeout(() => done(false, 'no snapshot within 120 s'), 120_000);
    socket.io.on('open', () => {
      socket.io.engine.on('data', (d) => {
        counters.bytes += typeof d === 'string' ? d.length : d.byteLength;
      });
    });
    socket.on('connect', () => socket.emit('subscribe', subscription));
    socket.on('connect_error', (err) => {
      counters.errors += 1;
      done(false, `connect_error: ${err.message}`);
    });
    socket.on('disconnect', () => {
      if (c.ready) counters.disconnects += 1;
    });
    socket.on('live-error', (e) => done(false, `live-error: ${e.message}`));
    socket.on('snapshot', (snap) => {
      counters.snapshots += 1;
      c.seq = snap.seq;
      c.ready = true;
      done(true);
    });
    socket.on('patch', (patch) => {
      const now = Date.now();
      counters.patches += 1;
      if (c.seq !== null && patch.seq !== c.seq + 1) {
        // Like the wall's own client: a gap (a volatile patch dropped) asks for a fresh snapshot.
        counters.gaps += 1;
        if (now - (c.resyncAt ?? 0) > 5000) {
          c.resyncAt = now;
          counters.resyncs += 1;
          socket.emit('resync', subscription);
        }
      }
      c.seq = patch.seq;
      if (patch.feed) {
        for (const item of patch.feed) {
          const t = postTimeOf(item.eventId);
          if (t === null) continue;
          counters.feedItems += 1;
          hist.add(now - t);
        }
      }
      if (trackReported && observations && patch.stats) {
        observations.push([c.index, now, patch.stats.reported]);
      }
    });
  });
}

serve({
  /** Opens the clients at about `perSecond` connections a second; resolves when all have their snapshot. */
  async connect({ url, subscriptions, perSecond = 500, indexBase = 0, token = null }) {
    const t0 = performance.now();
    const results = [];
    const pending = [];
    for (let i = 0; i < subscriptions.length; i++) {
      const due = t0 + (i / perSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        openClient(url, subscriptions[i], token).then((r) => {
          r.client.index = indexBase + i;
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

  /** Clears the counters and latency histogram (start of a measurement window). */
  reset({ trackReported: track = false } = {}) {
    hist = new Histogram();
    counters = zero();
    trackReported = track;
    observations = track ? [] : null;
    return true;
  },

  /** Counters and histogram since the last reset. */
  collect() {
    const open = clients.filter((c) => c.socket.connected).length;
    return { ...counters, open, histogram: hist.toJSON(), observations: observations ?? [] };
  },

  async disconnect() {
    for (const c of clients) c.socket.disconnect();
    clients.length = 0;
    return true;
  },
});
