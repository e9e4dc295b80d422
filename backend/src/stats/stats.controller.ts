import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import {
  PERIODS,
  RANKING_TIERS,
  parseIsoWithOffset,
  type CategoryStats,
  type RankHistoryView,
  type RankingTier,
  type RankingView,
  type OverdueView,
  type Period,
  type StatsView,
  type TrendView,
} from '@gridwall/shared';
import { LiveService } from '../live/live.service';

function parsePeriod(value: string | undefined): Period {
  const p = value ?? 'day';
  if (!(PERIODS as readonly string[]).includes(p)) {
    throw new BadRequestException(`period: must be one of ${PERIODS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return p as Period;
}

function parseTime(value: string | undefined, field: string): number {
  const t = value === undefined ? null : parseIsoWithOffset(value);
  if (t === null) {
    throw new BadRequestException(
      `${field}: must be an ISO-8601 time with offset (e.g. 2026-11-21T00:00:00+08:00), got ${JSON.stringify(value)}`,
    );
  }
  return t;
}

function requireScope(scope: string | undefined): string {
  if (!scope) throw new BadRequestException('scope: is required (an area code, e.g. 410100)');
  return scope;
}

/** Read API of api.md §2, answered from the live state (the same figures the sockets carry). */
@Controller('api')
export class StatsController {
  constructor(private readonly live: LiveService) {}

  @Get('stats')
  stats(@Query('scope') scope?: string, @Query('period') period?: string): StatsView {
    return this.live.stats(requireScope(scope), parsePeriod(period));
  }

  @Get('stats/categories')
  categories(@Query('scope') scope?: string, @Query('period') period?: string): CategoryStats[] {
    return this.live.categories(requireScope(scope), parsePeriod(period));
  }

  /**
   * `granularity=hour|day&from=&to=` as api.md §2 has it, or `period=` for the current period
   * (hours of today, days of longer periods: what the sockets carry).
   */
  @Get('stats/trend')
  trend(
    @Query('scope') scope?: string,
    @Query('period') period?: string,
    @Query('granularity') granularity?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): TrendView {
    const s = requireScope(scope);
    if (granularity === undefined) {
      const p = parsePeriod(period);
      this.live.stats(s, p);
      return this.live.trend(s, p);
    }
    if (granularity !== 'hour' && granularity !== 'day') {
      throw new BadRequestException(`granularity: must be hour or day, got ${JSON.stringify(granularity)}`);
    }
    return this.live.trendRange(s, granularity, parseTime(from, 'from'), parseTime(to, 'to'));
  }

  @Get('rankings')
  rankings(
    @Query('tier') tier?: string,
    @Query('scope') scope?: string,
    @Query('period') period?: string,
  ): RankingView {
    if (!tier || !(RANKING_TIERS as readonly string[]).includes(tier)) {
      throw new BadRequestException(`tier: must be one of ${RANKING_TIERS.join(', ')}, got ${JSON.stringify(tier)}`);
    }
    return this.live.rankings(tier as RankingTier, scope ?? '410100', parsePeriod(period));
  }

  /** A unit's weekly rank over the last `weeks` (default 12, at most 53) weeks. */
  @Get('rankings/history')
  rankHistory(
    @Query('tier') tier?: string,
    @Query('scope') scope?: string,
    @Query('code') code?: string,
    @Query('weeks') weeks?: string,
  ): Promise<RankHistoryView> {
    if (!tier || !(RANKING_TIERS as readonly string[]).includes(tier)) {
      throw new BadRequestException(`tier: must be one of ${RANKING_TIERS.join(', ')}, got ${JSON.stringify(tier)}`);
    }
    if (!code) throw new BadRequestException('code: is required (the unit)');
    const n = weeks === undefined ? 12 : Number(weeks);
    if (!Number.isInteger(n) || n < 1 || n > 53)
      throw new BadRequestException('weeks: must be an integer from 1 to 53');
    return this.live.rankHistory(tier as RankingTier, scope ?? '410100', code, n);
  }

  @Get('overdue')
  overdue(@Query('scope') scope?: string, @Query('state') state?: string, @Query('limit') limit?: string): OverdueView {
    const s = requireScope(scope);
    if (state !== undefined && state !== 'red' && state !== 'yellow') {
      throw new BadRequestException(`state: must be red or yellow, got ${JSON.stringify(state)}`);
    }
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new BadRequestException('limit: must be an integer from 1 to 500');
    this.live.stats(s, 'day');
    return this.live.overdue(s, n, state);
  }
}
