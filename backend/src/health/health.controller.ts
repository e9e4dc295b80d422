import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CaseStoreService } from '../cases/case-store.service';
import { LiveService } from '../live/live.service';

/** Liveness and readiness of this instance. */
export interface HealthView {
  status: 'ok' | 'degraded';
  /** The process answers. */
  live: true;
  /** The database answers and the live state is built. */
  ready: boolean;
  database: 'up' | 'down';
  /** Cases held by the live engine. */
  liveCases: number;
  uptimeSeconds: number;
}

/** GET /api/health: 200 when ready, 503 when not (the body says why). */
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly store: CaseStoreService,
    private readonly live: LiveService,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    let database: 'up' | 'down' = 'down';
    try {
      await this.store.ping();
      database = 'up';
    } catch {
      database = 'down';
    }
    let liveCases = 0;
    let built = true;
    try {
      liveCases = this.live.state.caseCount;
    } catch {
      built = false;
    }
    const ready = database === 'up' && built;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ready ? 'ok' : 'degraded',
      live: true,
      ready,
      database,
      liveCases,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
