// The server's V8 heap after a full GC, through the Node inspector (the server is started with
// --inspect=127.0.0.1:0; nothing in the backend changes). Used for memory per connection without
// the heap headroom that RSS keeps.
import WebSocket from 'ws';

/** { usedBytes, totalBytes } of the process's JS heap after `HeapProfiler.collectGarbage`. */
export function heapAfterGc(inspectorUrl, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(inspectorUrl);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('inspector: no answer'));
    }, timeoutMs);
    let id = 0;
    const pending = new Map();
    const send = (method) =>
      new Promise((res, rej) => {
        const n = ++id;
        pending.set(n, { res, rej });
        ws.send(JSON.stringify({ id: n, method }));
      });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.rej(new Error(msg.error.message));
      else p.res(msg.result);
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('open', async () => {
      try {
        await send('HeapProfiler.collectGarbage');
        await send('HeapProfiler.collectGarbage');
        const usage = await send('Runtime.getHeapUsage');
        clearTimeout(timer);
        ws.close();
        resolve({ usedBytes: usage.usedSize, totalBytes: usage.totalSize });
      } catch (err) {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      }
    });
  });
}
