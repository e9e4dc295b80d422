import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { csvMappingHelp } from './csv-mapping';
import { DEFAULT_BATCH, MAX_LINE_BYTES, WINDOW_BATCHES, type ImportFormat } from './importer';

/** The command line, parsed. */
export interface ImportArgs {
  help: boolean;
  file: string;
  format?: ImportFormat;
  batchSize: number;
  rejectsFile?: string;
  checkpointFile?: string;
  restart: boolean;
  json: boolean;
  quiet: boolean;
}

/** A command line that cannot be run (exit 2). */
export class UsageError extends Error {}

export const IMPORT_USAGE = `npm run import -- FILE [options]

Imports a city's case history from its existing platform into the event log, through the same
validation and the same store as POST /api/events (api.md §1), on the database DATABASE_URL
names (like the server). Running servers see the events as they commit and issue the ended
periods within a minute after the import ends.

FILE  NDJSON (.ndjson or .jsonl: one api.md event per line) or CSV (.csv: a header row, then
      one event per row, columns below); gzip-compressed files (.gz) are read as a stream.

Options:
  --format ndjson|csv   the format, when the file name does not tell
  --batch N             events per transaction, 1–5000 (default ${DEFAULT_BATCH}); rows are read
                        ${WINDOW_BATCHES} batches at a time, grouped by case, checkpointed after each window
  --rejects PATH        where refused rows go (default FILE.rejects.ndjson): one JSON object per
                        line {line, reason, raw}; a conflict (an eventId stored with other
                        content) is refused there too
  --checkpoint PATH     progress file (default FILE.checkpoint.json): a run that is stopped or
                        killed resumes after its last committed window when started again
  --restart             ignore the checkpoint and import from the first line (already stored
                        events count as duplicates)
  --json                print the summary as JSON on stdout
  --quiet               no progress lines on stderr (the summary is still printed)
  -h, --help            this text

Lines longer than ${MAX_LINE_BYTES / 1024} KiB are refused unread; blank lines are skipped.
Exit status: 0 imported (every row stored or a duplicate), 3 imported with refused rows (see
the reject file), 1 failed (run again to resume), 2 bad command line, 130/143 stopped by
SIGINT/SIGTERM after committing the window in flight (run again to resume).

CSV columns (header names match ignoring case, spaces, "_" and "-"; an empty cell is an absent
field; a cell in a column its row's type does not have is refused like ingest refuses the field):
${csvMappingHelp()}

Environment: DATABASE_URL (default sqlite:data/gridwall.sqlite), SQLITE_BUSY_TIMEOUT_MS,
DOMAIN_CONFIG_FILE, CLOCK_OFFSET_MS (the clock "in the future" is judged by), as for the server.`;

/**
 * Parses the arguments after `npm run import --`. Unknown options, a missing or second FILE
 * and bad values are a {@link UsageError} naming them. Relative paths are taken from the
 * directory the command was started in (npm's INIT_CWD), not the project root npm runs in.
 */
export function parseImportArgs(argv: readonly string[], cwd = process.env.INIT_CWD ?? process.cwd()): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        batch: { type: 'string' },
        rejects: { type: 'string' },
        checkpoint: { type: 'string' },
        restart: { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    const msg = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]} (see --help)`);
    const missing = /Option '([^']+)' argument missing/.exec(msg);
    if (missing) throw new UsageError(`option ${missing[1].split(',').pop()!.trim().split(' ')[0]} needs a value`);
    throw new UsageError(msg.split('. ')[0]);
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const path = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  if (help) return { help, file: '', batchSize: DEFAULT_BATCH, restart: false, json: false, quiet: false };
  if (positionals.length === 0) throw new UsageError('FILE is missing: npm run import -- FILE [options] (see --help)');
  if (positionals.length > 1)
    throw new UsageError(`one FILE at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  let format: ImportFormat | undefined;
  if (values.format !== undefined) {
    if (values.format !== 'ndjson' && values.format !== 'csv') {
      throw new UsageError(`--format must be ndjson or csv, got ${JSON.stringify(values.format)}`);
    }
    format = values.format;
  }
  let batchSize = DEFAULT_BATCH;
  if (values.batch !== undefined) {
    batchSize = Number(values.batch);
    if (!/^\d+$/.test(values.batch) || batchSize < 1 || batchSize > 5000) {
      throw new UsageError(`--batch must be a whole number from 1 to 5000, got ${JSON.stringify(values.batch)}`);
    }
  }
  return {
    help,
    file: path(positionals[0]),
    format,
    batchSize,
    rejectsFile: values.rejects === undefined ? undefined : path(values.rejects),
    checkpointFile: values.checkpoint === undefined ? undefined : path(values.checkpoint),
    restart: values.restart ?? false,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}
