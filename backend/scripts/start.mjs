#!/usr/bin/env node
/**
 * start.mjs — what `npm start` runs: builds shared/, backend/ and frontend/ only when a source is
 * newer than its build (a build of shared/ rebuilds the other two), then starts the server
 * (backend/dist/main.js) in this process's place: signals go to it and its exit code is ours.
 * `npm run build` still builds everything; `npm run start:prod` never builds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, PACKAGES } from './admin.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'backend', 'dist', 'main.js');

/** The three builds, in order, each with what it reads and a file it always writes. */
export const BUILDS = [
  PACKAGES[0],
  { ...PACKAGES[1], output: MAIN },
  {
    workspace: 'frontend',
    sources: [
      join(ROOT, 'frontend', 'src'),
      join(ROOT, 'frontend', 'public'),
      join(ROOT, 'frontend', 'index.html'),
      join(ROOT, 'frontend', 'vite.config.ts'),
      join(ROOT, 'frontend', 'tsconfig.json'),
      join(ROOT, 'tsconfig.json'),
    ],
    output: join(ROOT, 'frontend', 'dist', 'index.html'),
  },
];

/** The workspaces `npm start` must build now. */
export function staleBuilds() {
  const sharedStale = isStale(BUILDS[0].output, BUILDS[0].sources);
  return BUILDS.filter((b, i) => (i > 0 && sharedStale) || isStale(b.output, b.sources)).map((b) => b.workspace);
}

function main() {
  const stale = staleBuilds();
  if (stale.length === 0) process.stderr.write('start: the build is current, starting at once\n');
  for (const workspace of stale) {
    process.stderr.write(`start: building ${workspace} (sources changed since its build)\n`);
    const built = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) {
      process.stderr.write(`start: the build of ${workspace} failed; not starting\n`);
      process.exit(built.status ?? 1);
    }
  }
  const server = spawn(process.execPath, [MAIN], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 15) : 1)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
