/**
 * The HTTP edge against a real app over real HTTP: the sign-in limit under parallel guesses and
 * behind a proxy, bounded logs and audit rows for unauthenticated input, demo credentials outside
 * demo mode, security headers, and the nginx configuration of deploy/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService, DEMO_USERS, DEMO_WALL_TOKEN } from '../backend/src/auth/auth.service';
import { LOGIN_FAILURES, LOGIN_WINDOW_MS } from '../backend/src/auth/login-limiter';
import type { ManualClock } from '../backend/src/common/clock';
import { DEMO_INGEST_KEY, validateEnv } from '../backend/src/config/env';
import { sqliteDatabase, type TestDatabase } from '../backend/src/testing/databases';
import { postEvents, startTestApp, TEST_INGEST_KEY, type TestApp } from '../backend/src/testing/test-app';
import { TEST_NOW } from '../backend/src/testing/test-clock';

const PASSWORD = 'a-good-password';

async function login(
  app: TestApp,
  name: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** Everything the process writes to stdout and stderr while `fn` runs. */
async function output(fn: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write.bind(s));
  for (const s of streams) {
    s.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof s.write;
  }
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
  return chunks.join('');
}

describe('sign-in limit', () => {
  let db: TestDatabase;
  let direct: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    db = sqliteDatabase();
    direct = await startTestApp({ databaseUrl: db.url, env: { LOG_LEVEL: 'log' } });
    proxied = await startTestApp({ databaseUrl: db.url, env: { TRUST_PROXY: 'loopback' } });
    for (const name of ['parallel-user', 'victim', 'flooded'])
      await direct.app.get(AuthService).createUser(name, PASSWORD, 'leader', null, 'test-setup');
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await db?.drop();
  });

  it('holds under 40 parallel guesses from one address, whatever X-Forwarded-For says', async () => {
    // Without TRUST_PROXY a client's own X-Forwarded-For is ignored: it cannot pose as many clients.
    const guesses = Array.from({ length: 39 }, (_, i) =>
      login(direct, 'parallel-user', `wrong-${i}-password`, { 'x-forwarded-for': `203.0.113.${i + 1}` }),
    );
    const right = login(direct, 'parallel-user', PASSWORD);
    const wrong = await Promise.all(guesses);
    expect(count(wrong, 200)).toBe(0);
    expect(count(wrong, 401)).toBeLessThanOrEqual(LOGIN_FAILURES);
    expect(count(wrong, 401) + count(wrong, 429)).toBe(39);
    expect([200, 429]).toContain(await right);
    expect(await login(direct, 'parallel-user', PASSWORD)).toBe(429);
  });

  it('writes one throttled audit row per key and window, not one per attempt', async () => {
    const auth = direct.app.get(AuthService);
    (direct.clock as ManualClock).advance(LOGIN_WINDOW_MS + 1);
    for (let i = 0; i < LOGIN_FAILURES; i++)
      expect(await login(direct, 'flood-target', `wrong-${i}-password`)).toBe(401);
    const before = (await auth.auditLog(1000)).length;
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(direct, 'flood-target', `wrong-${i}-password`)),
    );
    expect(count(statuses, 429)).toBe(200);
    const all = await auth.auditLog(1000);
    const added = all.slice(0, all.length - before);
    expect(added.length).toBeLessThanOrEqual(2);
    expect(added.map((a) => a.action)).toContain('login-throttled');
  });

  it('refuses a 1 MiB sign-in body with 413, logging and auditing none of it', async () => {
    const auth = direct.app.get(AuthService);
    const before = (await auth.auditLog(1000)).length;
    const huge = 'x'.repeat(1024 * 1024);
    let status = 0;
    const written = await output(async () => {
      const res = await fetch(`${direct.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: huge, password: huge }),
      });
      await res.arrayBuffer();
      status = res.status;
    });
    expect(status).toBe(413);
    expect(written.length).toBeLessThan(4096);
    expect(written).not.toContain('x'.repeat(100));
    expect((await auth.auditLog(1000)).length).toBe(before);
  });

  it('behind a trusted proxy, limits each client by its X-Forwarded-For address and audits it', async () => {
    const mallory = { 'x-forwarded-for': '198.51.100.66' };
    const alice = { 'x-forwarded-for': '192.0.2.10, 203.0.113.5' };
    // Mallory guesses far beyond the limit, at names that are not Alice's.
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(proxied, `guess-${i % 8}`, 'wrong-password', mallory)),
    );
    expect(count(guesses, 401)).toBeLessThanOrEqual(LOGIN_FAILURES);
    expect(await login(proxied, 'victim', PASSWORD, mallory)).toBe(429);
    // Alice, another client behind the same proxy, is not locked out.
    expect(await login(proxied, 'victim', PASSWORD, alice)).toBe(200);
    const audit = await proxied.app.get(AuthService).auditLog(1000);
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: 'victim', action: 'login', detail: 'role leader from 203.0.113.5' }),
    );
    expect(audit.some((a) => a.action === 'login-failed' && a.detail === 'from 198.51.100.66')).toBe(true);
  });

  it('locks a name after its failures from any address, for one window only', async () => {
    const clock = proxied.clock as ManualClock;
    for (let i = 0; i < LOGIN_FAILURES; i++)
      expect(await login(proxied, 'flooded', 'wrong-password', { 'x-forwarded-for': `198.51.100.${i + 1}` })).toBe(401);
    expect(await login(proxied, 'flooded', PASSWORD, { 'x-forwarded-for': '192.0.2.77' })).toBe(429);
    clock.advance(LOGIN_WINDOW_MS + 1);
    expect(await login(proxied, 'flooded', PASSWORD, { 'x-forwarded-for': '192.0.2.77' })).toBe(200);
  });

  it('stops at boot on a TRUST_PROXY that is not a hop count or address list', () => {
    expect(() => validateEnv({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => validateEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(validateEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
  });
});

describe('demo credentials outside demo mode', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = sqliteDatabase();
    // A demo start writes the demo users and wall token into the database, as `npm run seed` did.
    const demo = await startTestApp({ databaseUrl: db.url, env: { DEMO: 'on' } });
    expect(await login(demo, 'admin', 'admin-demo')).toBe(200);
    expect(
      (await fetch(`${demo.url}/api/auth/me`, { headers: { authorization: `Bearer ${DEMO_WALL_TOKEN}` } })).status,
    ).toBe(200);
    await demo.close();
    sut = await startTestApp({
      databaseUrl: db.url,
      env: { DEMO: 'off', INGEST_KEYS: `${TEST_INGEST_KEY},${DEMO_INGEST_KEY}` },
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('signs no demo user in, and refuses the demo wall token and ingest key', async () => {
    for (const u of DEMO_USERS) expect(await login(sut, u.name, u.password, {}), u.name).toBe(401);
    const me = await fetch(`${sut.url}/api/auth/me`, { headers: { authorization: `Bearer ${DEMO_WALL_TOKEN}` } });
    expect(me.status).toBe(401);
    // An hour before the test moment, whatever GRIDWALL_TEST_NOW says (never in the server's future).
    const event = {
      eventId: 'D-1-a',
      caseId: 'D-1',
      type: 'accepted',
      at: new Date(TEST_NOW - 3600_000).toISOString(),
    };
    expect((await postEvents(sut.url, event, DEMO_INGEST_KEY)).status).toBe(401);
    expect((await postEvents(sut.url, event)).status).toBe(202);
  });
});

describe('security headers', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = sqliteDatabase();
    sut = await startTestApp({ databaseUrl: db.url, serveFrontend: true });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('sends CSP, no framing, nosniff and no X-Powered-By on the page, health and the API', async () => {
    const auth = { authorization: `Bearer ${sut.tokens.wall}` };
    for (const [path, headers] of [
      ['/', {}],
      ['/wall', {}],
      ['/api/health', {}],
      ['/api/stats?scope=410100&period=day', auth],
    ] as const) {
      const res = await fetch(`${sut.url}${path}`, { headers });
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self';");
      expect(csp, path).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp, path).toContain("connect-src 'self'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });
});

describe('deploy/nginx.conf', () => {
  const conf = readFileSync(new URL('../deploy/nginx.conf', import.meta.url), 'utf8').replace(/#.*$/gm, '');

  it('denies /metrics to the public instead of proxying it', () => {
    const block = /location\s+[^{]*\/metrics[^{]*\{([^}]*)\}/.exec(conf);
    expect(block, 'a location for /metrics').not.toBeNull();
    expect(block![1]).toMatch(/deny\s+all;/);
    expect(block![1]).not.toMatch(/proxy_pass/);
  });

  it('logs paths without query strings or referrers (a wall URL carries ?token=)', () => {
    const formats = [...conf.matchAll(/log_format\s+(\S+)([^;]*);/g)];
    expect(formats.length).toBeGreaterThan(0);
    for (const [, , text] of formats) {
      expect(text).toContain('$uri');
      expect(text).not.toMatch(/\$(request_uri|args|arg_\w+|query_string|request|http_referer)\b/);
    }
    const names = formats.map((f) => f[1]);
    const accessLogs = [...conf.matchAll(/access_log\s+([^;]*);/g)].map((m) => m[1]!.trim().split(/\s+/));
    expect(accessLogs.length).toBeGreaterThan(0);
    for (const args of accessLogs) if (args[0] !== 'off') expect(names).toContain(args[1]);
  });

  it('forwards the client address the backend trusts with TRUST_PROXY', () => {
    expect(conf.match(/proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/g)?.length).toBe(2);
    const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
    expect(compose).toMatch(/TRUST_PROXY: \$\{TRUST_PROXY:-1\}/);
  });
});
