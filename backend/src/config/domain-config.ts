import { readFileSync } from 'node:fs';
import { CATEGORIES, DEFAULT_TIME_LIMIT_HOURS, HOUR_MS, type Category } from '@gridwall/shared';

/** Score weights of domain.md §6 (they must sum to 1). */
export interface ScoreWeights {
  resolutionRate: number;
  onTimeRate: number;
  localRate: number;
  satisfactionRate: number;
}

/** The configurable parts of the domain (domain.md §3, §5, §6). */
export interface DomainConfig {
  /** Default time limit per category, in hours. */
  timeLimitHours: Record<Category, number>;
  /** Near-due (临期, yellow) when remaining time ≤ this fraction of the handling window. */
  nearDueFraction: number;
  /** Score weights. */
  weights: ScoreWeights;
  /** Cap of the overdue deduction (核减), in points. */
  deductionCap: number;
  /** Units with fewer accepted cases in the period are not ranked (样本不足). */
  minCases: number;
  /** Bonus points (核加) per unit code. */
  bonus: Record<string, number>;
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

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Merges a partial configuration over the defaults and validates the result; throws an Error
 * naming the bad field.
 */
export function resolveDomainConfig(partial: Partial<DomainConfig> = {}): DomainConfig {
  const base = defaultDomainConfig();
  const cfg: DomainConfig = {
    ...base,
    ...partial,
    timeLimitHours: { ...base.timeLimitHours, ...(partial.timeLimitHours ?? {}) },
    weights: { ...base.weights, ...(partial.weights ?? {}) },
    bonus: { ...(partial.bonus ?? {}) },
  };
  for (const key of Object.keys(cfg.timeLimitHours)) {
    if (!(CATEGORIES as readonly string[]).includes(key)) throw new Error(`timeLimitHours.${key}: unknown category`);
    positive(cfg.timeLimitHours[key as Category], `timeLimitHours.${key}`);
  }
  if (!(cfg.nearDueFraction > 0 && cfg.nearDueFraction < 1)) {
    throw new Error(`nearDueFraction must lie in (0, 1), got ${cfg.nearDueFraction}`);
  }
  const w = cfg.weights;
  for (const [k, v] of Object.entries(w)) {
    if (typeof v !== 'number' || v < 0) throw new Error(`weights.${k} must be a number ≥ 0`);
  }
  const sum = w.resolutionRate + w.onTimeRate + w.localRate + w.satisfactionRate;
  if (Math.abs(sum - 1) > 1e-9) throw new Error(`weights must sum to 1, got ${sum}`);
  positive(cfg.deductionCap, 'deductionCap');
  if (!Number.isInteger(cfg.minCases) || cfg.minCases < 0) throw new Error('minCases must be an integer ≥ 0');
  return cfg;
}

/** Loads the configuration from a JSON file over the defaults, or the defaults alone. */
export function loadDomainConfig(file?: string): DomainConfig {
  if (!file) return resolveDomainConfig();
  const text = readFileSync(file, 'utf8');
  return resolveDomainConfig(JSON.parse(text) as Partial<DomainConfig>);
}

/** Time limit of a category in ms under a configuration. */
export function timeLimitMs(cfg: DomainConfig, category: Category): number {
  return cfg.timeLimitHours[category] * HOUR_MS;
}
