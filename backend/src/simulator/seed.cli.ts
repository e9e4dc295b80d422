import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createApp } from '../app.factory';
import { SimulatorService } from './simulator.service';

/**
 * `npm run seed -- --days N [--rate CASES_PER_DAY]`: backfills N days of simulated history up
 * to now through the ingest API of an app started for the purpose on a free loopback port,
 * using DATABASE_URL like the server does.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: number): number => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number, got ${args[i + 1]}`);
    return v;
  };
  const days = arg('days', 7);
  const logger = new Logger('Seed');
  // Demo mode (and so the demo users and wall token) only when the environment asks for it, as
  // the server would: a seeded production database must not gain published credentials. The
  // simulator posts with a one-off key that exists only in this process.
  const seedKey = `seed-${randomBytes(24).toString('hex')}`;
  const keys = [seedKey, process.env.INGEST_KEYS ?? ''].filter(Boolean).join(',');
  const app = await createApp({
    env: { ...process.env, INGEST_KEYS: keys, SIMULATOR: 'off', LOG_LEVEL: 'warn' },
    serveFrontend: false,
  });
  await app.listen(0, '127.0.0.1');
  const sim = app.get(SimulatorService);
  await sim.useUrl(await app.getUrl());
  const rate = arg('rate', Number(process.env.SIM_CASES_PER_DAY ?? 4000));
  const to = Date.now();
  const started = Date.now();
  const r = await sim.backfill(to - days * 86_400_000, to, rate);
  logger.log(
    `seeded ${days} days: ${r.cases} cases, ${r.events} events stored (${r.duplicates} duplicates) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  await app.close();
}

main().catch((err: unknown) => {
  new Logger('Seed').error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
