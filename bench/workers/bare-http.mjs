// The bare node:http baseline (own process): serves, for each path it is given, the exact bytes
// the project answered for it (and the gzip of them to a client that accepts gzip), with a
// precomputed ETag, from a plain `http.createServer` handler.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { serve } from '../lib/workers.mjs';

let server;

serve({
  /** `bodies`: { path: text }. Returns { port, pid }. */
  async start({ bodies }) {
    const table = new Map();
    for (const [path, text] of Object.entries(bodies)) {
      const body = Buffer.from(text, 'utf8');
      table.set(path, {
        body,
        gzip: gzipSync(body, { level: 1 }),
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      });
    }
    server = http.createServer((req, res) => {
      const e = table.get(req.url);
      if (!e) {
        res.writeHead(404).end();
        return;
      }
      const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      const body = gz ? e.gzip : e.body;
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        etag: e.etag,
        vary: 'Accept-Encoding',
      };
      if (gz) headers['content-encoding'] = 'gzip';
      res.writeHead(200, headers);
      res.end(body);
    });
    server.keepAliveTimeout = 65_000;
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    return { port: server.address().port, pid: process.pid };
  },

  async stop() {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(() => r()) : r()));
    return true;
  },
});
