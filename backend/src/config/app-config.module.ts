import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, OffsetClock, SystemClock } from '../common/clock';
import { loadDomainConfig, type DomainConfig } from './domain-config';
import { DomainConfigService } from './domain-config.service';
import { validateEnv, type EnvVars } from './env';

/** Options for building the app (tests pass their own environment and clock). */
export interface AppOptions {
  /** Environment to validate instead of process.env. */
  env?: Record<string, string | undefined>;
  /** Clock instead of the system clock. */
  clock?: Clock;
  /** Domain configuration instead of the defaults / DOMAIN_CONFIG_FILE (validated like them). */
  domainConfig?: DomainConfig;
}

/**
 * Global configuration: the validated environment (through @nestjs/config), the domain
 * configuration ({@link DomainConfigService}) and the clock. A bad DOMAIN_CONFIG_FILE stops the
 * boot with a message naming the file and the field.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(options: AppOptions = {}): DynamicModule {
    const env: EnvVars = validateEnv(options.env ?? process.env);
    const domain = options.domainConfig ?? loadDomainConfig(env.DOMAIN_CONFIG_FILE);
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...env })], cache: true }),
      ],
      providers: [
        { provide: DomainConfigService, useValue: new DomainConfigService(domain) },
        { provide: Clock, useValue: options.clock ?? systemClock(env) },
      ],
      exports: [ConfigModule, DomainConfigService, Clock],
    };
  }
}

/** The wall clock, shifted by CLOCK_OFFSET_MS when set (demos and end-to-end tests at a chosen moment). */
function systemClock(env: EnvVars): Clock {
  return env.CLOCK_OFFSET_MS ? new OffsetClock(env.CLOCK_OFFSET_MS) : new SystemClock();
}
