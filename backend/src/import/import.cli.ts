/**
 * `npm run import -- FILE [options]`: the history import from the command line (see
 * {@link IMPORT_USAGE}). Progress and the summary go to stderr, `--json` puts the summary on
 * stdout.
 */
import 'reflect-metadata';
import { statSync } from 'node:fs';
import { CheckpointError } from './checkpoint';
import { CsvHeaderError } from './csv-mapping';
import { ImportRunningError } from './heartbeat';
import { IMPORT_USAGE, parseImportArgs, UsageError } from './import-args';
import { createImportContext, type ImportContext } from './import.module';
import { formatOf, HistoryImporter, ImportInputError, type ImportSummary } from './importer';
import { ProgressPrinter, summaryText } from './progress';

/** Runs the command; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseImportArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`import: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  // What can be told without the database, before connecting to it.
  try {
    if (!statSync(args.file).isFile()) throw new Error('not a file');
  } catch (err) {
    process.stderr.write(`import failed: ${args.file}: cannot be read: ${(err as Error).message}\n`);
    return 1;
  }
  if (!args.format && !formatOf(args.file)) {
    process.stderr.write(
      `import: ${args.file}: cannot tell the format from the name (.ndjson, .jsonl, .csv, optionally .gz): use --format ndjson|csv\n`,
    );
    return 2;
  }
  const stop = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  let signalledAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    // One Ctrl-C reaches this process more than once (the terminal's process group, npm and the
    // launcher pass it on): only a second one a second later means "stop now".
    if (signalled && Date.now() - signalledAt < 1000) return;
    if (signalled) {
      process.stderr.write(`\nimport: ${sig} again: stopping now, the checkpoint has the last committed batch\n`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    signalled = sig;
    signalledAt = Date.now();
    process.stderr.write(`\nimport: ${sig}: stopping after the window in flight (a second ${sig} stops at once)…\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let ctx: ImportContext | undefined;
  const printer = new ProgressPrinter(process.stderr, args.file);
  try {
    ctx = await createImportContext(process.env);
    const importer = new HistoryImporter(ctx.deps, {
      file: args.file,
      format: args.format,
      batchSize: args.batchSize,
      rejectsFile: args.rejectsFile,
      checkpointFile: args.checkpointFile,
      restart: args.restart,
      signal: stop.signal,
      onProgress: args.quiet ? undefined : (p) => printer.update(p),
      warn: (m) => {
        printer.done();
        process.stderr.write(`import: warning: ${m}\n`);
      },
    });
    const summary: ImportSummary = await importer.run();
    printer.done();
    process.stderr.write(`${summaryText(summary)}\n`);
    if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.interrupted) return signalled === 'SIGTERM' ? 143 : 130;
    return summary.totals.rejected > 0 ? 3 : 0;
  } catch (err) {
    printer.done();
    const known =
      err instanceof ImportInputError ||
      err instanceof CheckpointError ||
      err instanceof CsvHeaderError ||
      err instanceof ImportRunningError ||
      (err instanceof Error && err.message.startsWith('Invalid environment'));
    const message = err instanceof Error ? (known ? err.message : (err.stack ?? err.message)) : String(err);
    process.stderr.write(`import failed: ${message}\n`);
    if (!known) process.stderr.write('the checkpoint has the last committed batch: run the same command to resume\n');
    return 1;
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`import failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
