import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { CaseStoreService } from '../cases/case-store.service';
import { ClusterService } from '../cluster/cluster.service';
import { LiveEngine } from '../live/live-engine.service';

/** Liveness and readiness of this instance. */
export interface HealthView {
  status: 'ok' | 'degraded';
  /** The process answers. */
  live: true;
  /** The database answers and the live state is built. */
  ready: boolean;
  database: 'up' | 'down';
  /** Redis when configured (REDIS_URL); an instance without it serves its own clients only. */
  redis: 'up' | 'down' | 'not configured';
  /** single, leader, follower or isolated (Redis unreachable). */
  role: string;
  /** Cases held by the live engine. */
  liveCases: number;
  uptimeSeconds: number;
}

/** GET /api/health: 200 when ready, 503 when not (the body says why). */
@Controller('api/health')
@Public()
export class HealthController {
  constructor(
    private readonly store: CaseStoreService,
    private readonly live: LiveEngine,
    private readonly cluster: ClusterService,
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
      liveCases = this.live.caseCount;
    } catch {
      built = false;
    }
    let redis: HealthView['redis'] = 'not configured';
    if (this.cluster.enabled)
      redis = await this.cluster.ping().then(
        () => 'up' as const,
        () => 'down' as const,
      );
    // Redis down does not make an instance unready: it keeps serving its own clients.
    const ready = database === 'up' && built;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ready && redis !== 'down' ? 'ok' : 'degraded',
      live: true,
      ready,
      database,
      redis,
      role: this.cluster.role,
      liveCases,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
