import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.factory';
import { DEMO_USERS, DEMO_WALL_TOKEN } from './auth/auth.service';
import { DEMO_INGEST_KEY } from './config/env';
import { SimulatorService } from './simulator/simulator.service';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(ConfigService);
  const port = config.get<number>('PORT')!;
  const host = config.get<string>('HOST')!;
  await app.listen(port, host);
  const logger = new Logger('Main');
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  logger.log(`网格化管理指挥大屏 ready: http://${shown}:${port}/`);
  const offset = config.get<number>('CLOCK_OFFSET_MS') ?? 0;
  if (offset !== 0) logger.warn(`CLOCK_OFFSET_MS: the clock runs ${offset} ms off the system clock`);
  if (!config.get('DEMO') && !String(config.get('INGEST_KEYS') ?? '').trim()) {
    logger.warn('INGEST_KEYS is empty and demo mode is off: every POST /api/events will get 401');
  }
  if (config.get('DEMO')) {
    const base = `http://${shown}:${port}`;
    logger.log(`demo mode: ingest key "${DEMO_INGEST_KEY}", simulator ${config.get('SIMULATOR')}`);
    logger.log(`  wall:       ${base}/wall?token=${DEMO_WALL_TOKEN}`);
    logger.log(`  tablet:     ${base}/meeting (sign in as leader)`);
    logger.log(`  live page:  ${base}/?token=${DEMO_WALL_TOKEN}`);
    logger.log(`  sign in:    ${DEMO_USERS.map((u) => `${u.name} / ${u.password}`).join(', ')}`);
  }
  const simulator = app.get(SimulatorService);
  if (simulator.enabled) {
    simulator.start(`http://127.0.0.1:${port}`).catch((err: unknown) => {
      logger.error(`simulator stopped: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}

main().catch((err: unknown) => {
  new Logger('Main').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
