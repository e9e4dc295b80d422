import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { IngestResult } from '@gridwall/shared';
import type { Response } from 'express';
import { IngestKeyGuard } from './ingest-key.guard';
import { IngestService } from './ingest.service';

/** POST /api/events: the upstream platform pushes case lifecycle events (api.md §1). */
@Controller('api/events')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** 202 when new events were stored, 200 when every event was a duplicate; both after commit. */
  @Post()
  @UseGuards(IngestKeyGuard)
  async post(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<IngestResult> {
    const result = await this.ingest.ingest(body);
    res.status(result.accepted > 0 ? 202 : 200);
    return result;
  }
}
