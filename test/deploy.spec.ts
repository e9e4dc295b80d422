/**
 * What the operator runs (docker-compose.yml, as docker-compose itself resolves it): every
 * container's log rotates, the replicas get every variable the operator may set in .env and
 * nothing the server does not read, and the database is the one CI tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvVars } from '../backend/src/config/env';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

/** The services of `docker-compose config`, each as its indented block of lines. */
function services(): Map<string, string[]> {
  const text = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    // The example secrets are fine for resolving the file.
    env: { ...process.env, INGEST_KEYS: 'x', MYSQL_PASSWORD: 'x' },
  });
  const out = new Map<string, string[]>();
  let inServices = false;
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      inServices = line === 'services:';
      current = undefined;
      continue;
    }
    const name = inServices ? /^ {2}([a-z0-9_-]+):$/.exec(line)?.[1] : undefined;
    if (name) out.set(name, (current = []));
    else current?.push(line);
  }
  return out;
}

/** The keys of a service's `environment:` block. */
function environmentOf(block: string[]): string[] {
  const start = block.indexOf('    environment:');
  expect(start, 'an environment block').toBeGreaterThanOrEqual(0);
  const keys: string[] = [];
  for (const line of block.slice(start + 1)) {
    const m = /^ {6}([A-Z0-9_]+):/.exec(line);
    if (!m) break;
    keys.push(m[1]!);
  }
  return keys;
}

describe.skipIf(!hasCompose)('docker-compose.yml', () => {
  it('rotates the log of every container', () => {
    const all = services();
    expect([...all.keys()].sort()).toEqual(['app1', 'app2', 'mariadb', 'nginx', 'redis']);
    for (const [name, block] of all) {
      const text = block.join('\n');
      expect(text, name).toMatch(/ {4}logging:\n {6}driver: json-file\n {6}options:\n/);
      expect(text, name).toMatch(/max-size: '?\d+m'?/);
      expect(text, name).toMatch(/max-file: '?\d+'?/);
    }
  });

  it('passes the variables an operator sets to both replicas, and only ones the server reads', () => {
    const known = new Set([
      ...Object.keys(new EnvVars()),
      'DATABASE_URL',
      'REDIS_URL',
      'INGEST_KEYS',
      'DEMO',
      'SIMULATOR',
    ]);
    for (const app of ['app1', 'app2']) {
      const keys = environmentOf(services().get(app)!);
      for (const k of ['LOG_FORMAT', 'REDIS_PREFIX', 'DOMAIN_CONFIG_FILE', 'DATABASE_TIMEOUT_MS', 'TRUST_PROXY']) {
        expect(keys, `${app} ${k}`).toContain(k);
      }
      expect(keys.filter((k) => !known.has(k))).toEqual([]);
    }
  });

  it('runs the database CI tests (MariaDB 10.11)', () => {
    expect(services().get('mariadb')!.join('\n')).toMatch(/image: mariadb:10\.11\b/);
  });
});
