// 10. History import (issue 16): import throughput against batched ingest on the same events and
// the same kind of database, back to back. Runs `backend/dist/import/measure-throughput.js` (a
// generated history; POST /api/events in batches of 1,000 with two in flight to a real server on
// a fresh database, then `import.cli.js FILE --batch B` into a fresh database each) and reads its
// lines. Events/s count from the first request to the last commit on both sides.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from '../lib/paths.mjs';

const INGEST = /POST \/api\/events, batches of 1,000, 2 in flight: ([\d,]+) events\/s/;
const IMPORT = /npm run import -- FILE --batch (\d+): ([\d,]+) events\/s \(([\d.]+)× ingest/;
const num = (s) => Number(s.replace(/,/g, ''));

function measure(db, events, batches) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        resolve(ROOT, 'backend/dist/import/measure-throughput.js'),
        '--db',
        db,
        '--events',
        String(events),
        '--batch',
        batches.join(','),
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`measure-throughput (${db}) exited ${code}: ${err.slice(-1000)}`));
      const ingest = INGEST.exec(out);
      const imports = [...out.matchAll(new RegExp(IMPORT, 'g'))].map((m) => ({
        batch: Number(m[1]),
        eventsPerSecond: num(m[2]),
        ratioToIngest: Number(m[3]),
      }));
      resolvePromise({ db, ingestEventsPerSecond: ingest ? num(ingest[1]) : null, imports, output: out.trim() });
    });
  });
}

export async function run(ctx) {
  const { opts } = ctx;
  const out = { events: opts.importEvents, databases: [] };
  for (const db of opts.importDatabases) {
    const r = await measure(db, opts.importEvents, opts.importBatches);
    out.databases.push(r);
    ctx.log(
      `  ${db}: ingest ${r.ingestEventsPerSecond} events/s; ` +
        r.imports
          .map((i) => `import --batch ${i.batch} ${i.eventsPerSecond} events/s (${i.ratioToIngest}×)`)
          .join('; '),
    );
  }
  return out;
}
