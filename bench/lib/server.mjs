// The server under test as its own process: `node backend/dist/main.js` with the bench's
// environment, its log kept, its readiness and rebuild time read, its CPU and memory measured.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT, TMP } from './paths.mjs';
import { memory } from './proc.mjs';

/** The ingest key the bench's servers accept. */
export const INGEST_KEY = 'bench-ingest-key';

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const running = new Set();

/** Stops every server still running (cleanup on exit or failure). */
export async function stopAllServers() {
  await Promise.all([...running].map((s) => s.stop()));
}

/**
 * Starts the server on a free loopback port and waits until /api/health answers 200.
 * Returns { pid, url, port, rebuild: {cases, held, ms}, readyMs, peakRssAtReady, stop(), log }.
 */
export async function startServer({
  databaseUrl,
  label = 'server',
  readyTimeoutMs = 120_000,
  env = {},
  nodeArgs = [],
}) {
  const port = await freePort();
  mkdirSync(TMP, { recursive: true });
  const logPath = resolve(TMP, `${label}-${port}.log`);
  const log = createWriteStream(logPath);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, resolve(ROOT, 'backend/dist/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NO_COLOR: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SIMULATOR: 'off',
      DEMO: 'off',
      INGEST_KEYS: INGEST_KEY,
      LOG_LEVEL: 'log',
      // Every simulated screen shares the bench's one screen token.
      SOCKETS_PER_CREDENTIAL: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    logPath,
    rebuild: null,
    exited: false,
    lines: [],
    /** Functions called with every log line (all of them, unlike `lines`, which keeps the first 500). */
    lineListeners: new Set(),
  };
  let peakDuringStart = 0;
  const onLine = (line) => {
    log.write(`${line}\n`);
    if (server.lines.length < 500) server.lines.push(line);
    for (const fn of server.lineListeners) fn(line);
    const insp = /Debugger listening on (ws:\/\/\S+)/.exec(line);
    if (insp) server.inspectorUrl = insp[1];
    const m = /live state rebuilt from (\d+) cases \((\d+) held\) in (\d+) ms/.exec(line);
    if (m) {
      server.rebuild = {
        cases: Number(m[1]),
        held: Number(m[2]),
        ms: Number(m[3]),
        logSeenAfterSpawnMs: performance.now() - started,
      };
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  const exited = new Promise((res) => {
    child.on('exit', (code, signal) => {
      server.exited = true;
      server.exitCode = code;
      server.exitSignal = signal;
      running.delete(server);
      log.end();
      res();
    });
  });
  server.stop = async () => {
    if (server.exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  running.add(server);

  const deadline = performance.now() + readyTimeoutMs;
  for (;;) {
    if (server.exited) {
      throw new Error(
        `server exited (${server.exitCode ?? server.exitSignal}) before ready; log: ${logPath}\n${server.lines.slice(-15).join('\n')}`,
      );
    }
    const mem = memory(child.pid);
    if (mem?.hwm) peakDuringStart = Math.max(peakDuringStart, mem.hwm);
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) {
        const body = await res.json();
        server.readyMs = performance.now() - started;
        server.liveCasesAtReady = body.liveCases;
        break;
      }
      await res.body?.cancel();
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      await server.stop();
      throw new Error(`server not ready after ${readyTimeoutMs} ms; log: ${logPath}`);
    }
    await sleep(100);
  }
  server.peakRssAtReady = Math.max(peakDuringStart, memory(child.pid)?.hwm ?? 0);
  return server;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
