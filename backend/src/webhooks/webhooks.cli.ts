import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AppConfigModule } from '../config/app-config.module';
import { databaseModule } from '../database/database.module';
import { NotifyCursorEntity, OutboxEntity, WebhookEntity } from './webhook.entity';
import { WebhooksService } from './webhooks.service';

/** What the admin CLI needs to list, add and remove webhooks: no HTTP, no delivery loop. */
@Module({})
class WebhooksCliModule {
  static forRoot(env: Record<string, string | undefined>): DynamicModule {
    return {
      module: WebhooksCliModule,
      imports: [
        AppConfigModule.forRoot({ env: { ...env, ASSESSMENTS_AUTO: 'off', SIMULATOR: 'off' } }),
        databaseModule(),
        TypeOrmModule.forFeature([WebhookEntity, OutboxEntity, NotifyCursorEntity]),
        AuthModule,
      ],
      providers: [WebhooksService],
    };
  }
}

export const WEBHOOKS_USAGE = `  webhooks list
  webhooks add --url URL --kinds KIND,KIND [--format json|wecom|dingtalk] [--label TEXT]
               kinds: case.red, case.escalated_city, case.joint_meeting, hotspot.raised, assessment.red_card
               secret from GRIDWALL_WEBHOOK_SECRET (else a random one, printed once)
  webhooks remove <id>`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `npm run admin -- webhooks …`. Returns the exit code. */
export async function runWebhooksCli(
  args: string[],
  by: string,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const app = await NestFactory.createApplicationContext(WebhooksCliModule.forRoot(env), { logger: ['error'] });
  const print = (v: string) => process.stdout.write(`${v}\n`);
  try {
    const svc = app.get(WebhooksService);
    const [verb, arg] = args;
    if (verb === 'list') {
      const items = await svc.list();
      if (items.length === 0) print('no webhooks');
      for (const w of items)
        print(
          `${w.id}\t${w.label}\t${w.format}\t${w.kinds.join(',')}\t${w.url}\tpending ${w.pending}, failed ${w.failed}, delivered ${w.delivered}${w.lastError ? `\tlast error: ${w.lastError}` : ''}`,
        );
      return 0;
    }
    if (verb === 'add') {
      const kinds = flag(args, 'kinds');
      const input: Record<string, unknown> = {
        url: flag(args, 'url'),
        kinds: kinds === undefined ? undefined : kinds.split(',').map((k) => k.trim()),
      };
      const format = flag(args, 'format');
      const label = flag(args, 'label');
      if (format !== undefined) input.format = format;
      if (label !== undefined) input.label = label;
      if (env.GRIDWALL_WEBHOOK_SECRET) input.secret = env.GRIDWALL_WEBHOOK_SECRET;
      const { webhook, secret } = await svc.add(input as never, by);
      print(`added webhook ${webhook.id} (${webhook.label}, ${webhook.format}: ${webhook.kinds.join(', ')})`);
      print(`secret (shown once): ${secret}`);
      return 0;
    }
    if (verb === 'remove' && arg) {
      await svc.remove(arg, by);
      print(`removed webhook ${arg}`);
      return 0;
    }
    process.stdout.write(`${WEBHOOKS_USAGE}\n`);
    return 2;
  } finally {
    await app.close();
  }
}
