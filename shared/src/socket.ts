/**
 * The live protocol of ../shared/spec/api.md §3 (Socket.IO namespace `/live`): event names
 * and payloads, defined once for backend and frontend.
 */
import type {
  CaseDetail,
  CategoryStats,
  FeedItem,
  OverdueView,
  RankingTier,
  RankingView,
  StatsView,
  TrendView,
} from './metrics';
import type { RoomId } from './rooms';
import type { AlertList } from './alerts';
import type { HotspotView } from './hotspots';
import type { Period } from './time';

/** Socket.IO namespace of the live protocol. */
export const LIVE_NAMESPACE = '/live';

/** Most patches per second sent to one room. */
export const MAX_PATCHES_PER_SECOND = 4;

/** Most items in a snapshot's feed. */
export const FEED_LIMIT = 50;

/** Most items in a snapshot's overdue list. */
export const OVERDUE_LIMIT = 50;

/** What a client subscribes to: one scope node and one period kind. */
export interface SubscribeRequest {
  /** Area code of the scope node. */
  scope: string;
  period: Period;
  /**
   * Ranking tier the room's `rankings` carry; default: the scope's child tier (districts for the
   * city, townships for a district, villages for a township, none below).
   */
  tier?: RankingTier;
  /**
   * A past moment (ISO-8601 with offset): the answer is one snapshot of the room as it stood then
   * (a replay), and the socket joins no live room. Absent: the live room.
   */
  at?: string;
}

/** The full state of a room. */
export interface Snapshot {
  /** The room this snapshot is of ({@link roomIdOf} of scope, period and the resolved tier). */
  room: RoomId;
  /** Sequence number of the room; the next patch carries seq + 1. */
  seq: number;
  scope: string;
  period: Period;
  /** The room's ranking tier (as resolved from the request); null when the room has none. */
  tier: RankingTier | null;
  stats: StatsView;
  categories: CategoryStats[];
  trend: TrendView;
  /** Ranking of the scope's child tier; null for a scope without children (a cell). */
  rankings: RankingView | null;
  overdue: OverdueView;
  /** Newest first, at most {@link FEED_LIMIT}. */
  feed: FeedItem[];
  /**
   * Current hotspots (预警) of units at or below the scope, strongest first (the same list as
   * `GET /api/hotspots?scope=`). Absent in a replay snapshot (hotspots are live only) and when
   * surge detection is switched off (`HOTSPOTS=off`).
   */
  hotspots?: HotspotView[];
  /**
   * Alerts not yet acknowledged (告警: cases of the scope that turned red in the last 24 h, were
   * escalated to the city or put on the joint-meeting agenda), newest first. Absent in a replay.
   */
  alerts?: AlertList;
  /** For a replay: the moment shown (ISO-8601 in city time); absent for a live room. */
  replayAt?: string;
}

/** What changed in a room since the previous patch; parts absent did not change. */
export interface Patch {
  /** The room this patch is for (as in its snapshot). */
  room: RoomId;
  /** Previous seq + 1; a client that sees a gap sends `resync`. */
  seq: number;
  scope: string;
  period: Period;
  tier: RankingTier | null;
  stats?: StatsView;
  categories?: CategoryStats[];
  trend?: TrendView;
  rankings?: RankingView | null;
  overdue?: OverdueView;
  /** The whole current hotspot list, when it changed. */
  hotspots?: HotspotView[];
  /** The whole alert list, when it changed. */
  alerts?: AlertList;
  /** New feed items, newest first; the client prepends them and keeps {@link FEED_LIMIT}. */
  feed?: FeedItem[];
}

/** What a presenter puts on the wall screens of a meeting room. */
export type PresentTarget =
  { kind: 'case'; caseId: string } | { kind: 'unit'; code: string; period: Period; tier?: RankingTier };

/** A case as the wall may show it: no reporter, phone, description or free-text notes. */
export interface PublicCaseView {
  caseId: string;
  title: string;
  category: CaseDetail['category'];
  status: CaseDetail['status'];
  areaPath: CaseDetail['areaPath'];
  handler: CaseDetail['handler'];
  departments: CaseDetail['departments'];
  reportedAt: string;
  deadline: string | null;
  state: CaseDetail['state'];
  reworkCount: number;
  /** Event types and times only. */
  timeline: {
    type: CaseDetail['timeline'][number]['type'];
    at: string;
    handlerLevel?: string;
    departmentName?: string;
    toLevel?: string;
  }[];
}

/**
 * An operator's control of the walls watching a channel, from a tablet (the walls' URLs stay as
 * they are): pause the playlist, pin one scene, step forward or back, hide 样本不足 rows.
 */
export interface WallControl {
  /** The playlist stands still on the scene shown. */
  paused: boolean;
  /** A scene slot of the wall's playlist to show and hold (`overview`, `ranking:township`…); null: none. */
  pinned: string | null;
  /** Rows of units with too few cases (样本不足) are left out of the rankings shown. */
  hideInsufficient: boolean;
  /**
   * Incremented by every step command; a wall that sees it change moves `stepBy` scenes
   * (negative: back) from the one it shows.
   */
  stepSeq: number;
  stepBy: number;
  /** Who set it (display name) and when (ISO-8601, city time). */
  by: string;
  at: string;
}

/** A `control` request: the changes to make (absent fields stay as they are), or `reset`. */
export interface WallControlRequest {
  channel: string;
  paused?: boolean;
  pinned?: string | null;
  hideInsufficient?: boolean;
  /** One step: 1 forward, -1 back. */
  step?: 1 | -1;
  /** Back to the playlist as configured (no pause, no pin, every row). */
  reset?: boolean;
}

/** Longest scene slot name a control may pin. */
export const SCENE_SLOT_MAX = 40;

/** What the screens watching a presenter channel show now (null target: back to the playlist). */
export interface Presentation {
  channel: string;
  target: PresentTarget | null;
  /** The operator's control of the channel's walls; absent: none (the playlist runs as configured). */
  control?: WallControl;
  /** For a case target, the case as the wall may show it. */
  case?: PublicCaseView;
  /** Who presents (user name). */
  presenter?: string;
}

/** An error told to a client (bad subscription, auth). */
export interface LiveError {
  /**
   * HTTP-like status: 400 bad request, 401 unauthenticated (also when the credential ended),
   * 403 forbidden, 404 unknown case, 429 too many requests, 503 try again.
   */
  statusCode: number;
  /** What was wrong, naming the field. */
  message: string;
}

/**
 * The acknowledgement of a request event: its answer, or a typed error. A client that passes an
 * acknowledgement callback gets the answer there and only there; one that does not gets the
 * answer as the event named in {@link ClientToServerEvents} (`snapshot`, `case`, `presenting`)
 * and errors as `live-error` (the v1 behaviour, kept for scripts).
 */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: LiveError };

/** An acknowledgement callback. */
export type AckCallback<T> = (answer: Ack<T>) => void;

/** Events the server sends on `/live`. */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  patch: (patch: Patch) => void;
  /** A refused subscription or request; the socket stays connected unless auth failed. */
  'live-error': (error: LiveError) => void;
  /** A case's details (roles allowed case details), again whenever the case changes. */
  case: (detail: CaseDetail) => void;
  /** The presentation of a watched presenter channel, on watch and on every change. */
  presenting: (presentation: Presentation) => void;
}

/** Events a client sends on `/live`; each may carry an acknowledgement callback ({@link Ack}). */
export interface ClientToServerEvents {
  /** Join the room of (scope, period, tier); answered with its snapshot. */
  subscribe: (request: SubscribeRequest, ack?: AckCallback<Snapshot>) => void;
  /** Leave the room of (scope, period, tier); answered with the room left. */
  unsubscribe: (request: SubscribeRequest, ack?: AckCallback<{ room: RoomId }>) => void;
  /** Ask for a fresh snapshot after a seq gap. */
  resync: (request: SubscribeRequest, ack?: AckCallback<Snapshot>) => void;
  /** Follow one case's details (leader, admin; district users inside their district). */
  'case-subscribe': (request: { caseId: string }, ack?: AckCallback<CaseDetail>) => void;
  'case-unsubscribe': (request: { caseId: string }, ack?: AckCallback<{ caseId: string }>) => void;
  /** Show a case or a unit on the screens watching `channel` (null: stop presenting). */
  present: (request: { channel: string; target: PresentTarget | null }, ack?: AckCallback<Presentation>) => void;
  /** Control the walls watching `channel` (leader, district, admin); answered with the presentation. */
  control: (request: WallControlRequest, ack?: AckCallback<Presentation>) => void;
  /** Follow a presenter channel (a meeting room's wall screens); answered with what it shows now. */
  watch: (request: { channel: string }, ack?: AckCallback<Presentation>) => void;
}
