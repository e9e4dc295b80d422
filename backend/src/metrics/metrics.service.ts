import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this instance, served at GET /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Connected live sockets, by role. */
  readonly clients = new Gauge({
    name: 'gridwall_live_clients',
    help: 'Connected /live sockets',
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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gridwall_' });
  }
}
