// Load generators run as separate Node processes (never inside the server, never inside the
// orchestrator's event loop): fork one, call its methods over IPC, stop it.
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { BENCH } from './paths.mjs';

const live = new Set();

/** Kills every worker still running (cleanup). */
export function killAllWorkers() {
  for (const w of live) w.kill();
}

/**
 * Forks `bench/workers/<name>.mjs`. Returns { pid, call(method, args, timeoutMs), on(event, fn), stop() }.
 */
export function startWorker(name, { execArgv = [] } = {}) {
  const child = fork(resolve(BENCH, 'workers', `${name}.mjs`), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
    serialization: 'advanced',
  });
  let nextId = 1;
  const pending = new Map();
  const listeners = new Map();
  let exited = false;
  child.on('message', (msg) => {
    if (msg.kind === 'reply') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(`${name}.${p.method}: ${msg.error}`));
      else p.resolve(msg.result);
    } else if (msg.kind === 'event') {
      for (const fn of listeners.get(msg.event) ?? []) fn(msg.data);
    }
  });
  const gone = new Promise((res) => {
    child.on('exit', (code, signal) => {
      exited = true;
      live.delete(worker);
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`worker ${name} exited (${code ?? signal}) during ${p.method}`));
      }
      pending.clear();
      res();
    });
  });
  const worker = {
    name,
    pid: child.pid,
    call(method, args = {}, timeoutMs = 600_000) {
      if (exited) return Promise.reject(new Error(`worker ${name} has exited`));
      const id = nextId++;
      return new Promise((res, rej) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          rej(new Error(`${name}.${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: res, reject: rej, timer, method });
        child.send({ kind: 'call', id, method, args });
      });
    },
    on(event, fn) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
    async stop() {
      if (exited) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
  live.add(worker);
  return worker;
}

/**
 * Inside a worker: serves the given methods over IPC. The worker exits when its parent goes
 * away, so no load generator outlives the run.
 */
export function serve(methods) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (msg) => {
    if (msg.kind !== 'call') return;
    try {
      const fn = methods[msg.method];
      if (!fn) throw new Error(`no method ${msg.method}`);
      const result = await fn(msg.args ?? {});
      process.send({ kind: 'reply', id: msg.id, result });
    } catch (err) {
      process.send({ kind: 'reply', id: msg.id, error: err?.stack ?? String(err) });
    }
  });
}

/** Inside a worker: tells the parent something (progress, observations). */
export function emit(event, data) {
  process.send?.({ kind: 'event', event, data });
}
