import { readFileSync } from 'node:fs';
import { CATEGORIES, DEFAULT_TIME_LIMIT_HOURS, HOUR_MS, ID_PATTERN, type Category } from '@gridwall/shared';

/** Score weights of domain.md §6 (they must sum to 1). */
export interface ScoreWeights {
  /** Weight of 办结率, 0–1. */
  resolutionRate: number;
  /** Weight of 按期办结率, 0–1. */
  onTimeRate: number;
  /** Weight of 就地办结率, 0–1. */
  localRate: number;
  /** Weight of 满意率, 0–1. */
  satisfactionRate: number;
}

/** The configurable parts of the domain (domain.md §3, §5, §6). */
export interface DomainConfig {
  /** Default time limit per category, in hours (0 < h ≤ {@link MAX_TIME_LIMIT_HOURS}). */
  timeLimitHours: Record<Category, number>;
  /** Near-due (临期, yellow) when remaining time ≤ this fraction of the handling window; 0 < f < 1. */
  nearDueFraction: number;
  /** Score weights. */
  weights: ScoreWeights;
  /** Cap of the overdue deduction (核减), in points; 0 < cap ≤ 100. */
  deductionCap: number;
  /** Units with fewer due cases in the period are not ranked (样本不足); a whole number ≥ 0. */
  minCases: number;
  /** Bonus points (核加) per unit code, each within ±{@link MAX_BONUS_POINTS}. */
  bonus: Record<string, number>;
}

/**
 * A change to the configuration: any subset of the fields. `timeLimitHours` and `weights` are
 * merged key by key over the configuration they change; `bonus` replaces the whole map.
 */
export interface DomainConfigPatch {
  timeLimitHours?: Partial<Record<Category, number>>;
  nearDueFraction?: number;
  weights?: Partial<ScoreWeights>;
  deductionCap?: number;
  minCases?: number;
  bonus?: Record<string, number>;
}

/** Longest configurable time limit: 10 years, in hours. */
export const MAX_TIME_LIMIT_HOURS = 10 * 365 * 24;
/** Largest bonus (or malus) per unit, in points of the 100-point score. */
export const MAX_BONUS_POINTS = 100;
/** Most units that may carry a bonus. */
export const MAX_BONUS_ENTRIES = 50_000;
/** Largest `minCases`. */
export const MAX_MIN_CASES = 1_000_000;

/** The fields of {@link DomainConfig}, in their canonical order. */
export const DOMAIN_CONFIG_FIELDS = [
  'timeLimitHours',
  'nearDueFraction',
  'weights',
  'deductionCap',
  'minCases',
  'bonus',
] as const satisfies readonly (keyof DomainConfig)[];

/** The keys of {@link ScoreWeights}, in their canonical order. */
export const WEIGHT_KEYS = [
  'resolutionRate',
  'onTimeRate',
  'localRate',
  'satisfactionRate',
] as const satisfies readonly (keyof ScoreWeights)[];

/** A configuration that breaks a rule; `message` is `<field>: <why>`. */
export class DomainConfigError extends Error {
  constructor(
    /** The offending field, e.g. `weights.localRate` or `bonus["410102"]`. */
    readonly field: string,
    /** Why it is refused. */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'DomainConfigError';
  }
}

/** The defaults of domain.md. */
export function defaultDomainConfig(): DomainConfig {
  return {
    timeLimitHours: { ...DEFAULT_TIME_LIMIT_HOURS },
    nearDueFraction: 0.2,
    weights: { resolutionRate: 0.3, onTimeRate: 0.3, localRate: 0.2, satisfactionRate: 0.2 },
    deductionCap: 10,
    minCases: 5,
    bonus: {},
  };
}

/** How a refused value reads in a message. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOf(value: unknown, field: string, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new DomainConfigError(field, `must be ${what}, got ${shown(value)}`);
  return value;
}

/** A finite number within [min, max] (exclusive where told). */
function numberIn(
  value: unknown,
  field: string,
  min: number,
  max: number,
  what: string,
  opts: { minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (opts.minExclusive ? value > min : value >= min) &&
    (opts.maxExclusive ? value < max : value <= max) &&
    (!opts.integer || Number.isInteger(value));
  if (!ok) throw new DomainConfigError(field, `must be ${what}, got ${shown(value)}`);
  return value;
}

function hours(value: unknown, field: string): number {
  return numberIn(
    value,
    field,
    0,
    MAX_TIME_LIMIT_HOURS,
    `a number of hours above 0 and at most ${MAX_TIME_LIMIT_HOURS} (10 years)`,
    { minExclusive: true },
  );
}

function weight(value: unknown, field: string): number {
  return numberIn(value, field, 0, 1, 'a number from 0 to 1');
}

/**
 * Takes the keys of `raw` (all of `keys` when there is no `base`) over `base`, checking each
 * with `check`; unknown keys are refused.
 */
function mapOver<K extends string>(
  raw: unknown,
  field: string,
  keys: readonly K[],
  base: Readonly<Record<K, number>> | undefined,
  what: string,
  check: (value: unknown, field: string) => number,
): Record<K, number> {
  const obj = objectOf(raw, field, what);
  for (const k of Object.keys(obj)) {
    if (!(keys as readonly string[]).includes(k))
      throw new DomainConfigError(`${field}.${k}`, `is not one of ${keys.join(', ')}`);
  }
  const out = {} as Record<K, number>;
  for (const k of keys) {
    if (Object.hasOwn(obj, k)) out[k] = check(obj[k], `${field}.${k}`);
    else if (base) out[k] = base[k];
    else throw new DomainConfigError(`${field}.${k}`, 'is required');
  }
  return out;
}

function bonusMap(raw: unknown): Record<string, number> {
  const obj = objectOf(raw, 'bonus', 'an object of points per unit code, e.g. {"410102": 2}');
  const codes = Object.keys(obj);
  if (codes.length > MAX_BONUS_ENTRIES)
    throw new DomainConfigError('bonus', `at most ${MAX_BONUS_ENTRIES} units, got ${codes.length}`);
  // No prototype: a unit code such as "constructor" or "__proto__" is just a key.
  const out = Object.create(null) as Record<string, number>;
  for (const code of codes) {
    const field = `bonus[${JSON.stringify(code)}]`;
    if (!ID_PATTERN.test(code)) throw new DomainConfigError(field, 'is not a unit code (1–64 of [A-Za-z0-9._:-])');
    out[code] = numberIn(
      obj[code],
      field,
      -MAX_BONUS_POINTS,
      MAX_BONUS_POINTS,
      `a number of points from -${MAX_BONUS_POINTS} to ${MAX_BONUS_POINTS}`,
    );
  }
  return out;
}

/**
 * The one validation of the domain configuration, for the admin API, the admin CLI and
 * `DOMAIN_CONFIG_FILE` alike. Without `base`, `raw` must be a whole configuration; with one,
 * `raw` is a {@link DomainConfigPatch} over it (`timeLimitHours` and `weights` merged key by key,
 * `bonus` replaced). Returns a new configuration sharing nothing with its inputs; throws a
 * {@link DomainConfigError} naming the first bad field.
 */
export function validateDomainConfig(raw: unknown, base?: Readonly<DomainConfig>): DomainConfig {
  const obj = objectOf(raw, 'configuration', 'a JSON object');
  for (const k of Object.keys(obj)) {
    if (!(DOMAIN_CONFIG_FIELDS as readonly string[]).includes(k))
      throw new DomainConfigError(k, `is not a configuration field (${DOMAIN_CONFIG_FIELDS.join(', ')})`);
  }
  const field = <K extends keyof DomainConfig>(k: K, check: (v: unknown) => DomainConfig[K]): DomainConfig[K] => {
    if (Object.hasOwn(obj, k)) return check(obj[k]);
    if (base) return check(base[k]);
    throw new DomainConfigError(k, 'is required');
  };
  const timeLimitHours = mapOver(
    nested('timeLimitHours'),
    'timeLimitHours',
    CATEGORIES,
    base?.timeLimitHours,
    'an object of hours per category',
    hours,
  );
  const weights = mapOver(nested('weights'), 'weights', WEIGHT_KEYS, base?.weights, 'an object of weights', weight);
  const sum = WEIGHT_KEYS.reduce((s, key) => s + weights[key], 0);
  if (Math.abs(sum - 1) > 1e-9)
    throw new DomainConfigError('weights', `the four weights must sum to 1, got ${Number(sum.toFixed(6))}`);
  return {
    timeLimitHours,
    nearDueFraction: field('nearDueFraction', (v) =>
      numberIn(v, 'nearDueFraction', 0, 1, 'a number between 0 and 1 (exclusive)', {
        minExclusive: true,
        maxExclusive: true,
      }),
    ),
    weights,
    deductionCap: field('deductionCap', (v) =>
      numberIn(v, 'deductionCap', 0, 100, 'a number of points above 0 and at most 100', { minExclusive: true }),
    ),
    minCases: field('minCases', (v) =>
      numberIn(v, 'minCases', 0, MAX_MIN_CASES, `a whole number from 0 to ${MAX_MIN_CASES}`, { integer: true }),
    ),
    bonus: field('bonus', bonusMap),
  };

  /** A nested map as given, or `{}` to take every key from `base` (an error when there is none). */
  function nested(name: 'timeLimitHours' | 'weights'): unknown {
    if (Object.hasOwn(obj, name)) return obj[name];
    if (base) return {};
    throw new DomainConfigError(name, 'is required');
  }
}

/**
 * The configuration of `DOMAIN_CONFIG_FILE`: a {@link DomainConfigPatch} over the defaults, or
 * the defaults alone. Throws an Error naming the variable, the file and the bad field.
 */
export function loadDomainConfig(file?: string): DomainConfig {
  if (!file) return defaultDomainConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`DOMAIN_CONFIG_FILE ${file}: cannot read it as JSON: ${(err as Error).message}`);
  }
  try {
    return validateDomainConfig(raw, defaultDomainConfig());
  } catch (err) {
    throw new Error(`DOMAIN_CONFIG_FILE ${file}: ${(err as Error).message}`);
  }
}

/** Time limit of a category in ms under a configuration. */
export function timeLimitMs(cfg: Readonly<DomainConfig>, category: Category): number {
  return cfg.timeLimitHours[category] * HOUR_MS;
}
