import 'reflect-metadata';
import type { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditEntity, SettingEntity, TokenEntity, UserEntity, type Role } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { SystemClock } from '../common/clock';
import { defaultDomainConfig, validateDomainConfig } from '../config/domain-config';
import { validateEnv } from '../config/env';
import { dataSourceOptions, parseDatabaseUrl } from '../database/database-options';
import { DOMAIN_SETTING_KEY, parseStoredDomainConfig } from './domain-setting';
import { ASSESSMENTS_USAGE, runAssessmentsCli } from '../assessments/assessments.cli';

const USAGE = () => `npm run admin -- <command>   (uses DATABASE_URL like the server)

  user add <name> --role leader|district|admin [--district CODE]   password from GRIDWALL_PASSWORD
  user list
  user disable <name>
  token create --kind screen|ingest --label LABEL                  prints the token once
  token list
  token revoke <id>
  config show
  config set '<json>'          e.g. '{"minCases": 3, "weights": {"resolutionRate": 0.4, "onTimeRate": 0.2}}'
  audit [--limit N]
${ASSESSMENTS_USAGE}

Running servers pick up configuration changes within 10 s.`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Administration from the command line: users, tokens, configuration, audit log. */
async function main(args: string[]): Promise<void> {
  const env = validateEnv(process.env);
  if (args[0] === 'assessments') {
    // These need the area tree, the departments and the fold: a Nest context of their own.
    process.exitCode = await runAssessmentsCli(args.slice(1), `cli:${process.env.USER ?? 'admin'}`);
    return;
  }
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
  const by = `cli:${process.env.USER ?? 'admin'}`;
  const [what, verb, arg] = args;
  const print = (v: unknown) => process.stdout.write(`${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}\n`);
  try {
    if (what === 'user' && verb === 'add' && arg) {
      const password = process.env.GRIDWALL_PASSWORD;
      if (!password)
        throw new Error('set GRIDWALL_PASSWORD to the new user’s password (kept out of the shell history)');
      const u = await auth.createUser(
        arg,
        password,
        (flag(args, 'role') ?? '') as Role,
        flag(args, 'district') ?? null,
        by,
      );
      print(`created ${u.name} (${u.role}${u.districtCode ? ` ${u.districtCode}` : ''})`);
    } else if (what === 'user' && verb === 'list') {
      print(await auth.listUsers());
    } else if (what === 'user' && verb === 'disable' && arg) {
      const u = await ds.getRepository(UserEntity).findOne({ where: { name: arg } });
      if (!u) throw new Error(`no user ${arg}`);
      await auth.disableUser(u.id, by);
      print(`disabled ${arg} and revoked their sessions`);
    } else if (what === 'token' && verb === 'create') {
      const kind = flag(args, 'kind');
      if (kind !== 'screen' && kind !== 'ingest') throw new Error('--kind screen|ingest');
      const { token, view } = await auth.createToken(kind, flag(args, 'label') ?? '', by);
      print(`${view.kind} token ${view.id} (${view.label}):\n${token}`);
    } else if (what === 'token' && verb === 'list') {
      print(await auth.listTokens());
    } else if (what === 'token' && verb === 'revoke' && arg) {
      await auth.revoke(arg, by);
      print(`revoked ${arg}`);
    } else if (what === 'config' && verb === 'show') {
      const row = await ds.getRepository(SettingEntity).findOne({ where: { key: DOMAIN_SETTING_KEY } });
      print(row ? parseStoredDomainConfig(row.value) : defaultDomainConfig());
    } else if (what === 'config' && verb === 'set' && arg) {
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
      print(await auth.auditLog(Number(flag(args, 'limit') ?? 50)));
    } else {
      print(USAGE());
      process.exitCode = what ? 2 : 0;
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as { message?: string; response?: { message?: string } };
  process.stderr.write(`error: ${e.response?.message ?? e.message ?? String(err)}\n`);
  process.exit(1);
});
