import { Logger, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DOMAIN_SETTING_KEY, parseStoredDomainConfig } from '../admin/domain-setting';
import { AreasModule } from '../areas/areas.module';
import { AreasService } from '../areas/areas.service';
import { SettingEntity } from '../auth/auth.entities';
import { CaseStoreService } from '../cases/case-store.service';
import { CasesModule } from '../cases/cases.module';
import { Clock } from '../common/clock';
import { AppConfigModule } from '../config/app-config.module';
import { DomainConfigService } from '../config/domain-config.service';
import { databaseModule } from '../database/database.module';
import { DepartmentsModule } from '../departments/departments.module';
import { DepartmentsService } from '../departments/departments.service';
import type { ImportDeps } from './importer';

/**
 * What the import needs and nothing more: the configuration and clock (CLOCK_OFFSET_MS like the
 * server), the database (migrated on connect, as the server does), the area tree, the
 * departments and the case store. No HTTP, no live engine, no assessments.
 */
@Module({})
class ImportCliModule {
  static forRoot(env: Record<string, string | undefined>, clock?: Clock): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [
        AppConfigModule.forRoot({ env: { ...env, ASSESSMENTS_AUTO: 'off', SIMULATOR: 'off' }, clock }),
        EventEmitterModule.forRoot(),
        // A command line fails soon when the database is not there (the server retries longer).
        databaseModule({ attempts: 2, delayMs: 1000 }),
        TypeOrmModule.forFeature([SettingEntity]),
        AreasModule,
        DepartmentsModule,
        CasesModule,
      ],
    };
  }
}

/** A started import context and the services the importer takes from it. */
export interface ImportContext {
  app: INestApplicationContext;
  deps: ImportDeps;
  close(): Promise<void>;
}

/**
 * Starts the import's Nest context on the environment's DATABASE_URL and puts the stored domain
 * configuration in force (the time limits the fold uses), as a server does at start.
 */
export async function createImportContext(
  env: Record<string, string | undefined> = process.env,
  clock?: Clock,
): Promise<ImportContext> {
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(env, clock), {
    logger: ['error', 'warn'],
  });
  const deps: ImportDeps = {
    dataSource: app.get(DataSource),
    store: app.get(CaseStoreService),
    areas: app.get(AreasService),
    departments: app.get(DepartmentsService),
    clock: app.get(Clock),
    config: app.get(DomainConfigService),
  };
  const row = await deps.dataSource.getRepository(SettingEntity).findOne({ where: { key: DOMAIN_SETTING_KEY } });
  if (row) {
    try {
      await deps.config.replace(parseStoredDomainConfig(row.value), 'stored');
    } catch (err) {
      new Logger('Import').warn(
        `the stored domain configuration is refused (${(err as Error).message}): folding with the defaults / DOMAIN_CONFIG_FILE, as a server would`,
      );
    }
  }
  return { app, deps, close: () => app.close() };
}
