import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { IngestResult } from '@gridwall/shared';
import { IngestKeyGuard } from './ingest-key.guard';
import { IngestService } from './ingest.service';

/** POST /api/events: the upstream platform pushes case lifecycle events (api.md §1). */
@Controller('api/events')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(200)
  @UseGuards(IngestKeyGuard)
  post(@Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest(body);
  }
}
