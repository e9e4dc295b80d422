/**
 * Alerts that demand attention (告警): a case that turned red, was escalated to the city or put
 * on the joint-meeting agenda. The wall shows them as banner cards until an operator
 * acknowledges them on a tablet or the case is resolved.
 */
import type { Category } from './domain';
import type { HandlerView } from './metrics';

/** What made an alert. */
export const ALERT_KINDS = ['case.red', 'case.escalated_city', 'case.joint_meeting'] as const;
/** One of {@link ALERT_KINDS}. */
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Chinese names of the alert kinds (the card's heading). */
export const ALERT_KIND_ZH: Record<AlertKind, string> = {
  'case.red': '超期红灯',
  'case.escalated_city': '上报市级',
  'case.joint_meeting': '提请联席会议',
};

/** A red case alerts for this long after its deadline passed (older ones are the backlog). */
export const ALERT_RED_WINDOW_MS = 24 * 3_600_000;

/** Most alerts a list carries (newest first); `total` counts them all. */
export const ALERT_LIST_LIMIT = 20;

/** Most alert ids one acknowledgement may name. */
export const ALERT_ACK_MAX = 200;

/** One alert not yet acknowledged. Never carries a reporter's data. */
export interface AlertView {
  /** `red:<caseId>:<deadline ms>`, `city:<caseId>`, `joint:<caseId>`: an extension makes a new red alert. */
  id: string;
  kind: AlertKind;
  caseId: string;
  title: string;
  category: Category;
  /** From the district down to the case's node. */
  areaPath: { code: string; name: string }[];
  handler: HandlerView;
  /** ISO-8601 in city time, or null. */
  deadline: string | null;
  /** Hours past the deadline (positive) or before it (negative); null without a deadline. */
  overdueHours: number | null;
  /**
   * Since when (ISO-8601, city time): the deadline of a red case; for the city and the agenda,
   * when this server first saw the case so (a restart sets it anew).
   */
  since: string;
}

/** The alerts of a scope: the newest {@link ALERT_LIST_LIMIT} and how many there are. */
export interface AlertList {
  scope: string;
  total: number;
  items: AlertView[];
}

/** `POST /api/alerts/ack` body. */
export interface AlertAckRequest {
  ids: string[];
}

/** `POST /api/alerts/ack` answer: how many of the ids were alerts not acknowledged before. */
export interface AlertAckResult {
  acknowledged: number;
}
