import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditEntity, SettingEntity, TokenEntity, UserEntity, type Role } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { SystemClock } from '../common/clock';
import { defaultDomainConfig, validateDomainConfig } from '../config/domain-config';
import { validateEnv } from '../config/env';
import { dataSourceOptions, parseDatabaseUrl } from '../database/database-options';
import { DOMAIN_SETTING_KEY, parseStoredDomainConfig } from './domain-setting';

/** The commands of the admin CLI (admin.cli.ts checks the command line and prints the usage). */

const HELP = new Set(['--help', '-h', 'help']);

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Reads one line of standard input (the password piped in). */
async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/** Asks for a line on the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    out._writeToOutput = (s: string) => {
      // Echo the prompt and the final newline, nothing typed in between.
      if (s.startsWith(question) || s === '\r\n' || s === '\n') out.output.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

/** The password of `user add` / `user reset-password`, from where USAGE says. */
async function passwordFor(name: string, args: string[]): Promise<string> {
  const fromEnv = process.env.GRIDWALL_PASSWORD;
  if (fromEnv) return fromEnv;
  if (args.includes('--password-stdin')) return readLine();
  if (process.stdin.isTTY) {
    const first = await askHidden(`password for ${name}: `);
    const again = await askHidden(`the same again: `);
    if (first !== again) throw new Error('password: the two entries differ; nothing was changed');
    return first;
  }
  throw new Error(`password: set GRIDWALL_PASSWORD, or pipe it with --password-stdin (kept out of the shell history)`);
}

/** Runs one command (already checked by admin.cli.ts); returns the exit code. */
export async function runAdminCommand(args: string[]): Promise<number> {
  // Standard output is the command's answer alone (a new token); errors go to standard error.
  Logger.overrideLogger(['error']);
  const by = `cli:${process.env.USER ?? 'admin'}`;
  if (args[0] === 'assessments') {
    // Loaded only here: it brings Nest, the fold and the briefing renderers.
    const { ASSESSMENTS_USAGE, runAssessmentsCli } = await import('../assessments/assessments.cli.js');
    if (args.length === 1 || args.slice(1).some((a) => HELP.has(a))) {
      process.stdout.write(`${ASSESSMENTS_USAGE}\n`);
      return 0;
    }
    validateEnv(process.env);
    // These need the area tree, the departments and the fold: a Nest context of their own.
    return runAssessmentsCli(args.slice(1), by);
  }
  if (args[0] === 'webhooks') {
    // Loaded only here: the outbox and its entities.
    const { WEBHOOKS_USAGE, runWebhooksCli } = await import('../webhooks/webhooks.cli.js');
    if (args.length === 1 || args.slice(1).some((a) => HELP.has(a))) {
      process.stdout.write(`${WEBHOOKS_USAGE}\n`);
      return 0;
    }
    validateEnv(process.env);
    return runWebhooksCli(args.slice(1), by);
  }
  const env = validateEnv(process.env);
  const ds = new DataSource({
    ...dataSourceOptions(parseDatabaseUrl(env.DATABASE_URL), env.SQLITE_BUSY_TIMEOUT_MS),
    entities: [UserEntity, TokenEntity, AuditEntity, SettingEntity],
  });
  await ds.initialize();
  const config = { get: (key: string) => (env as Record<string, unknown>)[key] } as unknown as ConfigService;
  const auth = new AuthService(
    ds.getRepository(UserEntity),
    ds.getRepository(TokenEntity),
    ds.getRepository(AuditEntity),
    new SystemClock(),
    config,
  );
  try {
    return await run(args, ds, auth, by);
  } finally {
    await ds.destroy();
  }
}

const print = (v: unknown) => process.stdout.write(`${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}\n`);

async function run(args: string[], ds: DataSource, auth: AuthService, by: string): Promise<number> {
  const [what, verb, arg] = args;
  const needName = (): string => {
    if (!arg || arg.startsWith('--')) throw new Error(`user ${verb}: give the user's name`);
    return arg;
  };
  if (what === 'user' && verb === 'add') {
    const name = needName();
    const u = await auth.createUser(
      name,
      await passwordFor(name, args),
      (flag(args, 'role') ?? '') as Role,
      flag(args, 'district') ?? null,
      by,
      flag(args, 'display-name') ?? null,
    );
    print(`created ${u.name} (${u.role}${u.districtCode ? ` ${u.districtCode}` : ''})`);
  } else if (what === 'user' && verb === 'display-name') {
    const name = needName();
    const shown = args[3];
    if (shown === undefined || shown.startsWith('--'))
      throw new Error("user display-name: give the name people read, e.g. '张主任（中原区）' ('' clears it)");
    await auth.setDisplayName(name, shown === '' ? null : shown, by);
    print(shown === '' ? `${name} is shown by their sign-in name` : `${name} is shown as ${shown}`);
  } else if (what === 'user' && verb === 'reset-password') {
    const name = needName();
    await auth.resetPassword(name, await passwordFor(name, args), by);
    print(`new password for ${name}; their sessions and tokens are revoked`);
  } else if (what === 'user' && verb === 'list') {
    print(await auth.listUsers());
  } else if (what === 'user' && verb === 'disable') {
    const name = needName();
    const u = await ds.getRepository(UserEntity).findOne({ where: { name } });
    if (!u) throw new Error(`name: no user ${name}`);
    await auth.disableUser(u.id, by);
    print(`disabled ${name} and revoked their sessions`);
  } else if (what === 'user' && verb === 'enable') {
    const name = needName();
    await auth.enableUser(name, by);
    print(`enabled ${name}: they may sign in again`);
  } else if (what === 'token' && verb === 'create') {
    const kind = flag(args, 'kind');
    if (kind !== 'screen' && kind !== 'ingest') throw new Error('--kind screen|ingest');
    const { token, view } = await auth.createToken(kind, flag(args, 'label') ?? '', by);
    print(`${view.kind} token ${view.id} (${view.label}):\n${token}`);
  } else if (what === 'token' && verb === 'list') {
    print(await auth.listTokens());
  } else if (what === 'token' && verb === 'revoke') {
    if (!arg) throw new Error('token revoke: give the token id (token list shows it)');
    await auth.revoke(arg, by);
    print(`revoked ${arg}`);
  } else if (what === 'config' && verb === 'show') {
    const row = await ds.getRepository(SettingEntity).findOne({ where: { key: DOMAIN_SETTING_KEY } });
    print(row ? parseStoredDomainConfig(row.value) : defaultDomainConfig());
  } else if (what === 'config' && verb === 'set') {
    if (!arg) throw new Error(`config set: give the configuration as JSON`);
    const repo = ds.getRepository(SettingEntity);
    const row = await repo.findOne({ where: { key: DOMAIN_SETTING_KEY } });
    let current = defaultDomainConfig();
    try {
      if (row) current = parseStoredDomainConfig(row.value);
    } catch (err) {
      process.stderr.write(
        `warning: the stored configuration is refused (${(err as Error).message}); setting over the defaults\n`,
      );
    }
    let patch: unknown;
    try {
      patch = JSON.parse(arg);
    } catch (err) {
      throw new Error(`configuration: not JSON: ${(err as Error).message}`);
    }
    // The same validation as PUT /api/admin/config: a bad field is refused and nothing is stored.
    const next = validateDomainConfig(patch, current);
    await repo.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(next), updatedAt: Date.now() });
    await auth.audit(by, 'config-update', arg);
    print(next);
  } else if (what === 'audit') {
    const limit = Number(flag(args, 'limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit: a whole number, 1–1000');
    print(await auth.auditLog(limit));
  }
  return 0;
}
