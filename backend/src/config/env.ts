import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, validateSync } from 'class-validator';
import { hotspotSettings } from '../hotspots/hotspot-settings';

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
   * How long the MySQL/MariaDB server may take to answer before it counts as unresponsive, ms: it
   * is probed (`SELECT 1`) every second, and while a probe gets no answer in this time every
   * request that has waited this long answers 503 with `Retry-After`, and nothing new is sent to
   * it until it answers again. Default 2000.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'DATABASE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(60_000)
  DATABASE_TIMEOUT_MS?: number = 2000;

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
   * Sockets one credential (screen token, session) may hold open at once on one instance; one
   * more is refused at the handshake with 429. Default 50 (a control room's walls); raise it for
   * a deployment that shares one screen token across more screens.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SOCKETS_PER_CREDENTIAL must be a whole number' })
  @Min(1)
  @Max(100_000)
  SOCKETS_PER_CREDENTIAL?: number = 50;

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

  /**
   * `on`: the simulator also injects one surge a simulated day (a township × category at about
   * four times its usual rate for 12 h), so a demo shows a hotspot. Default off.
   */
  @IsOptional()
  @IsIn(['on', 'off'])
  SIM_SURGE?: 'on' | 'off' = 'off';

  /**
   * Surge detection (预警, docs/hotspots.md): `HOTSPOTS` on|off (default on); checked with
   * HOTSPOT_WINDOW_HOURS, HOTSPOT_SCAN_HOURS, HOTSPOT_BASELINE_WEEKS, HOTSPOT_ALPHA and
   * HOTSPOT_MIN_COUNT by {@link hotspotSettings} at boot.
   */
  @IsOptional()
  @IsIn(['on', 'off'])
  HOTSPOTS?: 'on' | 'off';

  /** Days of history the demo backfills (through the ingest API) when the database is empty. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3650)
  DEMO_BACKFILL_DAYS?: number = 3;

  /**
   * `on` (default): ended periods are issued as assessments on start and each minute after their
   * freeze time; `off`: only on an admin's request (tests issue by hand).
   */
  @IsOptional()
  @IsIn(['on', 'off'])
  ASSESSMENTS_AUTO?: 'on' | 'off' = 'on';

  /**
   * Cases a day of the demo's older history: from the start of the previous month (or two weeks
   * back) up to the DEMO_BACKFILL_DAYS at full rate, so a fresh demo has issued weeks and a month
   * within its first minute. 0: no older history.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  DEMO_HISTORY_CASES_PER_DAY?: number = 400;

  /** Optional JSON file overriding the domain configuration (time limits, thresholds, weights). */
  @IsOptional()
  @IsString()
  DOMAIN_CONFIG_FILE?: string;

  /**
   * Which proxies in front of the server are trusted to report the client's address in
   * `X-Forwarded-For` (Express `trust proxy`): `off` (default: the TCP peer is the client), a number
   * of proxy hops (`1`: one nginx), or a comma-separated list of addresses, CIDRs and the names
   * `loopback`, `linklocal`, `uniquelocal`. Sign-in limits and the audit log use that address.
   */
  @IsOptional()
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && trustProxySetting(v) !== undefined,
      defaultMessage: () =>
        'TRUST_PROXY must be off, a number of hops (0–10), or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal',
    },
  })
  TRUST_PROXY?: string = 'off';

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
  // The hotspot settings stop the boot here, naming the variable, not when the module starts.
  hotspotSettings((key) => raw[key]);
  if (env.DEMO === undefined) env.DEMO = raw.NODE_ENV !== 'production';
  if (env.SIMULATOR === undefined) env.SIMULATOR = env.DEMO ? 'on' : 'off';
  if (raw.NODE_ENV === 'production' && !env.DEMO) refusePlaceholders(env);
  if (env.SIMULATOR === 'on' && !env.DEMO && !env.INGEST_KEYS?.trim()) {
    throw new Error(
      'Invalid environment:\n  SIMULATOR: on needs an ingest key to post with: set INGEST_KEYS (or DEMO=on)',
    );
  }
  return env;
}

/** Passwords and keys shipped as examples (.env.example, docker-compose.yml defaults). */
const PLACEHOLDER = /change-?me|^gridwall(-root)?$|^password$|^secret$/i;

/**
 * In production outside demo mode a secret left at its shipped example value stops the boot,
 * naming the variable: an ingest key containing "change-me", or a database password of the
 * examples.
 */
function refusePlaceholders(env: EnvVars): void {
  const problems: string[] = [];
  for (const key of (env.INGEST_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)) {
    if (PLACEHOLDER.test(key)) {
      problems.push('INGEST_KEYS: replace the example key with a real one (e.g. openssl rand -hex 32)');
      break;
    }
  }
  const url = env.DATABASE_URL ?? '';
  if (/^mysql:/i.test(url)) {
    let password = '';
    try {
      password = decodeURIComponent(new URL(url).password);
    } catch {
      password = '';
    }
    if (password && PLACEHOLDER.test(password)) {
      problems.push('DATABASE_URL: the database password is an example value; set MYSQL_PASSWORD / DATABASE_URL');
    }
  }
  if (problems.length > 0) throw new Error(`Invalid environment (NODE_ENV=production):\n  ${problems.join('\n  ')}`);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * The Express `trust proxy` value of a TRUST_PROXY text: false for off, a hop count, or the list
 * as given; undefined when the text is not valid. `true` (trust every hop) is refused: any
 * client could then choose its own address.
 */
export function trustProxySetting(text: string): false | number | string | undefined {
  const v = text.trim().toLowerCase();
  if (v === '' || v === 'off' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v) <= 10 ? Number(v) : undefined;
  const items = v.split(',').map((i) => i.trim());
  const valid = (item: string): boolean => {
    if (PROXY_NAMES.includes(item)) return true;
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr ?? '');
    if (!family || extra !== undefined) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return items.every(valid) ? items.join(',') : undefined;
}

/** The development ingest key accepted in demo mode (documented in the README). */
export const DEMO_INGEST_KEY = 'demo-ingest-key';
