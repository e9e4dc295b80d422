import {
  CATEGORIES,
  EVENT_TYPES,
  HANDLER_LEVELS,
  ID_PATTERN,
  MAX_BATCH,
  SATISFACTIONS,
  SOURCES,
  parseIsoWithOffset,
} from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';

/** A field-level problem with an ingest request; the message names the field. */
export class EventValidationError extends Error {
  constructor(
    message: string,
    /** 400 for a bad field, 413 for too many events. */
    readonly statusCode: 400 | 413 = 400,
  ) {
    super(message);
  }
}

/** What validation needs to know about reference data and time. */
export interface ValidationContext {
  hasArea(code: string): boolean;
  hasDepartment(code: string): boolean;
  /** Now, epoch ms: events more than {@link FUTURE_TOLERANCE_MS} ahead are refused. */
  now: number;
}

/** Clock skew allowed between the upstream platform and this server. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const FIELDS_BASE = ['eventId', 'caseId', 'type', 'at'];
const FIELDS_BY_TYPE: Record<string, string[]> = {
  reported: ['gridCode', 'category', 'source', 'title', 'description', 'reporter', 'location'],
  accepted: [],
  rejected: ['reason'],
  dispatched: ['handlerLevel', 'departmentCode', 'deadline'],
  escalated: ['toLevel', 'jointMeeting', 'reason'],
  resolved: ['note'],
  reopened: ['reason'],
  extended: ['deadline', 'reason'],
  closed: ['satisfaction'],
};

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class FieldReader {
  constructor(
    private readonly obj: Obj,
    private readonly prefix: string,
  ) {}

  fail(field: string, why: string): never {
    throw new EventValidationError(`${this.prefix}${field}: ${why}`);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  str(field: string, max: number, required: boolean): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') this.fail(field, `must be a string, got ${typeof v}`);
    if (required && v.trim().length === 0) this.fail(field, 'must not be empty');
    if (v.length > max) this.fail(field, `must be at most ${max} characters, got ${v.length}`);
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required: boolean): T | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, `is required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  time(field: string, required: boolean): number | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'is required (ISO-8601 with offset, e.g. 2026-11-21T09:30:00+08:00)');
      return undefined;
    }
    const t = typeof v === 'string' ? parseIsoWithOffset(v) : null;
    if (t === null) {
      this.fail(
        field,
        `must be an ISO-8601 time with offset (e.g. 2026-11-21T09:30:00+08:00), got ${JSON.stringify(v)}`,
      );
    }
    return t;
  }

  id(field: string): string {
    const v = this.obj[field];
    if (typeof v !== 'string' || !ID_PATTERN.test(v)) {
      this.fail(field, `must be 1–64 characters of [A-Za-z0-9._:-], got ${JSON.stringify(v)}`);
    }
    return v;
  }
}

/** Earliest event time accepted: case platforms of this kind exist since the 2000s. */
const EARLIEST_AT = Date.UTC(2000, 0, 1);
/** Longest time limit a deadline may set after its event: ten years (demolitions take months). */
const MAX_DEADLINE_SPAN_MS = 10 * 365.25 * 24 * 3600_000;

/** A deadline after its event and within {@link MAX_DEADLINE_SPAN_MS} of it. */
function checkDeadline(r: FieldReader, deadline: number, at: number): number {
  if (deadline <= at) r.fail('deadline', 'must be after the event time at');
  if (deadline - at > MAX_DEADLINE_SPAN_MS) r.fail('deadline', 'lies more than 10 years after the event time at');
  return deadline;
}

function validateOne(raw: unknown, prefix: string, ctx: ValidationContext): NormalizedEvent {
  if (!isObject(raw)) throw new EventValidationError(`${prefix.replace(/\.$/, '') || 'body'}: must be a JSON object`);
  const r: FieldReader = new FieldReader(raw, prefix);
  const eventId = r.id('eventId');
  const caseId = r.id('caseId');
  const type = r.oneOf('type', EVENT_TYPES, true)!;
  const at = r.time('at', true)!;
  if (at > ctx.now + FUTURE_TOLERANCE_MS)
    r.fail('at', 'lies in the future (more than 5 minutes ahead of the server clock)');
  if (at < EARLIEST_AT) r.fail('at', `lies before ${new Date(EARLIEST_AT).toISOString()}: not a case of this platform`);
  const allowed = new Set([...FIELDS_BASE, ...FIELDS_BY_TYPE[type]]);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) r.fail(key, `is not a field of a ${type} event`);
  }
  const e: NormalizedEvent = { eventId, caseId, type, at };
  switch (type) {
    case 'reported': {
      const gridCode = r.str('gridCode', 32, true)!;
      if (!ctx.hasArea(gridCode)) r.fail('gridCode', `unknown area code ${JSON.stringify(gridCode)}`);
      e.gridCode = gridCode;
      e.category = r.oneOf('category', CATEGORIES, true);
      e.source = r.oneOf('source', SOURCES, true);
      e.title = r.str('title', 200, true);
      const description = r.str('description', 4000, false);
      if (description !== undefined) e.description = description;
      if (r.has('reporter')) {
        const rep = raw.reporter;
        if (!isObject(rep)) r.fail('reporter', 'must be an object {name?, phone?}');
        const rr: FieldReader = new FieldReader(rep, `${prefix}reporter.`);
        for (const key of Object.keys(rep))
          if (key !== 'name' && key !== 'phone') rr.fail(key, 'is not a field of reporter');
        const name = rr.str('name', 100, false);
        const phone = rr.str('phone', 32, false);
        e.reporter = {};
        if (name !== undefined) e.reporter.name = name;
        if (phone !== undefined) e.reporter.phone = phone;
      }
      if (r.has('location')) {
        const loc = raw.location;
        if (!isObject(loc)) r.fail('location', 'must be an object {lng, lat}');
        const { lng, lat } = loc;
        for (const key of Object.keys(loc))
          if (key !== 'lng' && key !== 'lat') r.fail(`location.${key}`, 'is not a field of location');
        if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180)
          r.fail('location.lng', 'must be a number in [-180, 180]');
        if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
          r.fail('location.lat', 'must be a number in [-90, 90]');
        e.location = { lng, lat };
      }
      break;
    }
    case 'rejected':
    case 'reopened':
      e.reason = r.str('reason', 1000, true);
      break;
    case 'dispatched': {
      const handlerLevel = r.oneOf('handlerLevel', HANDLER_LEVELS, false);
      const departmentCode = r.str('departmentCode', 64, false);
      if (handlerLevel === undefined && departmentCode === undefined) {
        r.fail('handlerLevel', 'a dispatched event needs handlerLevel and/or departmentCode');
      }
      if (departmentCode !== undefined && !ctx.hasDepartment(departmentCode)) {
        r.fail('departmentCode', `unknown department code ${JSON.stringify(departmentCode)}`);
      }
      if (handlerLevel !== undefined) e.handlerLevel = handlerLevel;
      if (departmentCode !== undefined) e.departmentCode = departmentCode;
      const deadline = r.time('deadline', false);
      if (deadline !== undefined) e.deadline = checkDeadline(r, deadline, at);
      break;
    }
    case 'escalated': {
      e.toLevel = r.oneOf('toLevel', HANDLER_LEVELS, true);
      const jm = raw.jointMeeting;
      if (typeof jm === 'boolean') e.jointMeeting = jm;
      else if (jm !== undefined) r.fail('jointMeeting', 'must be true or false');
      const reason = r.str('reason', 1000, false);
      if (reason !== undefined) e.reason = reason;
      break;
    }
    case 'resolved': {
      const note = r.str('note', 1000, false);
      if (note !== undefined) e.note = note;
      break;
    }
    case 'extended': {
      e.deadline = checkDeadline(r, r.time('deadline', true)!, at);
      const reason = r.str('reason', 1000, false);
      if (reason !== undefined) e.reason = reason;
      break;
    }
    case 'closed': {
      const sat = r.oneOf('satisfaction', SATISFACTIONS, false);
      if (sat !== undefined) e.satisfaction = sat;
      break;
    }
    case 'accepted':
      break;
  }
  return e;
}

/**
 * Validates an ingest body (one event or `{events: [...]}`) and normalizes every event.
 * Throws {@link EventValidationError} naming the first bad field; nothing is partially accepted.
 */
export function validateIngestBody(body: unknown, ctx: ValidationContext): NormalizedEvent[] {
  if (!isObject(body)) throw new EventValidationError('body: must be a JSON object (one event or {"events": [...]})');
  if ('events' in body) {
    const { events } = body;
    const extra = Object.keys(body).filter((k) => k !== 'events');
    if (extra.length > 0) throw new EventValidationError(`${extra[0]}: is not a field of a batch (only "events")`);
    if (!Array.isArray(events)) throw new EventValidationError('events: must be an array');
    if (events.length === 0) throw new EventValidationError('events: must contain at least one event');
    if (events.length > MAX_BATCH) {
      throw new EventValidationError(`events: at most ${MAX_BATCH} events per request, got ${events.length}`, 413);
    }
    return events.map((ev, i) => validateOne(ev, `events[${i}].`, ctx));
  }
  return [validateOne(body, '', ctx)];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: Obj = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/**
 * Canonical JSON of a normalized event (sorted keys, times as epoch ms): two submissions of the
 * same eventId are "the same content" exactly when their canonical forms are equal.
 */
export function canonicalJson(e: NormalizedEvent): string {
  return JSON.stringify(sortKeys(e));
}
