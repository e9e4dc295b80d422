/**
 * Real backend processes on loopback for the multi-instance and fault tests: each instance is
 * `node backend/dist/main.js` with its own port, sharing a MariaDB database and Redis, both
 * reached through TCP proxies the tests can cut and restore.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_CLOCK_OFFSET_MS } from '../backend/src/testing/test-clock';

const MAIN = fileURLToPath(new URL('../backend/dist/main.js', import.meta.url));

/** A running backend process. */
export interface Instance {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  /** Output so far (for failure messages). */
  log: () => string;
  /** Ends it with a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Polls `probe` until it returns a value, or throws after `ms`. */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts an instance and waits until /api/health answers 200. */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      // The server's clock runs from the test moment, like the test's own (test-clock.ts).
      CLOCK_OFFSET_MS: String(TEST_CLOCK_OFFSET_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  proc.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await until(
      async () => {
        if (proc.exitCode !== null) throw new Error(`${name} exited: ${out}`);
        const res = await fetch(`${url}/api/health`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      60_000,
      `${name} to be ready`,
    );
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return {
    name,
    port,
    url,
    proc,
    log: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

export { TcpProxy as Proxy } from '../backend/src/testing/tcp-proxy';
