import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Period } from '@gridwall/shared';
import type { Request, Response } from 'express';
import { ScopePipe } from '../areas/scope.pipe';
import { Clock } from '../common/clock';
import { LiveEngine } from '../live/live-engine.service';
import { LiveQueries, type FigureSource } from '../live/live-queries.service';
import { ReplayService } from '../replay/replay.service';
import { GetOverdueDto } from './dto/get-overdue.dto';
import { GetRankingsDto } from './dto/get-rankings.dto';
import { GetStatsDto } from './dto/get-stats.dto';
import { GetTrendDto } from './dto/get-trend.dto';
import { ReadCache, SerializedBody, sendBody } from './read-cache';

/**
 * Read API of api.md §2, answered from the live state (the same figures the sockets carry).
 * `scope` is optional everywhere: absent, the root of the area tree (the city).
 *
 * Live answers are serialized once per key (scope, period, tier, query) and served from
 * {@link ReadCache} until the engine's state version changes (at most a second), with an ETag
 * computed once per body and gzip for clients that accept it. Replays (`at=`) are not cached.
 */
@Controller('api')
export class StatsController {
  readonly cache: ReadCache;

  constructor(
    private readonly live: LiveQueries,
    private readonly replay: ReplayService,
    engine: LiveEngine,
    clock: Clock,
  ) {
    this.cache = new ReadCache({ version: () => engine.version, now: () => clock.now() });
  }

  /** Live (cached under `key`), or (with `at=`) as the figures stood at a past moment. */
  private async send<R>(
    req: Request,
    res: Response,
    key: string,
    at: number | undefined,
    period: Period,
    read: (src?: FigureSource) => R,
  ): Promise<void> {
    const body =
      at === undefined ? this.cache.get(key, () => read()) : SerializedBody.of(await this.replay.at(at, period, read));
    await sendBody(req, res, body);
  }

  @Get('stats')
  stats(
    @Query() q: GetStatsDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(req, res, `stats|${scope}|${q.period}`, q.at, q.period, (src) =>
      this.live.stats(scope, q.period, src),
    );
  }

  @Get('stats/categories')
  categories(
    @Query() q: GetStatsDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(req, res, `categories|${scope}|${q.period}`, q.at, q.period, (src) =>
      this.live.categories(scope, q.period, src),
    );
  }

  /**
   * `granularity=hour|day&from=&to=` as api.md §2 has it, or `period=` for the current period
   * (hours of today, days of longer periods: what the sockets carry).
   */
  @Get('stats/trend')
  trend(
    @Query() q: GetTrendDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (q.granularity === undefined) {
      const period = q.period ?? 'day';
      return sendBody(
        req,
        res,
        this.cache.get(`trend|${scope}|${period}`, () => {
          this.live.stats(scope, period);
          return this.live.trend(scope, period);
        }),
      );
    }
    const { granularity, from, to } = q;
    return sendBody(
      req,
      res,
      this.cache.get(`trend-range|${scope}|${granularity}|${from}|${to}`, () =>
        this.live.trendRange(scope, granularity, from!, to!),
      ),
    );
  }

  @Get('rankings')
  rankings(
    @Query() q: GetRankingsDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(req, res, `rankings|${q.tier}|${scope}|${q.period}|${q.group ?? ''}`, q.at, q.period, (src) =>
      this.live.rankings(q.tier, scope, q.period, q.group, src),
    );
  }

  @Get('overdue')
  overdue(
    @Query() q: GetOverdueDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(req, res, `overdue|${scope}|${q.limit}|${q.state ?? ''}`, q.at, 'day', (src) => {
      this.live.stats(scope, 'day');
      return this.live.overdue(scope, q.limit, q.state, src);
    });
  }
}
