import {
  ALL_GROUPS,
  OTHER_GROUP,
  type MetricSet,
  type Rate,
  type RankingFlag,
  type RankingGroupInfo,
  type RankingRow,
  type RateMetric,
  type ScoreBreakdown,
  type ScorePart,
} from '@gridwall/shared';
import { WEIGHT_KEYS, type DomainConfig, type RankingGroupConfig } from '../config/domain-config';

/** One unit to rank, with its figures now and (for live rankings) in the previous period. */
export interface RankingInput {
  code: string;
  name: string;
  current: MetricSet;
  /** Figures of the previous period, ranked the same way for `change` when no `previousRanks` are given. */
  previous?: MetricSet;
}

/** How a tier is split into groups for one ranking. */
export interface RankingGrouping {
  /** The configured groups of the tier (empty: one list). */
  groups: readonly RankingGroupConfig[];
  /** `group=` of the request: one group's key, `all` (one list as if ungrouped), or undefined (every group). */
  only?: string;
}

/** Options of {@link rankUnits}. */
export interface RankOptions {
  department: boolean;
  grouping?: RankingGrouping;
  /**
   * Ranks of the previous period (an issued assessment's), compared like with like: the rank a
   * unit held in the same grouping (its group, or the whole tier for `group=all`).
   */
  previousRanks?: ReadonlyMap<string, number | null>;
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

/** Rates where fewer is better: scored as 1 − rate. */
const INVERTED: ReadonlySet<RateMetric> = new Set(['reworkRate', 'extendedRate']);

/** The value a rate is scored on. */
function scoredValue(m: MetricSet, key: RateMetric, department: boolean): number | null {
  if (key === 'localRate') return localPart(m, department).value;
  const v = m[key].value;
  return v === null ? null : INVERTED.has(key) ? 1 - v : v;
}

/**
 * The §6 score of a unit taken apart: each weighted rate with its weight, the weight after null
 * rates left the sum, and the points it gave; the deduction and the bonus. `score` is null when
 * the unit is not ranked (fewer than `minCases` due cases, or no weighted rate to score on).
 */
export function scoreBreakdown(
  m: MetricSet,
  code: string,
  cfg: Readonly<DomainConfig>,
  department: boolean,
): ScoreBreakdown {
  const weighted = WEIGHT_KEYS.filter((k) => cfg.weights[k] > 0);
  const values = weighted.map((k) => scoredValue(m, k, department));
  const present = weighted.reduce((w, k, i) => (values[i] === null ? w : w + cfg.weights[k]), 0);
  const parts: ScorePart[] = weighted.map((metric, i) => {
    const value = values[i];
    const effectiveWeight = value === null || present === 0 ? 0 : cfg.weights[metric] / present;
    return {
      metric,
      weight: cfg.weights[metric],
      effectiveWeight,
      value,
      points: 100 * effectiveWeight * (value ?? 0),
    };
  });
  const deduction = Math.min(cfg.deductionCap, (100 * m.overdueNow) / Math.max(1, m.accepted));
  const bonus = cfg.bonus[code] ?? 0;
  const ranked = m.due >= cfg.minCases && present > 0;
  const sum = parts.reduce((a, p) => a + cfg.weights[p.metric] * (p.value ?? 0), 0);
  return {
    parts,
    deduction,
    deductionCap: cfg.deductionCap,
    bonus,
    score: ranked ? round2((100 * sum) / present - deduction + bonus) : null,
    due: m.due,
    minCases: cfg.minCases,
  };
}

/**
 * The §6 score of a unit, or null when it is not ranked (fewer than `minCases` due cases, or no
 * weighted rate to score on).
 */
export function scoreOf(m: MetricSet, code: string, cfg: Readonly<DomainConfig>, department: boolean): number | null {
  return scoreBreakdown(m, code, cfg, department).score;
}

/** The group of a unit: the first group listing its code or matching its name's ending, else `other`. */
export function groupOf(groups: readonly RankingGroupConfig[], unit: { code: string; name: string }): string {
  for (const g of groups) {
    if (g.codes?.includes(unit.code)) return g.key;
    if (g.nameEndsWith?.some((e) => unit.name.endsWith(e))) return g.key;
  }
  return OTHER_GROUP.key;
}

/** The headings of a tier's groups, in configured order, `other` last when some unit falls in it. */
export function groupInfos(groups: readonly RankingGroupConfig[], keysInUse: Iterable<string>): RankingGroupInfo[] {
  const used = new Set(keysInUse);
  const out: RankingGroupInfo[] = groups.filter((g) => used.has(g.key)).map((g) => ({ key: g.key, name: g.name }));
  if (used.has(OTHER_GROUP.key)) out.push({ ...OTHER_GROUP });
  return out;
}

interface Scored {
  code: string;
  m: MetricSet;
  score: number | null;
}

function order(a: Scored, b: Scored): number {
  if (a.score !== b.score) return (b.score ?? -Infinity) - (a.score ?? -Infinity);
  const ra = a.m.closeRate.value ?? -1;
  const rb = b.m.closeRate.value ?? -1;
  if (ra !== rb) return rb - ra;
  if (a.m.accepted !== b.m.accepted) return b.m.accepted - a.m.accepted;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Competition ranks (1, 2, 2, 4) of the ranked units of one list, by code. */
function ranks(scored: Scored[]): Map<string, number> {
  const ranked = scored.filter((s) => s.score !== null).sort(order);
  const out = new Map<string, number>();
  ranked.forEach((s, i) => {
    const prev = ranked[i - 1];
    out.set(s.code, prev && prev.score === s.score ? out.get(prev.code)! : i + 1);
  });
  return out;
}

/** Ranks per list: the key of the list a unit is ranked in → (code → rank). */
function ranksByList(scored: Scored[], listOf: (code: string) => string): Map<string, number> {
  const lists = new Map<string, Scored[]>();
  for (const s of scored) {
    const key = listOf(s.code);
    let l = lists.get(key);
    if (!l) lists.set(key, (l = []));
    l.push(s);
  }
  const out = new Map<string, number>();
  for (const l of lists.values()) for (const [code, r] of ranks(l)) out.set(code, r);
  return out;
}

/** A ranking: its rows (group by group when grouped) and the groups' headings. */
export interface RankedUnits {
  rows: RankingRow[];
  /** Present when the rows are ranked in groups. */
  groups?: RankingGroupInfo[];
}

/**
 * Ranks units by domain.md §6: score out of 100, equal scores share a rank, ties listed by
 * 结案率, accepted cases and code; unranked units (样本不足) after the ranked ones of their list;
 * red/yellow cards by score, 末位 on every unit holding the lowest rank of its list. With groups
 * (分组考核), each group is a list of its own (ranks, 末位 and `change` per group); `group=all`
 * ranks the whole tier as one list; `group=KEY` returns one group. `change` compares with the
 * previous period's rank in the same kind of list.
 */
export function rankUnits(units: RankingInput[], cfg: Readonly<DomainConfig>, opts: RankOptions): RankedUnits {
  const { department, grouping } = opts;
  const grouped = !!grouping && grouping.groups.length > 0 && grouping.only !== ALL_GROUPS;
  const group = new Map(units.map((u) => [u.code, grouped ? groupOf(grouping!.groups, u) : '']));
  const listOf = (code: string) => group.get(code)!;
  const now: Scored[] = units.map((u) => ({
    code: u.code,
    m: u.current,
    score: scoreOf(u.current, u.code, cfg, department),
  }));
  const rankNow = ranksByList(now, listOf);
  let rankBefore: ReadonlyMap<string, number | null>;
  if (opts.previousRanks) rankBefore = opts.previousRanks;
  else {
    const before: Scored[] = units
      .filter((u) => u.previous)
      .map((u) => ({ code: u.code, m: u.previous!, score: scoreOf(u.previous!, u.code, cfg, department) }));
    rankBefore = ranksByList(before, listOf);
  }
  const lowest = new Map<string, number>();
  for (const [code, r] of rankNow) lowest.set(listOf(code), Math.max(lowest.get(listOf(code)) ?? 0, r));
  const nameOf = new Map(units.map((u) => [u.code, u.name]));
  const toRow = ({ code, m, score }: Scored): RankingRow => {
    const rank = rankNow.get(code) ?? null;
    const flags: RankingFlag[] = [];
    if (score !== null && score < 60) flags.push('red');
    if (score !== null && score >= 60 && score < 80) flags.push('yellow');
    if (rank !== null && rank === lowest.get(listOf(code))) flags.push('last');
    const prev = rankBefore.get(code);
    const row: RankingRow = {
      rank,
      code,
      name: nameOf.get(code)!,
      score,
      closeRate: m.closeRate,
      resolutionRate: m.resolutionRate,
      onTimeRate: m.onTimeRate,
      localRate: localPart(m, department),
      satisfactionRate: m.satisfactionRate,
      accepted: m.accepted,
      due: m.due,
      overdueNow: m.overdueNow,
      flags,
      change: rank !== null && prev !== undefined && prev !== null ? prev - rank : null,
    };
    if (grouped) row.group = listOf(code);
    return row;
  };
  const listRows = (members: Scored[]): RankingRow[] => [
    ...members
      .filter((s) => s.score !== null)
      .sort(order)
      .map(toRow),
    ...members
      .filter((s) => s.score === null)
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map(toRow),
  ];
  if (!grouped) return { rows: listRows(now) };
  const infos = groupInfos(grouping!.groups, group.values());
  const shown = grouping!.only === undefined ? infos : infos.filter((g) => g.key === grouping!.only);
  return {
    groups: shown,
    rows: shown.flatMap((g) => listRows(now.filter((s) => listOf(s.code) === g.key))),
  };
}

/** Why a `group=` does not fit a tier under a configuration, or null when it does. */
export function groupError(cfg: Readonly<DomainConfig>, tier: string, group: string | undefined): string | null {
  if (group === undefined || group === ALL_GROUPS) return null;
  const groups = cfg.rankingGroups[tier as keyof DomainConfig['rankingGroups']] ?? [];
  if (groups.length === 0) return `group: the ${tier} tier has no groups (use all or leave it out)`;
  const keys = [...groups.map((g) => g.key), OTHER_GROUP.key];
  if (!keys.includes(group)) return `group: must be one of ${keys.join(', ')} or all, got ${JSON.stringify(group)}`;
  return null;
}
