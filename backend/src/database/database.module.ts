import type { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, parseDatabaseUrl } from './database-options';

/**
 * The TypeORM connection of the server and of every command line: DATABASE_URL and the SQLite
 * busy timeout from the validated environment, entities of the modules loaded, the migrations
 * run. `retry` is how often and how long to wait for a database not there yet (TypeORM's
 * defaults when not given).
 */
export function databaseModule(retry?: { attempts: number; delayMs: number }): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService) => ({
      ...dataSourceOptions(
        parseDatabaseUrl(config.get<string>('DATABASE_URL')),
        config.get<number>('SQLITE_BUSY_TIMEOUT_MS'),
      ),
      autoLoadEntities: true,
      ...(retry ? { retryAttempts: retry.attempts, retryDelay: retry.delayMs } : {}),
    }),
  });
}
