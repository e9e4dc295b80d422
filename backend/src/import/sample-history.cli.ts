/**
 * Writes the committed import samples (deterministic: running it again gives the same bytes):
 *
 *     npm run build -w shared && npm run build -w backend && node backend/dist/import/sample-history.cli.js [DIR]
 *
 * DIR defaults to `samples/` at the project root. `--events N` instead writes N-ish events of
 * the same kind of history (ending at `--end ISO`, default the samples' moment) to stdout as
 * NDJSON, for throughput measurements.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIsoWithOffset } from '@gridwall/shared';
import { PROJECT_ROOT } from '../database/database-options';
import {
  NDJSON_SAMPLE,
  SAMPLE_END,
  badLinesSample,
  csvSampleEvents,
  historyEvents,
  toCsv,
  toNdjson,
} from './sample-history';

/** The committed sample files, by name, with their content. */
export function sampleFiles(): Record<string, Buffer> {
  return {
    // mtime 0 and no name in the header: the same bytes on every machine.
    'history-sample.ndjson.gz': gzipSync(toNdjson(historyEvents(NDJSON_SAMPLE)), { level: 9 }),
    'history-sample.csv': Buffer.from(toCsv(csvSampleEvents()), 'utf8'),
    'history-bad-lines.ndjson': Buffer.from(badLinesSample().text, 'utf8'),
  };
}

function main(args: string[]): void {
  const n = args.indexOf('--events');
  if (n >= 0) {
    const events = Number(args[n + 1]);
    const e = args.indexOf('--end');
    const end = e >= 0 ? parseIsoWithOffset(args[e + 1] ?? '') : SAMPLE_END;
    if (!Number.isInteger(events) || events <= 0 || end === null) {
      throw new Error('--events N [--end 2026-11-16T00:00:00+08:00]');
    }
    // ≈ 5.6 events per case; 49 days.
    const out = historyEvents({ end, days: 49, casesPerDay: events / 5.6 / 49, prefix: 'BULK', seed: 99 });
    process.stdout.write(toNdjson(out));
    return;
  }
  const dir = resolve(args[0] ?? join(PROJECT_ROOT, 'samples'));
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(sampleFiles())) {
    writeFileSync(join(dir, name), content);
    process.stderr.write(`wrote ${join(dir, name)} (${content.length.toLocaleString('en-US')} bytes)\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
