import { readFileSync } from 'node:fs';
import {
  CATEGORIES,
  DEFAULT_TIME_LIMIT_HOURS,
  HOUR_MS,
  ID_PATTERN,
  RANKING_TIERS,
  RATE_METRICS,
  type Category,
  type RankingTier,
  type RateMetric,
} from '@gridwall/shared';

/**
 * Score weights of domain.md §6, one per §5 rate (they must sum to 1; 0 leaves a rate out).
 * `reworkRate` and `extendedRate` are scored as 1 − rate (fewer is better).
 */
export type ScoreWeights = Record<RateMetric, number>;

/**
 * A ranking group (分组考核) of a tier: units listed by code, or matched by how their name ends
 * (街道, 镇, 乡). A unit belongs to the first group that lists or matches it; a unit in no group
 * is ranked in the group `other` (其他).
 */
export interface RankingGroupConfig {
  /** Key used in `group=` and on rows: 1–32 of [a-z0-9_-]; not `other` or `all`. */
  key: string;
  /** Heading, e.g. 城区组 (1–32 characters). */
  name: string;
  /** Unit codes of the group. */
  codes?: string[];
  /** Name endings that put a unit in the group (each 1–16 characters). */
  nameEndsWith?: string[];
}

/** Ranking groups per tier; a tier absent (or with no groups) is ranked as one list. */
export type RankingGroups = Partial<Record<RankingTier, RankingGroupConfig[]>>;

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
  /** Ranking groups (分组考核) per tier (domain.md §6). */
  rankingGroups: RankingGroups;
  /** An ended period is issued this many minutes after its end (domain.md §8); 0–10080. */
  assessmentGraceMinutes: number;
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
  /** Tiers given replace that tier's groups (`[]` removes them); tiers not given are kept. */
  rankingGroups?: RankingGroups;
  assessmentGraceMinutes?: number;
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
  'rankingGroups',
  'assessmentGraceMinutes',
] as const satisfies readonly (keyof DomainConfig)[];

/** The keys of {@link ScoreWeights}, in their canonical order: every §5 rate. */
export const WEIGHT_KEYS = RATE_METRICS;
/** Longest grace before an ended period is issued: a week, in minutes. */
export const MAX_GRACE_MINUTES = 7 * 24 * 60;
/** Most groups per tier, codes per group and name endings per group. */
export const MAX_GROUPS = 20;
export const MAX_GROUP_CODES = 50_000;
export const MAX_GROUP_ENDINGS = 10;
const GROUP_KEY = /^[a-z0-9_-]{1,32}$/;
/** Group keys with a meaning of their own. */
const RESERVED_GROUP_KEYS = new Set(['other', 'all']);

/** Zhengzhou's default groups (domain.md §6): districts by kind, townships by their name. */
export function defaultRankingGroups(): RankingGroups {
  return {
    district: [
      { key: 'urban', name: '城区组', codes: ['410102', '410103', '410104', '410105', '410106', '410108'] },
      { key: 'county', name: '县（市）组', codes: ['410122', '410181', '410182', '410183', '410184', '410185'] },
      { key: 'zone', name: '开发区组', codes: ['410171', '410172', '410173'] },
    ],
    township: [
      { key: 'subdistrict', name: '街道组', nameEndsWith: ['街道'] },
      { key: 'town', name: '乡镇组', nameEndsWith: ['镇', '乡'] },
    ],
  };
}

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
    weights: {
      ...zeroWeights(),
      closeRate: 0.3,
      onTimeRate: 0.3,
      localRate: 0.2,
      satisfactionRate: 0.2,
    },
    deductionCap: 10,
    minCases: 5,
    bonus: {},
    rankingGroups: defaultRankingGroups(),
    assessmentGraceMinutes: 120,
  };
}

function zeroWeights(): ScoreWeights {
  return Object.fromEntries(WEIGHT_KEYS.map((k) => [k, 0])) as ScoreWeights;
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

function textIn(value: unknown, field: string, max: number, what: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max)
    throw new DomainConfigError(field, `must be ${what} (1–${max} characters), got ${shown(value)}`);
  return value;
}

function listOf(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new DomainConfigError(field, `must be a list, got ${shown(value)}`);
  if (value.length > max) throw new DomainConfigError(field, `at most ${max} entries, got ${value.length}`);
  return value;
}

/** Validates ranking groups; tiers given replace the tiers of `base`. */
function rankingGroupsOver(raw: unknown, base: Readonly<RankingGroups>): RankingGroups {
  const obj = objectOf(raw, 'rankingGroups', 'an object of groups per tier');
  const out: RankingGroups = {};
  for (const tier of RANKING_TIERS) if (base[tier]) out[tier] = base[tier]!.map((g) => ({ ...g }));
  for (const tier of Object.keys(obj)) {
    if (!(RANKING_TIERS as readonly string[]).includes(tier))
      throw new DomainConfigError(`rankingGroups.${tier}`, `is not a ranking tier (${RANKING_TIERS.join(', ')})`);
    const groups = listOf(obj[tier], `rankingGroups.${tier}`, MAX_GROUPS);
    const keys = new Set<string>();
    const parsed = groups.map((g, i): RankingGroupConfig => {
      const field = `rankingGroups.${tier}[${i}]`;
      const o = objectOf(g, field, 'a group {key, name, codes?, nameEndsWith?}');
      for (const k of Object.keys(o)) {
        if (!['key', 'name', 'codes', 'nameEndsWith'].includes(k))
          throw new DomainConfigError(`${field}.${k}`, 'is not one of key, name, codes, nameEndsWith');
      }
      if (typeof o.key !== 'string' || !GROUP_KEY.test(o.key))
        throw new DomainConfigError(`${field}.key`, `must be 1–32 of [a-z0-9_-], got ${shown(o.key)}`);
      if (RESERVED_GROUP_KEYS.has(o.key))
        throw new DomainConfigError(`${field}.key`, `"${o.key}" is reserved (units in no group form "other")`);
      if (keys.has(o.key)) throw new DomainConfigError(`${field}.key`, `"${o.key}" is used twice`);
      keys.add(o.key);
      const group: RankingGroupConfig = { key: o.key, name: textIn(o.name, `${field}.name`, 32, 'a heading') };
      if (o.codes !== undefined) {
        group.codes = listOf(o.codes, `${field}.codes`, MAX_GROUP_CODES).map((c, j) => {
          if (typeof c !== 'string' || !ID_PATTERN.test(c))
            throw new DomainConfigError(`${field}.codes[${j}]`, `is not a unit code, got ${shown(c)}`);
          return c;
        });
      }
      if (o.nameEndsWith !== undefined) {
        group.nameEndsWith = listOf(o.nameEndsWith, `${field}.nameEndsWith`, MAX_GROUP_ENDINGS).map((e, j) =>
          textIn(e, `${field}.nameEndsWith[${j}]`, 16, 'a name ending'),
        );
      }
      if (!group.codes?.length && !group.nameEndsWith?.length)
        throw new DomainConfigError(field, 'needs codes or nameEndsWith');
      return group;
    });
    if (parsed.length === 0) delete out[tier as RankingTier];
    else out[tier as RankingTier] = parsed;
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
  // A whole configuration may leave rates out (weight 0): v1 configurations named four rates.
  const weights = mapOver(
    nested('weights'),
    'weights',
    WEIGHT_KEYS,
    base?.weights ?? zeroWeights(),
    'an object of weights per rate',
    weight,
  );
  const sum = WEIGHT_KEYS.reduce((s, key) => s + weights[key], 0);
  if (Math.abs(sum - 1) > 1e-9)
    throw new DomainConfigError('weights', `the weights must sum to 1, got ${Number(sum.toFixed(6))}`);
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
    // Absent from a whole (v1) configuration: the defaults.
    rankingGroups: Object.hasOwn(obj, 'rankingGroups')
      ? rankingGroupsOver(obj.rankingGroups, base?.rankingGroups ?? {})
      : rankingGroupsOver(base?.rankingGroups ?? defaultRankingGroups(), {}),
    assessmentGraceMinutes:
      Object.hasOwn(obj, 'assessmentGraceMinutes') || base
        ? field('assessmentGraceMinutes', (v) =>
            numberIn(
              v,
              'assessmentGraceMinutes',
              0,
              MAX_GRACE_MINUTES,
              `a whole number of minutes from 0 to ${MAX_GRACE_MINUTES}`,
              {
                integer: true,
              },
            ),
          )
        : 120,
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
