/**
 * `npm start` (backend/scripts/start.mjs): builds only what is stale, then runs the server in
 * its place, passing signals on and returning its exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILDS, staleBuilds } from '../backend/scripts/start.mjs';
import { isStale } from '../backend/scripts/admin.mjs';
import { TEST_CLOCK_OFFSET_MS } from '../backend/src/testing/test-clock';

const START = fileURLToPath(new URL('../backend/scripts/start.mjs', import.meta.url));

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the stale builds, a stale shared/ making the others stale too', () => {
    const current = BUILDS.every((b) => !isStale(b.output, b.sources));
    expect(staleBuilds().length === 0).toBe(current);
    expect(BUILDS.map((b) => b.workspace)).toEqual(['shared', 'backend', 'frontend']);
  });

  it('starts at once on a current build, and a SIGTERM reaches the server, which exits 0', async () => {
    const stale = staleBuilds();
    const proc = spawn(process.execPath, [START], {
      env: {
        ...process.env,
        CLOCK_OFFSET_MS: String(TEST_CLOCK_OFFSET_MS),
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'start.sqlite')}`,
        DEMO: 'off',
        SIMULATOR: 'off',
        ASSESSMENTS_AUTO: 'off',
        LOG_FORMAT: 'text',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (!/ready: http/.test(out) && Date.now() < deadline && proc.exitCode === null)
      await new Promise((r) => setTimeout(r, 100));
    expect(out, out.slice(-2000)).toMatch(/ready: http/);
    if (stale.length === 0) {
      expect(out).toContain('start: the build is current, starting at once');
      expect(out).not.toMatch(/start: building/);
    }
    proc.kill('SIGTERM');
    expect(await exited, out.slice(-2000)).toBe(0);
  }, 180_000);
});
