import { BadRequestException, Injectable } from '@nestjs/common';
import {
  DAY_MS,
  periodEnd,
  periodStart,
  toCityIso,
  type RankHistoryPoint,
  type RankHistoryView,
  type RankingTier,
} from '@gridwall/shared';
import { CaseStoreService } from '../cases/case-store.service';
import { Clock } from '../common/clock';
import { DomainConfigService } from '../config/domain-config.service';
import { NP, periodVector, phaseAt } from './contribution';
import { LiveEngine } from './live-engine.service';
import { LiveQueries } from './live-queries.service';
import { rankUnits } from './ranking';
import { metricSet } from './views';

/** How long a computed history is served again, ms. */
const CACHE_MS = 60_000;
/** Most histories cached (one per tier, scope, unit and length asked). */
const CACHE_MAX = 200;

/**
 * A unit's weekly rank history (GET /api/rankings/history): its rank in its tier for each of the
 * last weeks, each week's cohort with figures as of now, like `change`. Read from the stored
 * states (the live window holds two weeks), cached for a minute.
 */
@Injectable()
export class RankHistoryService {
  private readonly cache = new Map<string, { view: RankHistoryView; until: number }>();

  constructor(
    private readonly engine: LiveEngine,
    private readonly queries: LiveQueries,
    private readonly store: CaseStoreService,
    private readonly clock: Clock,
    private readonly config: DomainConfigService,
  ) {}

  /** The last `weeks` weeks of `code`'s rank among the `tier` units of `scope` (this week last). */
  async rankHistory(tier: RankingTier, scope: string, code: string, weeks: number): Promise<RankHistoryView> {
    const key = `${tier}|${scope}|${code}|${weeks}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.view;
    const units = this.queries.rankingUnits(tier, scope);
    const unit = units.find((u) => u.code === code);
    if (!unit) throw new BadRequestException(`code: ${code} is not a ${tier} within ${scope}`);
    const config = this.config.current();
    const state = this.engine.state;
    const now = this.clock.now();
    const firstWeek = periodStart('week', now) - (weeks - 1) * 7 * DAY_MS;
    const states = await this.store.statesReportedBetween(firstWeek, now + 1);
    const keyOf = new Map(units.map((u) => [u.key, u]));
    const standing = new Map(units.map((u) => [u.code, state.figures(u.key, 'week', now).standing]));
    const out: RankHistoryPoint[] = [];
    for (let w = 0; w < weeks; w++) {
      const from = firstWeek + w * 7 * DAY_MS;
      const to = periodEnd('week', from);
      const sums = new Map<string, Float64Array>();
      for (const s of states) {
        if (s.reportedAt! < from || s.reportedAt! >= to) continue;
        const pv = periodVector(s, phaseAt(s, now, config.nearDueFraction));
        if (!pv) continue;
        for (const k of state.keysOf(s)) {
          const u = keyOf.get(k);
          if (!u) continue;
          const acc = sums.get(u.code) ?? new Float64Array(pv.length);
          for (let i = 0; i < pv.length; i++) acc[i] += pv[i];
          sums.set(u.code, acc);
        }
      }
      const inputs = units.map((u) => {
        const m = metricSet({ period: sums.get(u.code) ?? new Float64Array(NP), standing: standing.get(u.code)! });
        return { code: u.code, name: u.name, current: m, previous: m };
      });
      const rows = rankUnits(inputs, config, tier === 'department');
      const row = rows.find((r) => r.code === code)!;
      out.push({
        from: toCityIso(from),
        to: toCityIso(to),
        rank: row.rank,
        score: row.score,
        ranked: rows.filter((r) => r.rank !== null).length,
        flags: row.flags,
      });
    }
    const view = { tier, scope, code, name: unit.name, weeks: out };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { view, until: Date.now() + CACHE_MS });
    return view;
  }
}
