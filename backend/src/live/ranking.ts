import type { MetricSet, Rate, RankingFlag, RankingRow } from '@gridwall/shared';
import type { DomainConfig } from '../config/domain-config';

/** One unit to rank, with its figures now and in the previous period. */
export interface RankingInput {
  code: string;
  name: string;
  current: MetricSet;
  previous: MetricSet;
}

/** Rounds a score to 0.01, as domain.md §6 requires before ranking. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The rate a unit is scored on in place of `localRate`: departments use 1 − reworkRate. */
function localPart(m: MetricSet, department: boolean): Rate {
  if (!department) return m.localRate;
  const r = m.reworkRate;
  return {
    value: r.value === null ? null : 1 - r.value,
    numerator: r.denominator - r.numerator,
    denominator: r.denominator,
  };
}

/**
 * The §6 score of a unit, or null when it is not ranked (fewer than `minCases` accepted cases,
 * or no rate to score on).
 */
export function scoreOf(m: MetricSet, code: string, cfg: DomainConfig, department: boolean): number | null {
  if (m.accepted < cfg.minCases) return null;
  const parts: [number, number | null][] = [
    [cfg.weights.resolutionRate, m.resolutionRate.value],
    [cfg.weights.onTimeRate, m.onTimeRate.value],
    [cfg.weights.localRate, localPart(m, department).value],
    [cfg.weights.satisfactionRate, m.satisfactionRate.value],
  ];
  let weight = 0;
  let sum = 0;
  for (const [w, v] of parts) {
    if (v === null) continue;
    weight += w;
    sum += w * v;
  }
  if (weight === 0) return null;
  const deduction = Math.min(cfg.deductionCap, (100 * m.overdueNow) / Math.max(1, m.accepted));
  return round2((100 * sum) / weight - deduction + (cfg.bonus[code] ?? 0));
}

interface Scored {
  input: RankingInput;
  score: number | null;
}

function order(a: Scored, b: Scored): number {
  if (a.score !== b.score) return (b.score ?? -Infinity) - (a.score ?? -Infinity);
  const ra = a.input.current.resolutionRate.value ?? -1;
  const rb = b.input.current.resolutionRate.value ?? -1;
  if (ra !== rb) return rb - ra;
  if (a.input.current.accepted !== b.input.current.accepted) return b.input.current.accepted - a.input.current.accepted;
  return a.input.code < b.input.code ? -1 : a.input.code > b.input.code ? 1 : 0;
}

/** Competition ranks (1, 2, 2, 4) of the ranked units, by code. */
function ranks(scored: Scored[]): Map<string, number> {
  const ranked = scored.filter((s) => s.score !== null).sort(order);
  const out = new Map<string, number>();
  ranked.forEach((s, i) => {
    const prev = ranked[i - 1];
    out.set(s.input.code, prev && prev.score === s.score ? out.get(prev.input.code)! : i + 1);
  });
  return out;
}

/**
 * Ranks units by domain.md §6: score out of 100, equal scores share a rank, ties listed by
 * resolution rate, accepted cases and code; unranked units (样本不足) after them; red/yellow cards,
 * 末位 on every unit holding the lowest rank; `change` against the previous period.
 */
export function rankUnits(units: RankingInput[], cfg: DomainConfig, department: boolean): RankingRow[] {
  const now: Scored[] = units.map((u) => ({ input: u, score: scoreOf(u.current, u.code, cfg, department) }));
  const before: Scored[] = units.map((u) => ({
    input: { ...u, current: u.previous },
    score: scoreOf(u.previous, u.code, cfg, department),
  }));
  const rankNow = ranks(now);
  const rankBefore = ranks(before);
  const lowest = Math.max(0, ...rankNow.values());
  const rows = [...now].sort(order).map(({ input, score }): RankingRow => {
    const rank = rankNow.get(input.code) ?? null;
    const flags: RankingFlag[] = [];
    if (score !== null && score < 60) flags.push('red');
    if (score !== null && score >= 60 && score < 80) flags.push('yellow');
    if (rank !== null && rank === lowest) flags.push('last');
    const prev = rankBefore.get(input.code);
    const m = input.current;
    return {
      rank,
      code: input.code,
      name: input.name,
      score,
      resolutionRate: m.resolutionRate,
      onTimeRate: m.onTimeRate,
      localRate: localPart(m, department),
      satisfactionRate: m.satisfactionRate,
      accepted: m.accepted,
      overdueNow: m.overdueNow,
      flags,
      change: rank !== null && prev !== undefined ? prev - rank : null,
    };
  });
  // Ranked rows first (already in order), then the unranked, by code.
  return [
    ...rows.filter((r) => r.rank !== null),
    ...rows.filter((r) => r.rank === null).sort((a, b) => (a.code < b.code ? -1 : 1)),
  ];
}
