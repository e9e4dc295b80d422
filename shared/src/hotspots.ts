/**
 * Hotspots (预警: a surge of one kind of problem in one unit) and outgoing notifications
 * (督办推送 webhooks). The method is described in docs/hotspots.md.
 */
import type { Category } from './domain';

/** Area levels hotspots are looked for at. */
export const HOTSPOT_LEVELS = ['district', 'township', 'village'] as const;
/** One of {@link HOTSPOT_LEVELS}. */
export type HotspotLevel = (typeof HOTSPOT_LEVELS)[number];

/** The test of one window of a unit × category. */
export interface HotspotWindow {
  /** Window length, hours (reports of the last `hours` hours). */
  hours: number;
  /** Reports in the window. */
  count: number;
  /** The usual count of such a window: the unit's own baseline, scaled by the city's volume now. */
  expected: number;
  /** Uncorrected tail probability of the count (exact conditional binomial test). */
  tailProbability: number;
  /** The corrected level it had to reach to raise a hotspot (α / Tarone factor). */
  threshold: number;
}

/** One current hotspot. Never carries a reporter's data. */
export interface HotspotView {
  /** Stable id (the stored history row), or `pending:<unit>:<category>` before it is stored. */
  id: string;
  unit: { code: string; name: string; level: HotspotLevel };
  /** From the district down to the unit. */
  areaPath: { code: string; name: string }[];
  category: Category;
  /** The window shown ("近24小时"), hours. */
  windowHours: number;
  /** Reports of the unit and category in that window now. */
  windowCount: number;
  /** Its usual count ("常态约 3 件"), one decimal. */
  expected: number;
  /** windowCount / expected, one decimal; null when the usual count is 0. */
  ratio: number | null;
  /** Uncorrected tail probability of the window count now. */
  tailProbability: number;
  /** The window test that raised it (often a shorter window: a sharp rise is seen early). */
  trigger: HotspotWindow;
  /** When it was raised (ISO-8601, city time). */
  since: string;
  /** Highest window count since raised, and when. */
  peakCount: number;
  peakAt: string;
  /** Open cases of the window (not resolved, closed or rejected), and the newest of their ids (≤ 50). */
  openCases: number;
  openCaseIds: string[];
  /** Hourly reports of the last 24 hours with the usual count of each hour (oldest first). */
  trend: { from: string; hourly: number[]; expected: number[] };
}

/** `GET /api/hotspots`. */
export interface HotspotList {
  scope: string;
  asOf: string;
  windowHours: number;
  /** Hotspots in the scope (units at or below it), strongest first. */
  items: HotspotView[];
}

/** One hotspot of the history (current or cleared). */
export interface HotspotHistoryItem {
  id: string;
  unit: { code: string; name: string; level: HotspotLevel };
  areaPath: { code: string; name: string }[];
  category: Category;
  raisedAt: string;
  /** Null while it is current. */
  clearedAt: string | null;
  windowHours: number;
  /** Highest window count, when, and its usual count then. */
  peakCount: number;
  peakAt: string;
  expectedAtPeak: number;
  /** Smallest uncorrected tail probability of any window while raised. */
  tailProbability: number;
  /** The window test that raised it. */
  trigger: HotspotWindow;
}

/** `GET /api/hotspots/history`: hotspots raised in [from, to), newest first, paged. */
export interface HotspotHistoryPage {
  scope: string;
  from: string;
  to: string;
  total: number;
  offset: number;
  limit: number;
  items: HotspotHistoryItem[];
}

/** "近24小时 14 件，常态约 3 件": the headline of a hotspot. */
export function hotspotHeadline(windowHours: number, count: number, expected: number): string {
  const usual = expected < 1 ? (expected < 0.05 ? '0' : expected.toFixed(1)) : String(Math.round(expected));
  return `近${windowHours}小时 ${count} 件，常态约 ${usual} 件`;
}

/** Kinds of notification a webhook may subscribe to. */
export const NOTIFICATION_KINDS = [
  'case.red',
  'case.escalated_city',
  'case.joint_meeting',
  'hotspot.raised',
  'assessment.red_card',
] as const;
/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Chinese names of the notification kinds. */
export const NOTIFICATION_KIND_ZH: Record<NotificationKind, string> = {
  'case.red': '案件超期（红灯）',
  'case.escalated_city': '上报市级',
  'case.joint_meeting': '提请联席会议',
  'hotspot.raised': '预警热点',
  'assessment.red_card': '考核红牌',
};

/**
 * Body formats: `json` (the notification as below, signed), `wecom` / `dingtalk` (the group
 * robots' markdown message, accepted by them as it is).
 */
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Most webhooks configured at once. */
export const MAX_WEBHOOKS = 100;

/** A configured webhook as listed (its secret is never shown again; query values are masked). */
export interface WebhookView {
  id: string;
  label: string;
  /** The URL with the values of its query parameters masked (robot keys are credentials). */
  url: string;
  format: WebhookFormat;
  kinds: NotificationKind[];
  createdAt: string;
  createdBy: string;
  /** Deliveries waiting (including retries), failed for good, delivered (kept 7 days). */
  pending: number;
  failed: number;
  delivered: number;
  lastError: string | null;
}

/** `GET /api/admin/webhooks`. */
export interface WebhookList {
  items: WebhookView[];
}

/** `POST /api/admin/webhooks`: the webhook and its signing secret, shown this once. */
export interface WebhookCreated {
  webhook: WebhookView;
  secret: string;
}

/**
 * The JSON body of a notification (format `json`). Signed: `X-Gridwall-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`. `id` is the idempotency
 * key, the same in every retry (also in the `Idempotency-Key` header).
 */
export interface NotificationBody {
  id: string;
  kind: NotificationKind;
  /** When the notification was made (ISO-8601, city time); the same in every retry. */
  createdAt: string;
  title: string;
  /** Plain-text lines for people. */
  lines: string[];
  /** The facts, by kind (case: caseId, title, category, areaPath, handler, deadline…). */
  data: Record<string, unknown>;
}
