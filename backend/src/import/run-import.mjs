#!/usr/bin/env node
/**
 * What `npm run import -- FILE [options]` runs: the built import CLI
 * (backend/dist/import/import.cli.js), building shared/ and backend/ first only when a source is
 * newer than its build (the same check as `npm run admin`). Build output goes to stderr, so
 * `--json` leaves the summary alone on stdout (with `npm run -s import`, npm's own banner too).
 * SIGINT and SIGTERM are passed on: the import stops after the window in flight, checkpointed.
 *
 * Without a source tree (the Docker image) run the CLI directly:
 *   node backend/dist/import/import.cli.js FILE [options]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGES, isStale } from '../../scripts/admin.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'backend', 'dist', 'import', 'import.cli.js');

let rebuild = false;
for (const pkg of PACKAGES) {
  rebuild ||= isStale(pkg.output, pkg.sources) || (pkg.workspace === 'backend' && isStale(CLI, pkg.sources));
  if (!rebuild) continue;
  process.stderr.write(`import: building ${pkg.workspace} (sources changed since its build)\n`);
  const built = spawnSync('npm', ['run', 'build', '-w', pkg.workspace], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (built.status !== 0) {
    process.stderr.write(`import: the build of ${pkg.workspace} failed; nothing was imported\n`);
    process.exit(built.status ?? 1);
  }
}
if (!existsSync(CLI)) {
  process.stderr.write(`import: ${CLI} is missing after the build\n`);
  process.exit(1);
}
const child = spawn(process.execPath, [CLI, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGKILL' ? 137 : 1)));
