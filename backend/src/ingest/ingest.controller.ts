import { Body, Controller, Post, Res } from '@nestjs/common';
import type { IngestResult } from '@gridwall/shared';
import type { Response } from 'express';
import { RetryLaterError } from '../common/db-errors';
import { MetricsService } from '../metrics/metrics.service';
import { Roles } from '../auth/roles.decorator';
import { IngestService } from './ingest.service';

/** POST /api/events: the upstream platform pushes case lifecycle events (api.md §1). */
@Controller('api/events')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly metrics: MetricsService,
  ) {}

  /** 202 when new events were stored, 200 when every event was a duplicate; both after commit. */
  @Post()
  @Roles('ingest')
  async post(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<IngestResult> {
    try {
      const result = await this.ingest.ingest(body);
      const status = result.accepted > 0 ? 202 : 200;
      res.status(status);
      this.metrics.ingestRequests.inc({ status });
      return result;
    } catch (err) {
      this.metrics.ingestRequests.inc({
        status: (err as { getStatus?: () => number }).getStatus?.() ?? (err instanceof RetryLaterError ? 503 : 500),
      });
      throw err;
    }
  }
}
