/**
 * A deliberately simple, independent recomputation of domain.md §4–§5 from raw events, used
 * only by tests to check the incremental engine and the fold. Every field is computed by its own
 * declarative rule over the sorted events, not by replaying the fold's state machine, and every
 * metric by filtering all cases, not by counters.
 */
import {
  EVENT_TYPES,
  HOUR_MS,
  periodRange,
  type AreaLevel,
  type Category,
  type MetricSet,
  type Period,
} from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';

const ORDER = [...EVENT_TYPES];

/** Reference view of a case. */
export interface RefCase {
  caseId: string;
  gridCode: string;
  category: Category;
  source: string;
  reportedAt: number;
  accepted: boolean;
  acceptedAt: number | null;
  deadline: number | null;
  lastDispatchAt: number | null;
  resolvedAt: number | null;
  resolvedLevel: string | null;
  closed: boolean;
  satisfaction: string | null;
  reworks: number;
  extended: boolean;
  joint: boolean;
  departmentCode: string | null;
}

const LEVELS = ['cell', 'village', 'township', 'district', 'city'];

function sortEvents(events: NormalizedEvent[]): NormalizedEvent[] {
  const unique = new Map<string, NormalizedEvent>();
  for (const e of events) if (!unique.has(e.eventId)) unique.set(e.eventId, e);
  return [...unique.values()].sort(
    (a, b) =>
      a.at - b.at ||
      ORDER.indexOf(a.type) - ORDER.indexOf(b.type) ||
      (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
}

/** The reference case of a list of events, or null when it has no `reported` event. */
export function referenceCase(
  events: NormalizedEvent[],
  levelOf: (code: string) => AreaLevel | undefined,
  limitMs: (c: Category) => number,
): RefCase | null {
  const ev = sortEvents(events);
  const report = ev.find((e) => e.type === 'reported');
  if (!report) return null;
  const idx = (e: NormalizedEvent) => ev.indexOf(e);
  const ofType = (t: string) => ev.filter((e) => e.type === t);
  const last = <T>(xs: T[]) => (xs.length ? xs[xs.length - 1] : undefined);
  const acceptedEv = ofType('accepted')[0];
  const rejected = ofType('rejected').length > 0;
  const lastDispatch = last(ofType('dispatched'));
  const lastDeadlineSetter = last(ev.filter((e) => e.type === 'dispatched' || e.type === 'extended'));
  const limit = limitMs(report.category!);
  let deadline: number | null = null;
  if (lastDeadlineSetter) deadline = lastDeadlineSetter.deadline ?? lastDeadlineSetter.at + limit;
  else if (acceptedEv) deadline = acceptedEv.at + limit;

  const handlerBefore = (pos: number): string => {
    const lvl = levelOf(report.gridCode!);
    let h = lvl && LEVELS.includes(lvl) ? lvl : 'cell';
    for (const e of ev.slice(0, pos + 1)) {
      if (e.type === 'dispatched' && e.handlerLevel) h = e.handlerLevel;
      if (e.type === 'escalated') h = e.toLevel!;
    }
    return h;
  };
  const lastReopen = last(ofType('reopened'));
  const after = lastReopen ? idx(lastReopen) : -1;
  const resolving = ev.find((e, i) => i > after && (e.type === 'resolved' || e.type === 'closed'));
  const lastClose = last(ofType('closed'));
  const closed = !!lastClose && idx(lastClose) > after;
  return {
    caseId: report.caseId,
    gridCode: report.gridCode!,
    category: report.category!,
    source: report.source!,
    reportedAt: report.at,
    accepted: !!acceptedEv && !rejected,
    acceptedAt: acceptedEv?.at ?? null,
    deadline,
    lastDispatchAt: lastDispatch?.at ?? null,
    resolvedAt: resolving?.at ?? null,
    resolvedLevel: resolving ? handlerBefore(idx(resolving)) : null,
    closed,
    satisfaction: closed ? (lastClose!.satisfaction ?? null) : null,
    reworks: ofType('reopened').length,
    extended: ofType('extended').length > 0,
    joint: ofType('escalated').some((e) => e.jointMeeting === true),
    departmentCode: lastDispatch?.departmentCode ?? null,
  };
}

const r = (n: number, d: number) => ({ value: d === 0 ? null : n / d, numerator: n, denominator: d });

/**
 * Every §5 metric for the cases in scope (`inScope` decides) and a period at T, by filtering.
 */
export function referenceMetrics(
  cases: RefCase[],
  inScope: (c: RefCase) => boolean,
  period: Period,
  t: number,
  nearDueFraction: number,
  category?: Category,
  /** A time inside the period whose cohort is counted (default T: the current period). */
  cohortAt = t,
): MetricSet {
  const { from, to } = periodRange(period, cohortAt);
  const all = cases.filter((c) => inScope(c) && (!category || c.category === category));
  const rep = all.filter((c) => c.reportedAt >= from && c.reportedAt < to);
  const acc = rep.filter((c) => c.accepted);
  const res = acc.filter((c) => c.resolvedAt !== null);
  const open = all.filter((c) => c.accepted && c.resolvedAt === null);
  const overdue = (c: RefCase) => c.deadline !== null && c.deadline < t;
  const nearDue = (c: RefCase) =>
    c.deadline !== null &&
    t <= c.deadline &&
    c.deadline - t <= nearDueFraction * (c.deadline - (c.lastDispatchAt ?? c.acceptedAt!));
  const due = acc.filter((c) => c.resolvedAt !== null || overdue(c));
  const onTime = res.filter((c) => c.deadline !== null && c.resolvedAt! <= c.deadline);
  const local = res.filter((c) => ['cell', 'village', 'township'].includes(c.resolvedLevel!));
  const grid = res.filter((c) => ['cell', 'village'].includes(c.resolvedLevel!));
  const rework = res.filter((c) => c.reworks > 0);
  const satDen = acc.filter((c) => c.closed && c.satisfaction !== null);
  const satNum = satDen.filter((c) => c.satisfaction === 'satisfied' || c.satisfaction === 'basic');
  const handleMs = res.reduce((a, c) => a + (c.resolvedAt! - c.acceptedAt!), 0);
  return {
    reported: rep.length,
    accepted: acc.length,
    resolved: res.length,
    due: due.length,
    onTime: onTime.length,
    extended: acc.filter((c) => c.extended).length,
    openNow: open.length,
    overdueNow: open.filter(overdue).length,
    nearDueNow: open.filter(nearDue).length,
    jointMeetingNow: open.filter((c) => c.joint).length,
    resolutionRate: r(res.length, acc.length),
    closeRate: r(res.length, due.length),
    onTimeRate: r(onTime.length, due.length),
    localRate: r(local.length, res.length),
    gridRate: r(grid.length, res.length),
    reworkRate: r(rework.length, res.length),
    satisfactionRate: r(satNum.length, satDen.length),
    patrolShare: r(rep.filter((c) => c.source === 'patrol').length, rep.length),
    extendedRate: r(acc.filter((c) => c.extended).length, acc.length),
    avgHandleHours: {
      value: res.length === 0 ? null : handleMs / res.length / HOUR_MS,
      total: handleMs / HOUR_MS,
      count: res.length,
    },
  };
}

/** Reference ranking row (the fields the tests compare). */
export interface RefRankingRow {
  rank: number | null;
  code: string;
  score: number | null;
  flags: string[];
  change: number | null;
  group?: string;
}

/** Reference configuration of a ranking: weights per rate key, cap, minCases, bonus, groups. */
export interface RefRankingConfig {
  weights: Record<string, number>;
  deductionCap: number;
  minCases: number;
  bonus: Record<string, number>;
  /** The tier's groups, in order (empty or absent: one list). */
  groups?: { key: string; codes?: string[]; nameEndsWith?: string[] }[];
}

/**
 * The §6 ranking recomputed plainly: score each unit from its reference metrics, rank by
 * counting strictly better scores within its list (its group, or the whole tier), order ties by
 * 结案率, accepted, code. `before` gives the previous period's figures (ranked the same way), or
 * `previousRanks` the previous issued ranks.
 */
export function referenceRanking(
  units: { code: string; name?: string; now: MetricSet; before?: MetricSet }[],
  cfg: RefRankingConfig,
  department: boolean,
  previousRanks?: Map<string, number | null>,
): RefRankingRow[] {
  const score = (m: MetricSet, code: string): number | null => {
    if (m.due < cfg.minCases) return null;
    let totalWeight = 0;
    let sum = 0;
    for (const [key, w] of Object.entries(cfg.weights)) {
      if (w <= 0) continue;
      let v: number | null;
      if (key === 'localRate' && department) v = m.reworkRate.value === null ? null : 1 - m.reworkRate.value;
      else if (key === 'reworkRate' || key === 'extendedRate') {
        const x = (m as unknown as Record<string, { value: number | null }>)[key].value;
        v = x === null ? null : 1 - x;
      } else v = (m as unknown as Record<string, { value: number | null }>)[key].value;
      if (v === null) continue;
      totalWeight += w;
      sum += w * v;
    }
    if (totalWeight === 0) return null;
    const deduction = Math.min(cfg.deductionCap, (100 * m.overdueNow) / Math.max(1, m.accepted));
    return Math.round(((100 * sum) / totalWeight - deduction + (cfg.bonus[code] ?? 0)) * 100) / 100;
  };
  const groupOf = (u: { code: string; name?: string }): string | undefined => {
    if (!cfg.groups || cfg.groups.length === 0) return undefined;
    const g = cfg.groups.find(
      (x) => x.codes?.includes(u.code) || x.nameEndsWith?.some((e) => (u.name ?? '').endsWith(e)),
    );
    return g ? g.key : 'other';
  };
  const rankIn = (scores: Map<string, number | null>, code: string, peers: string[]): number | null => {
    const s = scores.get(code);
    if (s === null || s === undefined) return null;
    return 1 + peers.filter((p) => scores.get(p) !== null && scores.get(p) !== undefined && scores.get(p)! > s).length;
  };
  const nowScores = new Map(units.map((u) => [u.code, score(u.now, u.code)]));
  const beforeScores = new Map(units.filter((u) => u.before).map((u) => [u.code, score(u.before!, u.code)]));
  const peersOf = (u: { code: string; name?: string }) =>
    units.filter((x) => groupOf(x) === groupOf(u)).map((x) => x.code);
  const rows = units.map((u) => {
    const peers = peersOf(u);
    const rank = rankIn(nowScores, u.code, peers);
    const prev = previousRanks ? (previousRanks.get(u.code) ?? null) : rankIn(beforeScores, u.code, peers);
    return {
      rank,
      code: u.code,
      score: nowScores.get(u.code)!,
      change: rank !== null && prev !== null ? prev - rank : null,
      flags: [] as string[],
      group: groupOf(u),
      u,
    };
  });
  for (const r of rows) {
    const lowest = Math.max(0, ...rows.filter((x) => x.group === r.group).map((x) => x.rank ?? 0));
    if (r.score !== null && r.score < 60) r.flags.push('red');
    if (r.score !== null && r.score >= 60 && r.score < 80) r.flags.push('yellow');
    if (r.rank !== null && r.rank === lowest) r.flags.push('last');
  }
  const groupOrder = [...(cfg.groups ?? []).map((g) => g.key), 'other'];
  const byGroup = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    a.group === undefined ? 0 : groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group!);
  const sorted = [...rows].sort(
    (a, b) =>
      byGroup(a, b) ||
      (a.rank === null ? 1 : 0) - (b.rank === null ? 1 : 0) ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      (a.rank === null ? 0 : (b.u.now.closeRate.value ?? -1) - (a.u.now.closeRate.value ?? -1)) ||
      (a.rank === null ? 0 : b.u.now.accepted - a.u.now.accepted) ||
      (a.code < b.code ? -1 : 1),
  );
  return sorted.map(({ rank, code, score, flags, change, group }) =>
    group === undefined ? { rank, code, score, flags, change } : { rank, code, score, flags, change, group },
  );
}
