import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { isAssessmentKind } from '@gridwall/shared';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { AppConfigModule } from '../config/app-config.module';
import { databaseModule } from '../database/database.module';
import { DepartmentsModule } from '../departments/departments.module';
import { AssessmentEntity } from './assessment.entity';
import { AssessmentStore } from './assessment-store.service';
import { AssessmentsService } from './assessments.service';

/** What the admin CLI needs to read, verify and re-issue assessments: no HTTP, no live engine. */
@Module({})
class AssessmentsCliModule {
  static forRoot(env: Record<string, string | undefined>): DynamicModule {
    return {
      module: AssessmentsCliModule,
      imports: [
        AppConfigModule.forRoot({ env: { ...env, ASSESSMENTS_AUTO: 'off', SIMULATOR: 'off' } }),
        databaseModule(),
        TypeOrmModule.forFeature([AssessmentEntity]),
        AreasModule,
        DepartmentsModule,
        AuthModule,
      ],
      providers: [AssessmentsService, AssessmentStore],
    };
  }
}

export const ASSESSMENTS_USAGE = `  assessments list [--kind week|month|quarter|year] [--limit N]
  assessments verify <kind> <period> [--version N]   recompute from the log, compare hashes (exit 1 on a mismatch)
  assessments verify --all                            every version of every issued period
  assessments reissue <kind> <period> --reason TEXT  issue version n+1 (a correction)`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `npm run admin -- assessments …`. Returns the exit code. */
export async function runAssessmentsCli(args: string[], by: string): Promise<number> {
  const app = await NestFactory.createApplicationContext(AssessmentsCliModule.forRoot(process.env), {
    logger: ['error'],
  });
  const print = (v: unknown) => process.stdout.write(`${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}\n`);
  try {
    const svc = app.get(AssessmentsService);
    const [verb, kind, period] = args;
    if (verb === 'list') {
      const k = flag(args, 'kind');
      if (k !== undefined && !isAssessmentKind(k)) throw new Error('--kind week|month|quarter|year');
      for (const a of await svc.list(k, Number(flag(args, 'limit') ?? 50)))
        print(`${a.kind}\t${a.period}\tv${a.version}\t${a.issuedAt}\t${a.events} events\t${a.hash}`);
      return 0;
    }
    if (verb === 'verify') {
      const targets: { kind: string; period: string; version?: number }[] = [];
      if (kind === '--all') {
        for (const a of await svc.list(undefined, 500))
          for (let v = 1; v <= a.version; v++) targets.push({ kind: a.kind, period: a.period, version: v });
      } else {
        if (!isAssessmentKind(kind) || !period) throw new Error('assessments verify <kind> <period> [--version N]');
        const v = flag(args, 'version');
        targets.push({ kind, period, version: v === undefined ? undefined : Number(v) });
      }
      let bad = 0;
      for (const t of targets) {
        svc.rangeOf(t.kind, t.period);
        const r = await svc.verify(t.kind as never, t.period, t.version);
        if (!r.ok) bad++;
        print(
          `${r.ok ? 'ok      ' : 'MISMATCH'} ${r.kind} ${r.period} v${r.version}: stored ${r.storedHash.slice(0, 16)}, ` +
            `recomputed ${r.recomputedHash.slice(0, 16)}${r.bodyHash !== r.storedHash ? ', stored body differs from its hash' : ''}` +
            `${r.eventsNow !== r.events ? ` (events ${r.events} then, ${r.eventsNow} with the same cut-off now: a transaction committed after issue)` : ''}`,
        );
      }
      return bad === 0 ? 0 : 1;
    }
    if (verb === 'reissue') {
      const reason = flag(args, 'reason');
      if (!isAssessmentKind(kind) || !period || !reason)
        throw new Error('assessments reissue <kind> <period> --reason TEXT');
      if (reason.trim().length < 4)
        throw new Error('--reason: at least 4 characters (why this period is issued again)');
      const h = await svc.reissue(kind, period, reason.trim(), by);
      print(`issued ${h.kind} ${h.period} v${h.version}: ${h.events} events, hash ${h.hash}`);
      return 0;
    }
    process.stdout.write(`${ASSESSMENTS_USAGE}\n`);
    return 2;
  } finally {
    await app.close();
  }
}
