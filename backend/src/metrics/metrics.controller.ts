import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/roles.decorator';
import { MetricsService } from './metrics.service';

/** GET /metrics in the Prometheus text format. */
/** Public like /api/health: scrape it from the private network; keep it off the public edge (see deploy/nginx.conf). */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
