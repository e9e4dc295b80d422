import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, SystemClock } from '../common/clock';
import { loadDomainConfig, type DomainConfig } from './domain-config';
import { validateEnv, type EnvVars } from './env';

/** Injection token of the domain configuration. */
export const DOMAIN_CONFIG = Symbol('DOMAIN_CONFIG');

/** Options for building the app (tests pass their own environment and clock). */
export interface AppOptions {
  /** Environment to validate instead of process.env. */
  env?: Record<string, string | undefined>;
  /** Clock instead of the system clock. */
  clock?: Clock;
  /** Domain configuration instead of the defaults / DOMAIN_CONFIG_FILE. */
  domainConfig?: DomainConfig;
}

/**
 * Global configuration: the validated environment (through @nestjs/config), the domain
 * configuration and the clock.
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
        { provide: DOMAIN_CONFIG, useValue: domain },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [ConfigModule, DOMAIN_CONFIG, Clock],
    };
  }
}
