import { basename } from 'node:path';
import type { ImportProgress, ImportSummary } from './importer';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

/** Window over which rate and ETA are measured. */
const WINDOW_MS = 10_000;

/**
 * The progress line on stderr, about once a second: rows read, stored, duplicates, rejected,
 * rows/s and the ETA from the bytes of the file read (compressed bytes for gzip) and the file
 * size, both measured over the last 10 s. On a terminal one line rewritten in place (\r),
 * otherwise one plain line per update (logs, CI).
 */
export class ProgressPrinter {
  private readonly samples: { t: number; rows: number; bytes: number }[] = [];
  private wrote = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly file: string,
  ) {}

  /** Formats one update (exported for tests through {@link line}). */
  line(p: ImportProgress, now = Date.now()): string {
    this.samples.push({ t: now, rows: p.counts.read, bytes: p.fileBytesRead });
    while (this.samples.length > 2 && now - this.samples[0].t > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const dt = (now - first.t) / 1000;
    const rate = dt > 0 ? (p.counts.read - first.rows) / dt : p.counts.read / Math.max(p.elapsedMs / 1000, 1e-3);
    const byteRate = dt > 0 ? (p.fileBytesRead - first.bytes) / dt : 0;
    const fraction = p.fileSize > 0 ? Math.min(1, p.fileBytesRead / p.fileSize) : 1;
    const eta = byteRate > 0 ? (p.fileSize - p.fileBytesRead) / byteRate : Number.POSITIVE_INFINITY;
    const c = p.counts;
    return (
      `import ${basename(this.file)}: ${(fraction * 100).toFixed(1)}% · read ${int(c.read)} · stored ${int(c.stored)}` +
      ` · duplicates ${int(c.duplicates)} · rejected ${int(c.rejected)} · ${int(rate)} rows/s · ETA ${fraction >= 1 ? '0s' : duration(eta)}`
    );
  }

  /** Prints an update. */
  update(p: ImportProgress): void {
    const text = this.line(p);
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.wrote = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  /** Ends the in-place line before other output. */
  done(): void {
    if (this.wrote) this.out.write('\n');
    this.wrote = false;
  }
}

/** The summary for people (stderr). */
export function summaryText(s: ImportSummary): string {
  const head = s.alreadyComplete
    ? `import of ${s.file}: already complete (checkpoint ${s.checkpointFile}); --restart imports it again`
    : s.interrupted
      ? `import of ${s.file} stopped: committed up to line ${int(s.committedLine)}; run the same command again to resume`
      : `import of ${s.file} complete`;
  const c = s.alreadyComplete ? s.totals : s.run;
  const lines = [
    head,
    `  format      ${s.format}${s.gzip ? ', gzip' : ''}`,
    `  rows read   ${int(c.read)}${s.resumedAfterLine > 0 ? ` (resumed after line ${int(s.resumedAfterLine)})` : ''}`,
    `  stored      ${int(c.stored)}`,
    `  duplicates  ${int(c.duplicates)}`,
    `  rejected    ${int(c.rejected)}${s.rejectsFile ? `  → ${s.rejectsFile}` : ''}`,
  ];
  if (!s.alreadyComplete) {
    lines.push(`  time        ${s.seconds.toFixed(1)} s (${int(s.rowsPerSecond)} rows/s)`);
    if (s.resumedAfterLine > 0 || s.totals.read !== s.run.read) {
      const t = s.totals;
      lines.push(
        `  all runs    read ${int(t.read)}, stored ${int(t.stored)}, duplicates ${int(t.duplicates)}, rejected ${int(t.rejected)}`,
      );
    }
  }
  if (s.staleAssessments.length > 0) {
    lines.push(
      `  note: ${s.staleAssessments.length} period(s) were issued before this import and do not include its events:`,
      `        ${s.staleAssessments.join(', ')}`,
      '        re-issue them with: npm run admin -- assessments reissue <kind> <period> --reason "历史数据导入"',
    );
  }
  return lines.join('\n');
}
