import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { APP_VERSION } from '../common/build-info';
import { observeDatabase, type DatabaseWatchdog } from '../database/mysql-watchdog';

/** Every metric name this service registers with a prefix of its own; the rest are prom-client's defaults. */
export const APP_METRIC_PREFIX = 'gridwall_';

/**
 * Prometheus metrics of this instance, served at GET /metrics: prom-client's default Node.js
 * and process metrics under their standard names (`process_cpu_seconds_total`,
 * `nodejs_eventloop_lag_seconds` …, so stock dashboards work), and the app's own, prefixed
 * `gridwall_`. Labels are bounded: routes are templates, never raw URLs.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();

  /** Connected live sockets, by role. */
  readonly clients = new Gauge({
    name: 'gridwall_live_clients',
    help: 'Connected /live sockets on this instance',
    labelNames: ['role'],
    registers: [this.registry],
  });

  /** Ingest requests by HTTP status. */
  readonly ingestRequests = new Counter({
    name: 'gridwall_ingest_requests_total',
    help: 'POST /api/events requests by status',
    labelNames: ['status'],
    registers: [this.registry],
  });

  /** Events newly stored, and duplicates. */
  readonly ingestEvents = new Counter({
    name: 'gridwall_ingest_events_total',
    help: 'Events received by outcome (stored, duplicate)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  /** From a committed change to the patch that carries it. */
  readonly eventToPatch = new Histogram({
    name: 'gridwall_event_to_patch_seconds',
    help: 'Time from a committed change to the patch that carries it',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  /** How far behind real time events arrive (now − event time). */
  readonly eventLag = new Histogram({
    name: 'gridwall_event_lag_seconds',
    help: 'Arrival time minus event time',
    buckets: [0.1, 1, 5, 30, 60, 300, 3600, 86400],
    registers: [this.registry],
  });

  /** Duration of the last live-state rebuild. */
  readonly rebuildSeconds = new Gauge({
    name: 'gridwall_rebuild_seconds',
    help: 'Duration of the last live-state rebuild',
    registers: [this.registry],
  });

  /** Cases held by the live engine. */
  readonly liveCases = new Gauge({
    name: 'gridwall_live_cases',
    help: 'Cases held in memory by the live engine',
    registers: [this.registry],
  });

  /** 1 when this instance leads (or runs alone). */
  readonly leader = new Gauge({
    name: 'gridwall_leader',
    help: '1 when this instance runs the singletons',
    registers: [this.registry],
  });

  /** Patches sent. */
  readonly patches = new Counter({
    name: 'gridwall_patches_total',
    help: 'Room patches sent',
    registers: [this.registry],
  });

  /** Sockets disconnected for flooding. */
  readonly floods = new Counter({
    name: 'gridwall_live_floods_total',
    help: 'Sockets disconnected for flooding',
    registers: [this.registry],
  });

  /** HTTP requests by route template, method and status class (common/http-metrics.ts). */
  readonly httpDuration = new Histogram({
    name: 'gridwall_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status class',
    labelNames: ['route', 'method', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** MySQL/MariaDB queries (database/mysql-watchdog.ts); none on the embedded SQLite database. */
  readonly dbQueries = new Histogram({
    name: 'gridwall_db_query_duration_seconds',
    help: 'MySQL/MariaDB query duration, by outcome (ok, error)',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** The watchdog's `SELECT 1` every second on its own connection. */
  readonly dbProbe = new Histogram({
    name: 'gridwall_db_probe_duration_seconds',
    help: "Duration of the database watchdog's SELECT 1 probe (answered probes only)",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });

  /** Probes that got no answer in DATABASE_TIMEOUT_MS (or a connection error). */
  readonly dbProbeFailures = new Counter({
    name: 'gridwall_db_probe_failures_total',
    help: 'Database probes without an answer within DATABASE_TIMEOUT_MS',
    registers: [this.registry],
  });

  private watchdog: DatabaseWatchdog | undefined;
  private readonly stopObserving: () => void;

  constructor() {
    // Standard names (no prefix): process_*, nodejs_* as every Node.js dashboard expects.
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'gridwall_build_info',
      help: 'Always 1; the labels say which server version runs on which Node.js',
      labelNames: ['version', 'node'],
      registers: [this.registry],
    }).set({ version: APP_VERSION, node: process.versions.node }, 1);
    const watchdog = () => this.watchdog;
    new Gauge({
      name: 'gridwall_db_up',
      help: '1 while the MySQL/MariaDB server answers its probe, 0 while it does not (absent on SQLite)',
      registers: [this.registry],
      collect() {
        const w = watchdog();
        if (w) this.set(w.state === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gridwall_db_pool_connections',
      help: 'MySQL/MariaDB pool connections in use, and requests waiting for one',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const w = watchdog();
        if (!w) return;
        this.set({ state: 'in_use' }, w.inUse.size);
        this.set({ state: 'waiting' }, w.acquiring.size);
      },
    });
    this.stopObserving = observeDatabase({
      query: (seconds, failed, w) => {
        if (w === this.watchdog) this.dbQueries.observe({ outcome: failed ? 'error' : 'ok' }, seconds);
      },
      probe: (seconds, w) => {
        if (w !== this.watchdog) return;
        if (seconds === null) this.dbProbeFailures.inc();
        else this.dbProbe.observe(seconds);
      },
    });
  }

  /** The database this instance's gauges describe (set by the app factory, MySQL/MariaDB only). */
  watchDatabase(watchdog: DatabaseWatchdog | undefined): void {
    this.watchdog = watchdog;
  }

  /** Sockets connected to this instance now. */
  async liveSockets(): Promise<number> {
    const { values } = await this.clients.get();
    return values.reduce((n, v) => n + v.value, 0);
  }

  onModuleDestroy(): void {
    this.stopObserving();
  }
}
