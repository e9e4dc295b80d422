import { Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  CATEGORY_ZH,
  DAY_MS,
  HOUR_MS,
  periodRange,
  periodStart,
  toCityIso,
  type CaseEvent,
  type Category,
  type IngestResult,
} from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import { DistrictShapes } from '../areas/district-shapes';
import { CaseStoreService } from '../cases/case-store.service';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { timeLimitMs } from '../config/domain-config';
import { DomainConfigService } from '../config/domain-config.service';
import { DEMO_INGEST_KEY } from '../config/env';
import { DepartmentsService } from '../departments/departments.service';
import { MinHeap } from '../live/min-heap';
import { Rng } from './rng';
import { SIMULATOR_BACKFILL } from './simulator.events';
import {
  CATEGORY_MIX,
  arrivals,
  planCase,
  simCaseId,
  surgeArrivals,
  surgeCaseId,
  type PlanWorld,
  type PlannedEvent,
} from './plan';

/** Events per ingest request from the simulator. */
const BATCH = 1000;
/** Most cases of the demo's older (thin) history. */
const DEMO_HISTORY_CASES = 8000;
/** Simulator step. */
const STEP_MS = 1000;
/** SIM_SURGE=on: one surge a simulated day, each this long. */
export const SURGE_HOURS = 12;
/** A surge adds 3× the township × category's usual reports and this many more a day (4× at least, and visible). */
export const SURGE_EXTRA_PER_DAY = 72;
/** The first surge began this long before the simulator started, so a fresh demo shows one soon. */
const FIRST_SURGE_LEAD_MS = 6 * HOUR_MS;

/** A surge being injected (SIM_SURGE=on). */
export interface SimSurge {
  township: string;
  category: Category;
  from: number;
  to: number;
  /** Extra reports a day while it lasts, day and night alike (a workshop, a burst pipe). */
  perDay: number;
}

export { SIMULATOR_BACKFILL };

/**
 * Where the demo's older history starts: the Monday of the week holding the previous month's
 * first day, or of the week two weeks back when that is earlier, so a fresh start has the last
 * issued month and at least two whole issued weeks (no week issued half-simulated).
 */
export function demoHistoryStart(now: number, graceMs = 2 * 3_600_000): number {
  // Within the grace after a period ended it is not issued yet: the one before it is the newest.
  const t = now - graceMs;
  const lastMonth = periodRange('month', periodStart('month', t) - 1).from;
  const twoWeeksBack = periodStart('week', t) - 14 * 86_400_000;
  return Math.min(periodStart('week', lastMonth), twoWeeksBack);
}

/** How often a backfill reports its progress, ms. */
const BACKFILL_PROGRESS_MS = 3000;

/** Outcome of a backfill. */
export interface BackfillResult {
  cases: number;
  events: number;
  duplicates: number;
  /** Events planned after `to`, left for the live simulator. */
  pending: number;
}

/**
 * The demo's case platform: generates Zhengzhou-scale case lifecycles and posts them through
 * the public ingest API over HTTP, exactly as the upstream platform would (no back door).
 */
@Injectable()
export class SimulatorService implements OnModuleDestroy {
  private readonly logger = new Logger(SimulatorService.name);
  private readonly queue = new MinHeap();
  private readonly queued = new Map<string, CaseEvent>();
  private timer: NodeJS.Timeout | undefined;
  private baseUrl = '';
  private lastStep = 0;
  private rng = new Rng(Date.now() & 0xffffffff);
  private salt = 0;
  private busy = false;
  private worldValue: PlanWorld | undefined;
  private surgeValue: SimSurge | undefined;
  private nextSurgeAt = Infinity;

  constructor(
    private readonly config: ConfigService,
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly store: CaseStoreService,
    private readonly clock: Clock,
    private readonly domain: DomainConfigService,
    private readonly cluster: ClusterService,
    @Optional() private readonly events?: EventEmitter2,
  ) {}

  onModuleDestroy(): void {
    this.stop();
  }

  /** True when SIMULATOR=on. */
  get enabled(): boolean {
    return this.config.get('SIMULATOR') === 'on';
  }

  /** The ingest key the simulator posts with. */
  private get key(): string {
    const keys = String(this.config.get('INGEST_KEYS') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    return this.config.get('DEMO') ? DEMO_INGEST_KEY : (keys[0] ?? '');
  }

  /** The city as the planner sees it. */
  get world(): PlanWorld {
    if (!this.worldValue) {
      const tree = this.areas.tree;
      const cells = tree.ofLevel('cell').map((c) => c.code);
      const all = this.departments.list();
      const shapes = new DistrictShapes();
      this.worldValue = {
        cells,
        districtOf: (code) => tree.ancestorAt(code, 'district')?.code ?? tree.root.code,
        departmentsFor: (district) => all.filter((d) => d.level === district || d.level === 'city').map((d) => d.code),
        timeLimitMs: (c) => timeLimitMs(this.domain.current(), c),
        pointIn: (district, random) => shapes.randomPoint(district, random),
        cellsUnder: (code) => tree.descendantsAt(code, 'cell').map((c) => c.code),
      };
    }
    return this.worldValue;
  }

  /**
   * Starts posting to `baseUrl` (the app's own address): backfills history when the database
   * is empty, resumes the simulated cases still open, then generates new ones every second.
   */
  async start(baseUrl: string, backfillDays = Number(this.config.get('DEMO_BACKFILL_DAYS') ?? 0)): Promise<void> {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    // With several instances only the leader simulates; a new leader resumes the open cases.
    await this.cluster.whenRoleKnown();
    this.cluster.onRoleChange((role) => {
      if (this.cluster.runsSingletons) {
        this.lastStep = this.clock.now();
        void this.resume(this.clock.now()).catch((err: Error) => this.logger.warn(`resume failed: ${err.message}`));
      } else {
        this.queue.clear();
        this.queued.clear();
        this.logger.log(`simulator paused (${role})`);
      }
    });
    const now = this.clock.now();
    if (this.cluster.runsSingletons) {
      if ((await this.store.countEvents()) === 0 && backfillDays > 0) {
        // Assessments wait until the history is complete: a period issued half-backfilled would
        // freeze half its events.
        this.events?.emit(SIMULATOR_BACKFILL, { running: true });
        try {
          const recentFrom = now - backfillDays * 86_400_000;
          const historyFrom = demoHistoryStart(now, this.domain.current().assessmentGraceMinutes * 60_000);
          // At most DEMO_HISTORY_CASES of older history, however long it is: the first start stays short.
          const days = Math.max(1, (recentFrom - historyFrom) / 86_400_000);
          const thin = Math.min(Number(this.config.get('DEMO_HISTORY_CASES_PER_DAY') ?? 0), DEMO_HISTORY_CASES / days);
          if (thin > 0 && historyFrom < recentFrom) {
            this.logger.log(
              `empty database: backfilling older demo history from ${toCityIso(historyFrom)} at ${Math.round(thin)} cases a day`,
            );
            const old = await this.backfill(historyFrom, recentFrom, thin, now);
            this.logger.log(`older history done: ${old.cases} cases, ${old.events} events`);
          }
          this.logger.log(`empty database: backfilling ${backfillDays} days of demo history through the ingest API`);
          const r = await this.backfill(recentFrom, now);
          this.logger.log(`backfill done: ${r.cases} cases, ${r.events} events`);
        } finally {
          this.events?.emit(SIMULATOR_BACKFILL, { running: false });
        }
      } else {
        await this.resume(now);
      }
    }
    this.lastStep = this.clock.now();
    // SIM_SURGE=on: the first surge began 6 h ago (its reports so far are posted at once, late),
    // the next a day after each.
    if (this.surgesOn) {
      this.nextSurgeAt = this.lastStep - FIRST_SURGE_LEAD_MS;
      this.injectSurge(this.nextSurgeAt, this.lastStep);
    }
    this.timer = setInterval(() => void this.step(), STEP_MS);
    this.timer.unref();
    this.logger.log(`simulator running: ~${this.perDay} new cases per day, posting to ${this.baseUrl}/api/events`);
  }

  /** Sets the address posted to without starting the live loop (the seed command). */
  async useUrl(baseUrl: string): Promise<void> {
    this.baseUrl = baseUrl.replace('[::1]', '127.0.0.1').replace(/\/$/, '');
  }

  /** Stops the live loop. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** SIM_SURGE=on: inject one surge a simulated day at a random township × category. */
  get surgesOn(): boolean {
    return String(this.config.get('SIM_SURGE') ?? 'off').toLowerCase() === 'on';
  }

  /** The surge being injected, if any. */
  get surge(): SimSurge | undefined {
    return this.surgeValue;
  }

  /** Starts a surge at `from` (a random township × category unless given). */
  startSurge(from: number, township?: string, category?: Category): SimSurge {
    const tree = this.areas.tree;
    const townships = tree.ofLevel('township').filter((t) => tree.descendantsAt(t.code, 'cell').length > 0);
    const code = township ?? this.rng.pick(townships).code;
    const cat = category ?? this.rng.weighted(CATEGORY_MIX);
    const share = tree.descendantsAt(code, 'cell').length / Math.max(1, this.world.cells.length);
    const mix = CATEGORY_MIX[cat] / Object.values(CATEGORY_MIX).reduce((a, b) => a + b, 0);
    const usual = this.perDay * share * mix;
    this.surgeValue = {
      township: code,
      category: cat,
      from,
      to: from + SURGE_HOURS * HOUR_MS,
      perDay: 3 * usual + SURGE_EXTRA_PER_DAY,
    };
    this.logger.log(
      `SIM_SURGE: ${CATEGORY_ZH[cat]} surge at ${tree.get(code)?.name ?? code} (${code}) from ${toCityIso(from)} for ${SURGE_HOURS} h, ` +
        `~${Math.round(this.surgeValue.perDay / 2)} extra reports (usually ~${usual.toFixed(1)} a day)`,
    );
    return this.surgeValue;
  }

  /** The surge's extra cases reported in [from, to), queued like the others. */
  private injectSurge(from: number, to: number): void {
    if (!this.surgesOn) return;
    if (to > this.nextSurgeAt) {
      this.startSurge(this.nextSurgeAt);
      this.nextSurgeAt += DAY_MS;
    }
    const s = this.surgeValue;
    if (!s || to <= s.from || from >= s.to) return;
    for (const t of surgeArrivals(Math.max(from, s.from), Math.min(to, s.to), s.perDay, this.rng)) {
      for (const p of planCase(surgeCaseId(t, this.salt++, s.township, s.category), t, this.world)) this.enqueue(p);
    }
  }

  private get perDay(): number {
    return Number(this.config.get('SIM_CASES_PER_DAY') ?? 4000);
  }

  /**
   * Generates the cases reported in [from, to) and posts every event up to `to`, in time order;
   * later events stay queued for the live loop.
   */
  async backfill(from: number, to: number, perDay = this.perDay, postUntil = to): Promise<BackfillResult> {
    const times = arrivals(from, to, perDay, this.rng);
    const due: PlannedEvent[] = [];
    let pending = 0;
    for (const t of times) {
      for (const p of planCase(simCaseId(t, this.salt++), t, this.world)) {
        if (p.at <= postUntil) due.push(p);
        else {
          this.enqueue(p);
          pending += 1;
        }
      }
    }
    due.sort((a, b) => a.at - b.at);
    let events = 0;
    let duplicates = 0;
    // A newcomer's first start: say how far the backfill is, about every 3 s.
    let told = Date.now();
    for (let i = 0; i < due.length; i += BATCH) {
      const r = await this.post(due.slice(i, i + BATCH).map((p) => p.event));
      events += r.accepted;
      duplicates += r.duplicates;
      if (Date.now() - told >= BACKFILL_PROGRESS_MS && i + BATCH < due.length) {
        told = Date.now();
        const done = Math.min(due.length, i + BATCH);
        this.logger.log(
          `backfill ${Math.floor((done / due.length) * 100)} %: ${done.toLocaleString('en')} of ${due.length.toLocaleString('en')} events`,
        );
      }
    }
    return { cases: times.length, events, duplicates, pending };
  }

  /** Re-plans the simulated cases still open and posts what was missed while stopped. */
  private async resume(now: number): Promise<void> {
    const open: { caseId: string; reportedAt: number }[] = [];
    await this.store.forEachState((page) => {
      for (const s of page) {
        if (s.caseId.startsWith('SIM-') && (s.status === 'open' || s.status === 'reported') && s.reportedAt !== null) {
          open.push({ caseId: s.caseId, reportedAt: s.reportedAt });
        }
      }
    });
    const due: CaseEvent[] = [];
    for (const c of open) {
      for (const p of planCase(c.caseId, c.reportedAt, this.world)) {
        if (p.at <= now) due.push(p.event);
        else this.enqueue(p);
      }
    }
    let accepted = 0;
    for (let i = 0; i < due.length; i += BATCH) accepted += (await this.post(due.slice(i, i + BATCH))).accepted;
    if (open.length > 0)
      this.logger.log(`resumed ${open.length} open simulated cases (${accepted} missed events posted)`);
  }

  private enqueue(p: PlannedEvent): void {
    if (this.queued.has(p.event.eventId)) return;
    this.queued.set(p.event.eventId, p.event);
    this.queue.push(p.at, p.event.eventId);
  }

  /** One live step: new arrivals since the last step, then every queued event now due. */
  async step(): Promise<void> {
    if (this.busy || !this.cluster.runsSingletons) return;
    this.busy = true;
    try {
      const now = this.clock.now();
      for (const t of arrivals(this.lastStep, now, this.perDay, this.rng)) {
        for (const p of planCase(simCaseId(t, this.salt++), t, this.world)) this.enqueue(p);
      }
      this.injectSurge(this.lastStep, now);
      this.lastStep = now;
      const due: CaseEvent[] = [];
      while ((this.queue.peekTime() ?? Infinity) <= now && due.length < BATCH * 5) {
        const { key } = this.queue.pop()!;
        const e = this.queued.get(key);
        if (e) due.push(e);
      }
      for (let i = 0; i < due.length; i += BATCH) {
        const part = due.slice(i, i + BATCH);
        try {
          await this.post(part);
          for (const e of part) this.queued.delete(e.eventId);
        } catch (err) {
          // Keep them for the next step (e.g. the database is down: 503).
          for (const e of part) this.queue.push(now + 5000, e.eventId);
          this.logger.warn(`simulator post failed, will retry: ${(err as Error).message}`);
          break;
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Events waiting for their time. */
  get queuedCount(): number {
    return this.queued.size;
  }

  private async post(events: CaseEvent[]): Promise<IngestResult> {
    const res = await fetch(`${this.baseUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ events }),
    });
    const body = (await res.json()) as IngestResult & { message?: string };
    if (!res.ok) throw new Error(`ingest answered ${res.status}: ${body.message ?? ''}`);
    return body;
  }
}
