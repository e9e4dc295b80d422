/**
 * Import throughput against batched ingest on this machine, on the same events and the same
 * kind of database (issue 16: "throughput at least that of batched ingest"):
 *
 *     npm run build -w shared && npm run build -w backend
 *     node backend/dist/import/measure-throughput.js [--db sqlite|mysql] [--events 100000] [--batch 2000,5000]
 *
 * 1. writes a history of about N events (the samples' generator, ending at the samples' moment);
 * 2. ingest: a fresh database, a real server (`node backend/dist/main.js`), the file posted as
 *    `POST /api/events` batches of 1,000, two requests in flight (the bench's closed loop);
 * 3. import: a fresh database each, `node backend/dist/import/import.cli.js FILE --batch B`.
 * Events/s are events stored over the time from the first request (first batch) to the last
 * acknowledgement (commit); process start and migrations are not counted on either side. MySQL
 * uses MYSQL_URL (default root@127.0.0.1:3306) and creates throwaway databases.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseIsoWithOffset, type CaseEvent } from '@gridwall/shared';
import { historyEvents, SAMPLE_END, toNdjson } from './sample-history';

const MAIN = join(__dirname, '..', 'main.js');
const CLI = join(__dirname, 'import.cli.js');
/** Every process runs at the same pinned moment, after the history's end. */
const CLOCK_OFFSET_MS = String(parseIsoWithOffset('2026-11-25T15:00:00+08:00')! - Date.now());
const KEY = 'measure-ingest-key';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A fresh database of a kind: its URL and how to drop it. */
async function freshDatabase(kind: string, dir: string, n: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, `db${n}.sqlite`)}`, drop: async () => undefined };
  const base = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
  const name = `gw_measure_${process.pid}_${n}`;
  const admin = await createConnection({ uri: base });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ uri: base });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

const baseEnv = (url: string): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: url,
  CLOCK_OFFSET_MS,
  DEMO: 'off',
  SIMULATOR: 'off',
  ASSESSMENTS_AUTO: 'off',
  LOG_LEVEL: 'warn',
});

async function measureIngest(events: CaseEvent[], url: string): Promise<number> {
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...baseEnv(url), PORT: String(port), HOST: '127.0.0.1', INGEST_KEYS: KEY },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const res = await fetch(`${base}/api/health`).catch(() => undefined);
      if (res?.status === 200) break;
      if (i > 600) throw new Error('server did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const batches: CaseEvent[][] = [];
    for (let i = 0; i < events.length; i += 1000) batches.push(events.slice(i, i + 1000));
    let next = 0;
    let stored = 0;
    const started = performance.now();
    const loop = async () => {
      while (next < batches.length) {
        const body = JSON.stringify({ events: batches[next++] });
        const res = await fetch(`${base}/api/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 202 && res.status !== 200) throw new Error(`ingest ${res.status}: ${await res.text()}`);
        stored += ((await res.json()) as { accepted: number }).accepted;
      }
    };
    await Promise.all([loop(), loop()]);
    const seconds = (performance.now() - started) / 1000;
    if (stored !== events.length) throw new Error(`ingest stored ${stored} of ${events.length}`);
    return stored / seconds;
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

async function measureImport(file: string, url: string, batch: number): Promise<{ rate: number; wall: number }> {
  const t0 = performance.now();
  const out: Buffer[] = [];
  const proc = spawn(process.execPath, [CLI, file, '--batch', String(batch), '--json', '--quiet', '--restart'], {
    env: baseEnv(url),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proc.stdout.on('data', (d: Buffer) => out.push(d));
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  if (code !== 0) throw new Error(`import exited ${code}`);
  const summary = JSON.parse(Buffer.concat(out).toString()) as { run: { stored: number }; seconds: number };
  return { rate: summary.run.stored / summary.seconds, wall: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const kind = arg('db', 'sqlite');
  const target = Number(arg('events', '100000'));
  const batches = arg('batch', '2000,5000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-measure-'));
  try {
    const events = historyEvents({ end: SAMPLE_END, days: 49, casesPerDay: target / 4.9 / 49, prefix: 'M', seed: 5 });
    const file = join(dir, 'history.ndjson');
    writeFileSync(file, toNdjson(events));
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    process.stdout.write(`${kind}: ${lines.toLocaleString('en-US')} events (${historyEvents.name} over 49 days)\n`);
    let n = 0;
    const db = await freshDatabase(kind, dir, n++);
    const ingest = await measureIngest(events, db.url);
    await db.drop();
    process.stdout.write(
      `  POST /api/events, batches of 1,000, 2 in flight: ${Math.round(ingest).toLocaleString('en-US')} events/s\n`,
    );
    for (const batch of batches) {
      const d = await freshDatabase(kind, dir, n++);
      const r = await measureImport(file, d.url, batch);
      await d.drop();
      process.stdout.write(
        `  npm run import -- FILE --batch ${batch}: ${Math.round(r.rate).toLocaleString('en-US')} events/s (${(r.rate / ingest).toFixed(2)}× ingest; ${r.wall.toFixed(1)} s with process start)\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
