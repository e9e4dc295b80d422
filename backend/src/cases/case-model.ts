import type {
  CaseEventType,
  CaseStatus,
  Category,
  HandlerLevel,
  Reporter,
  GeoPoint,
  Satisfaction,
  Source,
} from '@gridwall/shared';

/**
 * A validated, normalized case event: times as epoch ms, only known fields.
 * This is what is stored (as canonical JSON) and what the fold reads.
 */
export interface NormalizedEvent {
  eventId: string;
  caseId: string;
  type: CaseEventType;
  /** Epoch ms. */
  at: number;
  gridCode?: string;
  category?: Category;
  source?: Source;
  title?: string;
  description?: string;
  reporter?: Reporter;
  location?: GeoPoint;
  reason?: string;
  handlerLevel?: HandlerLevel;
  departmentCode?: string;
  /** Epoch ms. */
  deadline?: number;
  toLevel?: HandlerLevel;
  jointMeeting?: boolean;
  note?: string;
  satisfaction?: Satisfaction;
}

/**
 * The current state of a case: the fold of its events (domain.md §4). All times are epoch ms.
 */
export interface CaseState {
  caseId: string;
  status: CaseStatus;
  /** Area node where the case happened; null while pending. */
  gridCode: string | null;
  category: Category | null;
  source: Source | null;
  /** Public title (≤ 200 chars). */
  title: string | null;
  reportedAt: number | null;
  /** Time of the first `accepted` event. */
  acceptedAt: number | null;
  /** Any `rejected` event takes the case out of every rate. */
  rejected: boolean;
  /** Deadline as it stands (latest dispatch, then extensions). Null before acceptance with no dispatch. */
  deadline: number | null;
  /** Time of the latest `dispatched` event. */
  lastDispatchAt: number | null;
  /** The first `resolved` (or `closed`) not undone by a later `reopened`. */
  resolvedAt: number | null;
  closedAt: number | null;
  /** Level handling the case now. */
  handlerLevel: HandlerLevel | null;
  /** Handler level when the case was resolved; null while not resolved. */
  resolvedHandlerLevel: HandlerLevel | null;
  /** Department named by the latest dispatch (null when the latest dispatch names none). */
  departmentCode: string | null;
  /** On the joint-meeting (联席会议) agenda. */
  jointMeeting: boolean;
  /** Number of `reopened` events (返工). */
  reworkCount: number;
  /** Number of `extended` events. */
  extendedCount: number;
  /** Satisfaction given by the latest `closed` event while closed. */
  satisfaction: Satisfaction | null;
  /** Number of distinct events folded. */
  eventCount: number;
  /** Latest event time. */
  lastEventAt: number | null;
}
