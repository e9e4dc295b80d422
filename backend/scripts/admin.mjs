#!/usr/bin/env node
/**
 * admin.mjs — what `npm run admin -- <command>` runs: the built admin CLI
 * (backend/dist/admin/admin.cli.js), building shared/ and backend/ first only when a source is
 * newer than its build (a current build starts the CLI at once instead of after a 15 s build).
 * Build output goes to stderr, so the CLI's own output (a new token) stays alone on stdout.
 *
 * Without a source tree (the Docker image) run the CLI directly:
 *   node backend/dist/admin/admin.cli.js <command>
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'backend', 'dist', 'admin', 'admin.cli.js');

/** What each package's build reads, and a file its build always writes. */
export const PACKAGES = [
  {
    workspace: 'shared',
    sources: [join(ROOT, 'shared', 'src'), join(ROOT, 'shared', 'tsconfig.json'), join(ROOT, 'tsconfig.json')],
    output: join(ROOT, 'shared', 'dist', 'index.js'),
  },
  {
    workspace: 'backend',
    sources: [
      join(ROOT, 'backend', 'src'),
      join(ROOT, 'backend', 'tsconfig.json'),
      join(ROOT, 'backend', 'tsconfig.build.json'),
      join(ROOT, 'tsconfig.json'),
    ],
    output: CLI,
  },
];

/** Newest modification time (ms) of the files under `paths` (tests excluded: they are not built). */
export function newestSource(paths) {
  let newest = 0;
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'testing') visit(join(p, name));
    } else if (!/\.spec\.ts$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** True when `output` is missing or older than a file of `sources`. */
export function isStale(output, sources) {
  const built = statSync(output, { throwIfNoEntry: false });
  return !built || newestSource(sources) > built.mtimeMs;
}

function main() {
  // A build of shared/ makes backend/ stale too (it compiles against shared/dist).
  let rebuild = false;
  for (const pkg of PACKAGES) {
    rebuild ||= isStale(pkg.output, pkg.sources);
    if (!rebuild) continue;
    process.stderr.write(`admin: building ${pkg.workspace} (sources changed since its build)\n`);
    const built = spawnSync('npm', ['run', 'build', '-w', pkg.workspace], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (built.status !== 0) {
      process.stderr.write(`admin: the build of ${pkg.workspace} failed; nothing was run\n`);
      process.exit(built.status ?? 1);
    }
  }
  if (!existsSync(CLI)) {
    process.stderr.write(`admin: ${CLI} is missing after the build\n`);
    process.exit(1);
  }
  const run = spawnSync(process.execPath, [CLI, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
