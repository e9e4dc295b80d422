/**
 * The built admin CLI (`node backend/dist/admin/admin.cli.js`, what the Docker image ships) as a
 * child process against real databases: usage never touches a database, users can be
 * re-enabled and given a new password (which ends their sessions), errors name the field; and
 * `npm run admin` starts the built CLI without building when the build is current.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LIVE_NAMESPACE, type LiveError } from '@gridwall/shared';
import { tokenHash, verifyPassword } from '../backend/src/auth/passwords';
import { mysqlDatabase, sqliteDatabase, type TestDatabase } from '../backend/src/testing/databases';
import { isStale, newestSource, PACKAGES } from '../backend/scripts/admin.mjs';
import { startInstance, type Instance } from './cluster';

const CLI = fileURLToPath(new URL('../backend/dist/admin/admin.cli.js', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../backend/scripts/admin.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a script with `args`, as an operator in production would (NODE_ENV=production). */
function run(script: string, args: string[], env: Record<string, string | undefined>, input?: string): Promise<Run> {
  const started = Date.now();
  const { GRIDWALL_PASSWORD: _p, ...inherited } = process.env;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...inherited, NODE_ENV: 'production', DEMO: 'off', INGEST_KEYS: 'cli-test-ingest-key-1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
}

/** A database the CLI is pointed at, read directly by the test. */
interface Target {
  db: TestDatabase;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  tables(): Promise<number>;
}

async function sqliteTarget(): Promise<Target> {
  const db = sqliteDatabase();
  const file = db.url.slice('sqlite:'.length);
  return {
    db,
    rows: async <T>(sql: string, params: unknown[] = []) => {
      const conn = new Database(file, { readonly: true });
      try {
        return conn.prepare(sql).all(...params) as T[];
      } finally {
        conn.close();
      }
    },
    tables: async () => (existsSync(file) ? 1 : 0),
  };
}

async function mysqlTarget(): Promise<Target> {
  const db = await mysqlDatabase();
  const name = new URL(db.url).pathname.slice(1);
  const rows = async <T>(sql: string, params: unknown[] = []) => {
    const conn = await createConnection({ uri: db.url });
    try {
      return (await conn.query(sql, params))[0] as T[];
    } finally {
      await conn.end();
    }
  };
  return {
    db,
    rows,
    tables: async () =>
      Number(
        (
          await rows<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [
            name,
          ])
        )[0]!.n,
      ),
  };
}

const kinds: ['sqlite' | 'mysql', () => Promise<Target>][] = [
  ['sqlite', sqliteTarget],
  ['mysql', mysqlTarget],
];

for (const [kind, make] of kinds) {
  describe.skipIf(kind === 'mysql' && !inject('mysql'))(`the admin CLI on ${kind}`, () => {
    let t: Target;
    const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
      run(CLI, args, { DATABASE_URL: t.db.url, ...env }, input);

    beforeAll(async () => {
      t = await make();
    });

    afterAll(async () => {
      await t?.db.drop();
    });

    it('prints the usage without touching, creating or migrating the database', async () => {
      const usages: Record<string, RegExp> = { assessments: /assessments verify/, webhooks: /webhooks add --url URL/ };
      for (const args of [
        [],
        ['--help'],
        ['-h'],
        ['help'],
        ['user', '--help'],
        ['assessments', '--help'],
        ['webhooks', '--help'],
        ['webhooks'],
      ]) {
        const r = await cli(args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(usages[args[0] ?? ''] ?? /user reset-password <name>/);
      }
      const unknown = await cli(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^unknown command: frobnicate/);
      // Not even a database that cannot be reached, or an environment that would be refused.
      const nowhere = await run(CLI, ['--help'], {
        DATABASE_URL: 'mysql://root@127.0.0.1:1/none',
        INGEST_KEYS: 'change-me',
      });
      expect(nowhere.code).toBe(0);
      expect(await t.tables()).toBe(0);
    });

    it('adds, disables, re-enables users and resets passwords, ending their sessions', async () => {
      const add = await cli(['user', 'add', 'alice', '--role', 'leader'], { GRIDWALL_PASSWORD: 'first-password-1' });
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toBe('created alice (leader)\n');
      const piped = await cli(
        ['user', 'add', 'carol', '--role', 'admin', '--password-stdin'],
        {},
        'carol-password-1\n',
      );
      expect(piped.code, piped.stderr).toBe(0);
      const [alice] = await t.rows<{ id: string; disabled: number }>(
        "SELECT id, disabled FROM app_user WHERE name = 'alice'",
      );
      const [carol] = await t.rows<{ password_hash: string }>(
        "SELECT password_hash FROM app_user WHERE name = 'carol'",
      );
      expect(await verifyPassword('carol-password-1', carol!.password_hash)).toBe(true);

      expect((await cli(['user', 'disable', 'alice'])).code).toBe(0);
      expect(
        (await t.rows<{ disabled: number }>("SELECT disabled FROM app_user WHERE name = 'alice'"))[0]!.disabled,
      ).toBe(1);
      const enable = await cli(['user', 'enable', 'alice']);
      expect(enable.code, enable.stderr).toBe(0);
      expect(enable.stdout).toBe('enabled alice: they may sign in again\n');
      expect(
        (await t.rows<{ disabled: number }>("SELECT disabled FROM app_user WHERE name = 'alice'"))[0]!.disabled,
      ).toBe(0);

      // A session of alice's, as a sign-in stores it.
      const session = randomUUID();
      await insertSession(t, kind, session, alice!.id);
      const reset = await cli(['user', 'reset-password', 'alice'], { GRIDWALL_PASSWORD: 'second-password-2' });
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toMatch(/^new password for alice; their sessions and tokens are revoked\n$/);
      const [after] = await t.rows<{ password_hash: string }>(
        "SELECT password_hash FROM app_user WHERE name = 'alice'",
      );
      expect(await verifyPassword('second-password-2', after!.password_hash)).toBe(true);
      expect(await verifyPassword('first-password-1', after!.password_hash)).toBe(false);
      const [revoked] = await t.rows<{ revoked_at: unknown }>('SELECT revoked_at FROM auth_token WHERE id = ?', [
        session,
      ]);
      expect(revoked!.revoked_at).not.toBeNull();
      const actions = (await t.rows<{ action: string }>('SELECT action FROM audit_log ORDER BY id')).map(
        (a) => a.action,
      );
      expect(actions).toEqual(expect.arrayContaining(['user-enable', 'user-password-reset', 'token-revoke']));
    });

    it('refuses what is wrong, naming the field, and changes nothing', async () => {
      const cases: [string[], Record<string, string>, RegExp][] = [
        [
          ['user', 'reset-password', 'nobody'],
          { GRIDWALL_PASSWORD: 'whatever-1234' },
          /^error: name: no user nobody\n$/,
        ],
        [
          ['user', 'reset-password', 'alice'],
          { GRIDWALL_PASSWORD: 'short' },
          /^error: password: at least 8 characters\n$/,
        ],
        [['user', 'reset-password', 'alice'], {}, /^error: password: set GRIDWALL_PASSWORD/],
        [['user', 'enable', 'nobody'], {}, /^error: name: no user nobody\n$/],
        [['user', 'enable'], {}, /^error: user enable: give the user's name\n$/],
        [['audit', '--limit', 'lots'], {}, /^error: --limit: a whole number/],
      ];
      const [before] = await t.rows<{ password_hash: string }>(
        "SELECT password_hash FROM app_user WHERE name = 'alice'",
      );
      for (const [args, env, message] of cases) {
        const r = await cli(args, env);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toMatch(message);
      }
      const [after] = await t.rows<{ password_hash: string }>(
        "SELECT password_hash FROM app_user WHERE name = 'alice'",
      );
      expect(after!.password_hash).toBe(before!.password_hash);
    });

    it('adds, lists and removes webhooks, printing the secret once and masking robot keys', async () => {
      const bad = await cli(['webhooks', 'add', '--url', 'https://qyapi.example/send?key=K1', '--kinds', 'case.blue']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error: kinds/);
      const added = await cli(
        [
          'webhooks',
          'add',
          '--url',
          'https://qyapi.example/cgi-bin/webhook/send?key=ROBOT-KEY-1',
          '--kinds',
          'case.red,hotspot.raised',
          '--format',
          'wecom',
          '--label',
          '督办群',
        ],
        { GRIDWALL_WEBHOOK_SECRET: 'a-secret-of-the-operator-000000' },
      );
      expect(added.code, added.stderr).toBe(0);
      const id = /added webhook (\S+) /.exec(added.stdout)?.[1];
      expect(id).toBeDefined();
      expect(added.stdout).toContain('secret (shown once): a-secret-of-the-operator-000000');
      const listed = await cli(['webhooks', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`${id}\t督办群\twecom\tcase.red,hotspot.raised`);
      expect(listed.stdout).not.toContain('ROBOT-KEY-1');
      expect(listed.stdout).not.toContain('a-secret-of-the-operator');
      expect((await cli(['webhooks', 'remove', id!])).code).toBe(0);
      expect((await cli(['webhooks', 'list'])).stdout).toMatch(/^no webhooks$/m);
      const audit = await cli(['audit', '--limit', '5']);
      expect(audit.stdout).toMatch(/webhook-add/);
      expect(audit.stdout).toMatch(/webhook-remove/);
      expect(audit.stdout).not.toContain('ROBOT-KEY-1');
    });
  });
}

async function insertSession(t: Target, kind: 'sqlite' | 'mysql', id: string, userId: string): Promise<void> {
  const values = [id, tokenHash(`session-${id}`), userId, Date.now()];
  const sql =
    "INSERT INTO auth_token (id, token_hash, kind, role, user_id, district_code, label, created_at, expires_at, revoked_at) VALUES (?, ?, 'session', 'leader', ?, NULL, 'alice', ?, NULL, NULL)";
  if (kind === 'mysql') {
    await t.rows(sql, values);
    return;
  }
  const conn = new Database(t.db.url.slice('sqlite:'.length));
  try {
    conn.prepare(sql).run(...values);
  } finally {
    conn.close();
  }
}

describe('a new password against a running server', () => {
  let t: Target;
  let server: Instance;

  beforeAll(async () => {
    t = await sqliteTarget();
  });

  afterAll(async () => {
    await server?.stop();
    await t?.db.drop();
  });

  it('signs in with the new password only, and a re-enabled user signs in again', async () => {
    const env = { DATABASE_URL: t.db.url };
    expect(
      (await run(CLI, ['user', 'add', 'dora', '--role', 'leader'], { ...env, GRIDWALL_PASSWORD: 'dora-first-1' })).code,
    ).toBe(0);
    server = await startInstance('S', {
      ...env,
      DEMO: 'off',
      SIMULATOR: 'off',
      ASSESSMENTS_AUTO: 'off',
      INGEST_KEYS: 'cli-test-ingest-key-1',
    });
    const login = async (password: string) =>
      (
        await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'dora', password }),
        })
      ).status;
    expect(await login('dora-first-1')).toBe(200);
    expect((await run(CLI, ['user', 'disable', 'dora'], env)).code).toBe(0);
    expect(await login('dora-first-1')).toBe(401);
    expect((await run(CLI, ['user', 'enable', 'dora'], env)).code).toBe(0);
    expect(await login('dora-first-1')).toBe(200);
    expect(
      (await run(CLI, ['user', 'reset-password', 'dora'], { ...env, GRIDWALL_PASSWORD: 'dora-second-2' })).code,
    ).toBe(0);
    expect(await login('dora-first-1')).toBe(401);
    expect(await login('dora-second-2')).toBe(200);
  });

  it('gives a user the name people read, on sign-in, on /api/auth/me and on what they present', async () => {
    const env = { DATABASE_URL: t.db.url };
    const signIn = async () =>
      (await (
        await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'dora', password: 'dora-second-2' }),
        })
      ).json()) as { token: string; name: string; displayName: string };
    expect((await signIn()).displayName).toBe('dora');
    const bad = await run(CLI, ['user', 'display-name', 'dora', 'x'.repeat(33)], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: displayName: 1–32 characters/);
    const set = await run(CLI, ['user', 'display-name', 'dora', '赵主任（惠济区）'], env);
    expect(set.code, set.stderr).toBe(0);
    const session = await signIn();
    expect(session).toMatchObject({ name: 'dora', displayName: '赵主任（惠济区）' });
    const me = (await (
      await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${session.token}` } })
    ).json()) as { name: string; displayName: string };
    expect(me).toMatchObject({ name: 'dora', displayName: '赵主任（惠济区）' });
    const socket = io(`${server.url}${LIVE_NAMESPACE}`, { auth: { token: session.token }, transports: ['websocket'] });
    try {
      const shown = (await socket.timeout(10_000).emitWithAck('present', {
        channel: '联席会议室',
        target: { kind: 'unit', code: '410102', period: 'week' },
      })) as { ok: boolean; data: { presenter: string } };
      expect(shown).toMatchObject({ ok: true, data: { presenter: '赵主任（惠济区）' } });
    } finally {
      socket.close();
    }
  });

  it('ends open sockets and cached sessions within seconds of a revocation made by the CLI', async () => {
    const env = { DATABASE_URL: t.db.url };
    const session = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'dora', password: 'dora-second-2' }),
      })
    ).json()) as { token: string };
    const created = await run(CLI, ['token', 'create', '--kind', 'screen', '--label', '会议室屏'], env);
    expect(created.code, created.stderr).toBe(0);
    const [, id, screen] = /token (\S+) \(.*\):\n(\S+)/.exec(created.stdout) ?? [];
    expect(screen).toBeDefined();
    const rest = async (token: string) =>
      (await fetch(`${server.url}/api/stats?period=day`, { headers: { authorization: `Bearer ${token}` } })).status;
    /** A subscribed socket and a promise of how it ended (the live-error it was told, when). */
    const open = async (token: string) => {
      const socket = io(`${server.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
      const ended = new Promise<{ error: LiveError | null; at: number }>((resolve) => {
        let error: LiveError | null = null;
        socket.on('live-error', (e: LiveError) => (error = e));
        socket.on('disconnect', () => resolve({ error, at: Date.now() }));
      });
      const sub = (await socket.timeout(10_000).emitWithAck('subscribe', { scope: '410100', period: 'day' })) as {
        ok: boolean;
      };
      expect(sub.ok).toBe(true);
      return { socket, ended };
    };
    const a = await open(session.token);
    const b = await open(screen!);
    // Both used over REST first, so the server holds them in its token cache.
    expect(await rest(session.token)).toBe(200);
    expect(await rest(screen!)).toBe(200);
    try {
      let t0 = Date.now();
      expect((await run(CLI, ['user', 'disable', 'dora'], env)).code).toBe(0);
      const endA = await a.ended;
      expect(endA.error?.statusCode).toBe(401);
      expect(endA.at - t0).toBeLessThan(8000);
      expect(await rest(session.token)).toBe(401);
      t0 = Date.now();
      expect((await run(CLI, ['token', 'revoke', id!], env)).code).toBe(0);
      const endB = await b.ended;
      expect(endB.error?.statusCode).toBe(401);
      expect(endB.at - t0).toBeLessThan(8000);
      expect(await rest(screen!)).toBe(401);
    } finally {
      a.socket.close();
      b.socket.close();
    }
  });
});

describe('npm run admin (backend/scripts/admin.mjs)', () => {
  it('runs the built CLI at once when the build is current', async () => {
    const current = PACKAGES.every((p) => !isStale(p.output, p.sources));
    const r = await run(LAUNCHER, ['--help'], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/user reset-password <name>/);
    // Someone editing sources meanwhile makes it build first, as it should.
    if (current) {
      expect(r.stderr).not.toMatch(/building/);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it('finds a build stale when a source is newer, ignoring tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-admin-'));
    try {
      mkdirSync(join(dir, 'src', 'testing'), { recursive: true });
      const out = join(dir, 'out.js');
      const src = join(dir, 'src', 'a.ts');
      for (const f of [out, src, join(dir, 'src', 'a.spec.ts'), join(dir, 'src', 'testing', 'b.ts')])
        writeFileSync(f, '');
      const at = (f: string, s: number) => utimesSync(f, s, s);
      at(src, 1000);
      at(out, 2000);
      at(join(dir, 'src', 'a.spec.ts'), 3000);
      at(join(dir, 'src', 'testing', 'b.ts'), 3000);
      expect(newestSource([join(dir, 'src')])).toBe(1000 * 1000);
      expect(isStale(out, [join(dir, 'src')])).toBe(false);
      at(src, 3000);
      expect(isStale(out, [join(dir, 'src')])).toBe(true);
      expect(isStale(join(dir, 'missing.js'), [join(dir, 'src')])).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
