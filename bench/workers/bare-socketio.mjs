// The bare Socket.IO baseline (own process): a minimal Socket.IO server of the project's version
// with a `/live` namespace whose `subscribe` joins one room and answers a tiny `snapshot`, and
// which, while told to, emits the project's captured patch to that room every `intervalMs`
// (default options, volatile like the project's patches). Each emitted patch carries the feed
// items of the events "posted" at `rate` per second since the previous one, their eventIds
// stamped with those moments (lib/stream.mjs), so the clients measure event-to-screen latency
// exactly as they do against the project (coalescing wait included).
import http from 'node:http';
import { Server } from 'socket.io';
import { serve } from '../lib/workers.mjs';

let httpServer;
let io;
let timer;

/** The captured patch with `seq` and feed items stamped for the events since `from`. */
function patchAt(template, items, seq, from, to, rate) {
  const n = Math.max(0, Math.round(((to - from) / 1000) * rate));
  const feed = [];
  for (let i = 0; i < n; i++) {
    const t = Math.round(from + ((i + 1) * (to - from)) / n);
    const item = items.length ? items[i % items.length] : { eventId: 'x' };
    const base = String(item.eventId).replace(/\.t[0-9a-z]+$/, '');
    feed.push({ ...item, eventId: `${base}.t${t.toString(36)}` });
  }
  return { ...template, seq, feed };
}

serve({
  async start({ port = 0 } = {}) {
    httpServer = http.createServer();
    io = new Server(httpServer);
    io.of('/live').on('connection', (socket) => {
      socket.on('subscribe', () => {
        socket.join('room');
        socket.emit('snapshot', { seq: 0 });
      });
    });
    await new Promise((r) => httpServer.listen(port, '127.0.0.1', r));
    return { port: httpServer.address().port, pid: process.pid };
  },

  /**
   * Starts emitting `patch` (the captured JSON text) every `intervalMs` at `rate` events per
   * second, for at most `seconds` (so a late `quiet` cannot prolong it, like the project's stream).
   */
  emit({ patch, rate, intervalMs = 250, seconds = 60 }) {
    clearInterval(timer);
    const template = JSON.parse(patch);
    const items = Array.isArray(template.feed) ? template.feed : [];
    let seq = 1;
    let last = Date.now();
    const until = last + seconds * 1000;
    timer = setInterval(() => {
      const now = Date.now();
      if (now > until) {
        clearInterval(timer);
        return;
      }
      io.of('/live')
        .to('room')
        .volatile.emit('patch', patchAt(template, items, seq++, last, now, rate));
      last = now;
    }, intervalMs);
    return true;
  },

  /** Stops emitting. */
  quiet() {
    clearInterval(timer);
    timer = undefined;
    return true;
  },

  async stop() {
    clearInterval(timer);
    io?.disconnectSockets(true);
    await new Promise((r) => (io ? io.close(() => r()) : r()));
    return true;
  },
});
