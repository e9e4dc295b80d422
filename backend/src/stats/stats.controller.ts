import { Controller, Get, Query } from '@nestjs/common';
import type { CategoryStats, OverdueView, RankingView, StatsView, TrendView } from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import { LiveQueries } from '../live/live-queries.service';
import { GetOverdueDto } from './dto/get-overdue.dto';
import { GetRankingsDto } from './dto/get-rankings.dto';
import { GetStatsDto } from './dto/get-stats.dto';
import { GetTrendDto } from './dto/get-trend.dto';

/**
 * Read API of api.md §2, answered from the live state (the same figures the sockets carry).
 * `scope` is optional everywhere: absent, the root of the area tree (the city).
 */
@Controller('api')
export class StatsController {
  constructor(private readonly live: LiveQueries) {}

  @Get('stats')
  stats(@Query() q: GetStatsDto, @Query('scope', ScopePipe) scope: string): StatsView {
    return this.live.stats(scope, q.period);
  }

  @Get('stats/categories')
  categories(@Query() q: GetStatsDto, @Query('scope', ScopePipe) scope: string): CategoryStats[] {
    return this.live.categories(scope, q.period);
  }

  /**
   * `granularity=hour|day&from=&to=` as api.md §2 has it, or `period=` for the current period
   * (hours of today, days of longer periods: what the sockets carry).
   */
  @Get('stats/trend')
  trend(@Query() q: GetTrendDto, @Query('scope', ScopePipe) scope: string): TrendView {
    if (q.granularity === undefined) {
      const period = q.period ?? 'day';
      this.live.stats(scope, period);
      return this.live.trend(scope, period);
    }
    return this.live.trendRange(scope, q.granularity, q.from!, q.to!);
  }

  @Get('rankings')
  rankings(@Query() q: GetRankingsDto, @Query('scope', ScopePipe) scope: string): RankingView {
    return this.live.rankings(q.tier, scope, q.period, q.group);
  }

  @Get('overdue')
  overdue(@Query() q: GetOverdueDto, @Query('scope', ScopePipe) scope: string): OverdueView {
    this.live.stats(scope, 'day');
    return this.live.overdue(scope, q.limit, q.state);
  }
}
