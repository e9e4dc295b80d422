// Credentials the way an operator gets them: an admin user and a screen token made with the admin
// CLI (`node backend/dist/admin/admin.cli.js`, same DATABASE_URL as the server), and a session
// token from signing in with POST /api/auth/login. Used by the assessments section, which
// re-issues periods through the admin endpoint and reads the issued figures.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ROOT } from './paths.mjs';

const CLI = resolve(ROOT, 'backend/dist/admin/admin.cli.js');

/** Runs the admin CLI with `args` on `databaseUrl`; resolves with its stdout. */
export function adminCli(databaseUrl, args, env = {}, timeoutMs = 120_000) {
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: ROOT,
        timeout: timeoutMs,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          USER: 'bench',
          NODE_ENV: 'production',
          NO_COLOR: '1',
          DATABASE_URL: databaseUrl,
          ...env,
        },
      },
      (err, stdout, stderr) => {
        if (err) rej(new Error(`admin CLI ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || err.message}`));
        else res(stdout);
      },
    );
  });
}

/** Creates an admin user with a random password (admin CLI `user add NAME --role admin`). */
export async function createAdminUser(databaseUrl, name = 'bench-admin') {
  const password = randomBytes(18).toString('base64url');
  await adminCli(databaseUrl, ['user', 'add', name, '--role', 'admin'], { GRIDWALL_PASSWORD: password });
  return { name, password };
}

/** A screen token (role wall) from the admin CLI (`token create --kind screen`); printed once, last line. */
export async function createScreenToken(databaseUrl, label = 'bench') {
  const out = await adminCli(databaseUrl, ['token', 'create', '--kind', 'screen', '--label', label]);
  const token = out.trim().split('\n').at(-1).trim();
  if (!/^[A-Za-z0-9_-]{20,}$/.test(token)) throw new Error(`admin CLI token create printed no token: ${out}`);
  return token;
}

/** Signs in (POST /api/auth/login) and returns the session token. */
export async function login(baseUrl, { name, password }) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`POST /api/auth/login answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body).token;
}
