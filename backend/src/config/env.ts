import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const bool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'on', 'yes'].includes(String(value).toLowerCase());

/**
 * Every environment variable the backend reads, validated at boot: a bad value stops the process
 * with a message naming the variable. Defaults make a fresh clone run with no configuration.
 */
export class EnvVars {
  /** HTTP port of the API, the socket and the built frontend. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number = 3000;

  /** Interface to listen on. */
  @IsOptional()
  @IsString()
  HOST?: string = '0.0.0.0';

  /**
   * `mysql://user:pass@host:3306/db` for MySQL/MariaDB, or `sqlite:<path>` for the embedded
   * database; unset means `sqlite:data/gridwall.sqlite` under the project root.
   */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/.+|^sqlite:.+$/, {
    message: 'DATABASE_URL must look like mysql://user:pass@host:3306/db or sqlite:<path>',
  })
  DATABASE_URL?: string;

  /** How long a write waits for a lock held by another process on the embedded database, ms. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(600_000)
  SQLITE_BUSY_TIMEOUT_MS?: number = 5000;

  /**
   * Runs the server's clock this many milliseconds ahead of (negative: behind) the system clock,
   * at real speed: for demos and end-to-end tests at a chosen moment. Default 0. At most ten
   * years either way.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'CLOCK_OFFSET_MS must be a whole number of milliseconds' })
  @Min(-315_360_000_000)
  @Max(315_360_000_000)
  CLOCK_OFFSET_MS?: number = 0;

  /**
   * Redis for running several instances (`redis://host:6379`): the Socket.IO Redis adapter,
   * leadership of the simulator and patches. Unset: a single instance.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  /** Prefix of every Redis key and channel (several deployments may share one Redis). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1–40 of [A-Za-z0-9:_-]' })
  REDIS_PREFIX?: string = 'gridwall';

  /** Log format: `text` for people, `json` (one object per line) for log collectors. */
  @IsOptional()
  @IsIn(['text', 'json'])
  LOG_FORMAT?: 'text' | 'json' = 'text';

  /** Comma-separated ingest keys accepted as `Authorization: Bearer <key>`. */
  @IsOptional()
  @IsString()
  INGEST_KEYS?: string;

  /** Demo mode: the documented development ingest key works and the simulator runs by default. */
  @IsOptional()
  @Transform(bool)
  DEMO?: boolean;

  /** `on` or `off`; defaults to `on` in demo mode. */
  @IsOptional()
  @IsIn(['on', 'off'])
  SIMULATOR?: 'on' | 'off';

  /** Simulated new cases per day, city-wide (day/night rhythm applied). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  SIM_CASES_PER_DAY?: number = 4000;

  /** Days of history the demo backfills (through the ingest API) when the database is empty. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3650)
  DEMO_BACKFILL_DAYS?: number = 3;

  /** Optional JSON file overriding the domain configuration (time limits, thresholds, weights). */
  @IsOptional()
  @IsString()
  DOMAIN_CONFIG_FILE?: string;

  /** Log level: error, warn, log, debug, verbose. */
  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

/** Validates the raw environment; throws an Error naming every bad variable. */
export function validateEnv(raw: Record<string, unknown>): EnvVars {
  const env = plainToInstance(EnvVars, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  if (env.DEMO === undefined) env.DEMO = raw.NODE_ENV !== 'production';
  if (env.SIMULATOR === undefined) env.SIMULATOR = env.DEMO ? 'on' : 'off';
  if (env.SIMULATOR === 'on' && !env.DEMO && !env.INGEST_KEYS?.trim()) {
    throw new Error(
      'Invalid environment:\n  SIMULATOR: on needs an ingest key to post with: set INGEST_KEYS (or DEMO=on)',
    );
  }
  return env;
}

/** The development ingest key accepted in demo mode (documented in the README). */
export const DEMO_INGEST_KEY = 'demo-ingest-key';
