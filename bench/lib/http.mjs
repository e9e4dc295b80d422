// Minimal keep-alive HTTP client for load generation (lighter than fetch per request).
import http from 'node:http';

/** An HTTP client bound to one origin with its own keep-alive agent. */
export function httpClient(baseUrl, { maxSockets = 64 } = {}) {
  const u = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          method,
          path,
          agent,
          headers:
            body === undefined
              ? headers
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body, headers) => request('POST', path, body, headers),
    close: () => agent.destroy(),
  };
}
