import { Controller, Get, Query } from '@nestjs/common';
import type { CategoryStats, OverdueView, Period, RankingView, StatsView, TrendView } from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import { LiveQueries, type FigureSource } from '../live/live-queries.service';
import { ReplayService } from '../replay/replay.service';
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
  constructor(
    private readonly live: LiveQueries,
    private readonly replay: ReplayService,
  ) {}

  /** Live, or (with `at=`) as the figures stood at a past moment. */
  private read<R>(at: number | undefined, period: Period, read: (src?: FigureSource) => R): R | Promise<R> {
    return at === undefined ? read() : this.replay.at(at, period, read);
  }

  @Get('stats')
  stats(@Query() q: GetStatsDto, @Query('scope', ScopePipe) scope: string): StatsView | Promise<StatsView> {
    return this.read(q.at, q.period, (src) => this.live.stats(scope, q.period, src));
  }

  @Get('stats/categories')
  categories(
    @Query() q: GetStatsDto,
    @Query('scope', ScopePipe) scope: string,
  ): CategoryStats[] | Promise<CategoryStats[]> {
    return this.read(q.at, q.period, (src) => this.live.categories(scope, q.period, src));
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
  rankings(@Query() q: GetRankingsDto, @Query('scope', ScopePipe) scope: string): RankingView | Promise<RankingView> {
    return this.read(q.at, q.period, (src) => this.live.rankings(q.tier, scope, q.period, q.group, src));
  }

  @Get('overdue')
  overdue(@Query() q: GetOverdueDto, @Query('scope', ScopePipe) scope: string): OverdueView | Promise<OverdueView> {
    this.live.stats(scope, 'day');
    return this.read(q.at, 'day', (src) => this.live.overdue(scope, q.limit, q.state, src));
  }
}
