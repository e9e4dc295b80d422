import { Controller, Get, Query } from '@nestjs/common';
import { DAY_MS, toCityIso, type HotspotHistoryPage, type HotspotList } from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import { Clock } from '../common/clock';
import { GetHotspotHistoryDto, GetHotspotsDto } from './dto/hotspot-queries.dto';
import { HotspotsService } from './hotspots.service';

/** Hotspots (预警): readable by every read role; no reporter data in them. */
@Controller('api/hotspots')
export class HotspotsController {
  constructor(
    private readonly hotspots: HotspotsService,
    private readonly clock: Clock,
  ) {}

  /** The current hotspots of units at or below `scope` (default: the city). */
  @Get()
  list(@Query() _q: GetHotspotsDto, @Query('scope', ScopePipe) scope: string): HotspotList {
    return {
      scope,
      asOf: toCityIso(this.clock.now()),
      windowHours: this.hotspots.settings.params.windowHours,
      items: this.hotspots.current(scope),
    };
  }

  /** Hotspots raised in [from, to) (default: the last 30 days), newest first, paged. */
  @Get('history')
  history(@Query() q: GetHotspotHistoryDto, @Query('scope', ScopePipe) scope: string): Promise<HotspotHistoryPage> {
    // Default: up to and including now.
    const to = q.to ?? this.clock.now() + 1;
    const from = q.from ?? to - 30 * DAY_MS;
    return this.hotspots.history(scope, from, to, q.limit, q.offset);
  }
}
