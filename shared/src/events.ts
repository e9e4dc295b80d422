/**
 * The ingest contract of ../shared/spec/api.md §1: case lifecycle events as the upstream
 * platform sends them.
 */
import type { CaseEventType, Category, HandlerLevel, Satisfaction, Source } from './domain';

/** Fields every event carries. */
export interface CaseEventBase {
  /** Unique id of this event, 1–64 chars of [A-Za-z0-9._:-]; the idempotency key. */
  eventId: string;
  /** Id of the case, 1–64 chars of [A-Za-z0-9._:-]. */
  caseId: string;
  /** Event type. */
  type: CaseEventType;
  /** When it happened: ISO-8601 with an offset, e.g. 2026-11-21T09:30:00+08:00. */
  at: string;
}

/** A person who reported a case. Never shown on public screens. */
export interface Reporter {
  name?: string;
  phone?: string;
}

/** WGS84 coordinates in degrees. */
export interface GeoPoint {
  lng: number;
  lat: number;
}

/** 发现上报: the case is created at an area node. */
export interface ReportedEvent extends CaseEventBase {
  type: 'reported';
  /** Area node where it happened (usually a tier-3 cell). */
  gridCode: string;
  category: Category;
  source: Source;
  /** Short title, ≤ 200 chars; shown on public screens. */
  title: string;
  /** Free text; never shown on public screens. */
  description?: string;
  reporter?: Reporter;
  location?: GeoPoint;
}

/** 立案. */
export interface AcceptedEvent extends CaseEventBase {
  type: 'accepted';
}

/** 不予立案: the case leaves every rate. */
export interface RejectedEvent extends CaseEventBase {
  type: 'rejected';
  reason: string;
}

/** 派遣: sets the handler and the deadline. */
export interface DispatchedEvent extends CaseEventBase {
  type: 'dispatched';
  /** Level that now handles the case; unchanged when absent. */
  handlerLevel?: HandlerLevel;
  /** Department the case is dispatched to. */
  departmentCode?: string;
  /** Deadline, ISO-8601 with offset; default: dispatch time + the category's time limit. */
  deadline?: string;
}

/** 逐级上报: the handler level rises. */
export interface EscalatedEvent extends CaseEventBase {
  type: 'escalated';
  toLevel: HandlerLevel;
  /** Puts the case on the joint-meeting (联席会议) agenda. */
  jointMeeting?: boolean;
  reason?: string;
}

/** 办结. */
export interface ResolvedEvent extends CaseEventBase {
  type: 'resolved';
  note?: string;
}

/** 核查不通过, 返工: the case is open again. */
export interface ReopenedEvent extends CaseEventBase {
  type: 'reopened';
  reason: string;
}

/** 延期/缓办: moves the deadline. */
export interface ExtendedEvent extends CaseEventBase {
  type: 'extended';
  /** New deadline, ISO-8601 with offset. */
  deadline: string;
  reason?: string;
}

/** 结案, with the reporter's satisfaction when asked. */
export interface ClosedEvent extends CaseEventBase {
  type: 'closed';
  satisfaction?: Satisfaction;
}

/** Any case event. */
export type CaseEvent =
  | ReportedEvent
  | AcceptedEvent
  | RejectedEvent
  | DispatchedEvent
  | EscalatedEvent
  | ResolvedEvent
  | ReopenedEvent
  | ExtendedEvent
  | ClosedEvent;

/** Body of POST /api/events: one event or a batch of up to {@link MAX_BATCH} events. */
export type IngestBody = CaseEvent | { events: CaseEvent[] };

/** Most events in one ingest request. */
export const MAX_BATCH = 5000;

/** Response of POST /api/events. */
export interface IngestResult {
  /** Events newly stored by this request. */
  accepted: number;
  /** Events already stored with identical content (counted once). */
  duplicates: number;
}

/** Error body of every REST endpoint. */
export interface ApiError {
  statusCode: number;
  error: string;
  /** Says which field is wrong and why. */
  message: string;
}

/** Pattern of eventId and caseId. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
