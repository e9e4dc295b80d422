import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator';
import { CaseStoreService } from '../cases/case-store.service';
import { ClusterService } from '../cluster/cluster.service';
import { APP_VERSION } from '../common/build-info';
import { watchdogOf } from '../database/mysql-watchdog';
import { LiveEngine } from '../live/live-engine.service';
import { MetricsService } from '../metrics/metrics.service';

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
  /** `/live` sockets connected to this instance (all replicas: `sum(gridwall_live_clients)` in Prometheus). */
  liveSockets: number;
  uptimeSeconds: number;
  /** The server's version (backend/package.json) and the Node.js version it runs on. */
  version: string;
  node: string;
}

/** GET /api/health: 200 when ready, 503 when not (the body says why). */
@Controller('api/health')
@Public()
export class HealthController {
  constructor(
    private readonly store: CaseStoreService,
    private readonly live: LiveEngine,
    private readonly cluster: ClusterService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const database = (await this.databaseAnswers()) ? 'up' : 'down';
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
      liveSockets: await this.metrics.liveSockets(),
      uptimeSeconds: Math.round(process.uptime()),
      version: APP_VERSION,
      node: process.versions.node,
    };
  }

  /**
   * MySQL/MariaDB: a probe on the watchdog's own connection, answered within DATABASE_TIMEOUT_MS
   * or counted as down (a hung server never holds the health check). SQLite: a write lock taken
   * and given back (SQLITE_BUSY_TIMEOUT_MS bounds it).
   */
  private async databaseAnswers(): Promise<boolean> {
    const watchdog = watchdogOf(this.dataSource);
    if (watchdog) return watchdog.check();
    try {
      await this.store.ping();
      return true;
    } catch {
      return false;
    }
  }
}
