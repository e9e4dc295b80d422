import {
  CATEGORIES,
  HANDLER_LEVELS,
  HOUR_MS,
  SATISFACTIONS,
  SOURCES,
  DAY_MS,
  toCityIso,
  type CaseEvent,
} from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { limitMs } from './fixtures';
import { Rng } from '../simulator/rng';

/** One delivery of an event: when it reaches the server (arrivals can be late and repeated). */
export interface Arrival {
  arriveAt: number;
  event: NormalizedEvent;
}

/** A random stream: its cases' events and the order and times they arrive in. */
export interface RandomStream {
  events: NormalizedEvent[];
  arrivals: Arrival[];
  /** Latest arrival time. */
  end: number;
}

/** Options of {@link randomStream}. */
export interface StreamOptions {
  cases: number;
  /** Cell codes the cases happen in. */
  cells: string[];
  /** Department codes dispatches may name. */
  departments: string[];
  /** Earliest report time. */
  start: number;
  /** Prefix of case ids (unique per stream when several share a database). */
  prefix?: string;
}

/**
 * Random case lifecycles, legal and odd alike (reworks, extensions, escalations, rejections,
 * several dispatches, events timed before their report, missing reports, equal timestamps),
 * delivered shuffled, late and duplicated. Arrivals never precede the event's own time.
 */
export function randomStream(rng: Rng, o: StreamOptions): RandomStream {
  const events: NormalizedEvent[] = [];
  const prefix = o.prefix ?? 'R';
  for (let c = 0; c < o.cases; c++) {
    const caseId = `${prefix}-${c}`;
    const t0 = o.start + Math.floor(rng.between(0, 20 * DAY_MS));
    let n = 0;
    const id = () => `${caseId}-${++n}`;
    // Some events share a time with another to exercise the type order.
    const times: number[] = [t0];
    const category = rng.pick(CATEGORIES);
    const at = () => {
      if (rng.chance(0.15)) return rng.pick(times);
      const t = t0 + Math.floor(rng.between(-2 * HOUR_MS, 6 * DAY_MS) * (rng.chance(0.5) ? 0.1 : 1));
      times.push(t);
      return t;
    };
    if (!rng.chance(0.05)) {
      events.push({
        eventId: id(),
        caseId,
        type: 'reported',
        at: t0,
        gridCode: rng.pick(o.cells),
        category,
        source: rng.pick(SOURCES),
        title: `案件${c}`,
      });
    }
    if (rng.chance(0.9)) events.push({ eventId: id(), caseId, type: 'accepted', at: at() });
    if (rng.chance(0.06)) events.push({ eventId: id(), caseId, type: 'rejected', at: at(), reason: '不予立案' });
    for (let i = rng.int(4); i > 0; i--) {
      const t = at();
      const e: NormalizedEvent = { eventId: id(), caseId, type: 'dispatched', at: t };
      if (rng.chance(0.8)) e.handlerLevel = rng.pick(HANDLER_LEVELS);
      if (!e.handlerLevel || rng.chance(0.3)) e.departmentCode = rng.pick(o.departments);
      if (rng.chance(0.4)) e.deadline = t + Math.floor(rng.between(HOUR_MS, 5 * DAY_MS));
      // Later events may fall exactly on a deadline (on time by ≤) or on the default one.
      times.push(e.deadline ?? t + limitMs(category));
      events.push(e);
    }
    for (let i = rng.chance(0.2) ? 1 + rng.int(2) : 0; i > 0; i--) {
      const t = at();
      const deadline = t + Math.floor(rng.between(HOUR_MS, 4 * DAY_MS));
      times.push(deadline);
      events.push({ eventId: id(), caseId, type: 'extended', at: t, deadline });
    }
    for (let i = rng.chance(0.2) ? 1 + rng.int(2) : 0; i > 0; i--) {
      const e: NormalizedEvent = {
        eventId: id(),
        caseId,
        type: 'escalated',
        at: at(),
        toLevel: rng.pick(HANDLER_LEVELS),
      };
      if (rng.chance(0.4)) e.jointMeeting = rng.chance(0.8);
      events.push(e);
    }
    for (let i = rng.chance(0.75) ? 1 + rng.int(2) : 0; i > 0; i--)
      events.push({ eventId: id(), caseId, type: 'resolved', at: at() });
    for (let i = rng.chance(0.2) ? 1 + rng.int(2) : 0; i > 0; i--)
      events.push({ eventId: id(), caseId, type: 'reopened', at: at(), reason: '返工' });
    for (let i = rng.chance(0.5) ? 1 + rng.int(2) : 0; i > 0; i--) {
      const e: NormalizedEvent = { eventId: id(), caseId, type: 'closed', at: at() };
      if (rng.chance(0.8)) e.satisfaction = rng.pick(SATISFACTIONS);
      events.push(e);
    }
  }
  const arrivals: Arrival[] = [];
  for (const e of events) {
    const late = () => Math.floor(rng.chance(0.7) ? rng.between(0, 10 * 60_000) : rng.between(0, 3 * DAY_MS));
    arrivals.push({ arriveAt: e.at + late(), event: e });
    if (rng.chance(0.15)) arrivals.push({ arriveAt: e.at + late(), event: e });
  }
  arrivals.sort((a, b) => a.arriveAt - b.arriveAt);
  return { events, arrivals, end: arrivals.length ? arrivals[arrivals.length - 1].arriveAt : o.start };
}

/** Events grouped by case id, in first-seen order. */
export function byCase(events: readonly NormalizedEvent[]): Map<string, NormalizedEvent[]> {
  const out = new Map<string, NormalizedEvent[]>();
  for (const e of events) {
    const list = out.get(e.caseId);
    if (list) list.push(e);
    else out.set(e.caseId, [e]);
  }
  return out;
}

/** The wire form of a normalized event (times back to ISO strings), as the upstream posts it. */
export function toWire(e: NormalizedEvent): CaseEvent {
  const { at, deadline, ...rest } = e;
  return {
    ...rest,
    at: toCityIso(at),
    ...(deadline !== undefined ? { deadline: toCityIso(deadline) } : {}),
  } as CaseEvent;
}
