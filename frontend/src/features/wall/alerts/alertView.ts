/**
 * What the wall's alert banner (告警) shows: the newest alerts not yet acknowledged of the wall's
 * scope, as cards that stay until an operator acknowledges them on a tablet or the case is
 * resolved (the server drops them then). Pure: unit-tested on its own.
 */
import { ALERT_KIND_ZH, CATEGORY_ZH, HANDLER_LEVEL_ZH, type AlertKind, type AlertList } from '@gridwall/shared';

/** One card of the banner. */
export interface AlertCard {
  id: string;
  kind: AlertKind;
  /** 超期红灯 / 上报市级 / 提请联席会议. */
  kindLabel: string;
  title: string;
  /** 中原区 › 林山寨街道 › 建新社区 › 第一网格. */
  place: string;
  /** 类别 · 承办. */
  detail: string;
  /** 已超期 2.5 小时 / 自 09:30 起. */
  since: string;
}

/** The banner: up to `max` cards, how many more wait, and the total. */
export interface AlertBannerView {
  cards: AlertCard[];
  more: number;
  total: number;
}

const CITY_OFFSET_MS = 8 * 3_600_000;

/** HH:mm in city time of an ISO instant. */
function cityClock(iso: string): string {
  const d = new Date(Date.parse(iso) + CITY_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** "已超期 2.5 小时" from a red alert's deadline and now. */
function overdueText(deadline: string, now: number): string {
  const hours = Math.max(0, (now - Date.parse(deadline)) / 3_600_000);
  if (hours < 1) return `已超期 ${Math.max(1, Math.round(hours * 60))} 分钟`;
  return `已超期 ${hours < 10 ? hours.toFixed(1) : Math.round(hours)} 小时`;
}

/**
 * The banner of an alert list (null: nothing to show, including an unknown list: a wall that
 * does not know must not say "none", and shows no banner either).
 */
export function alertBanner(list: AlertList | undefined, now: number, max = 3): AlertBannerView | null {
  if (!list || list.total === 0 || list.items.length === 0) return null;
  const cards = list.items.slice(0, max).map((a) => {
    const handler = `${HANDLER_LEVEL_ZH[a.handler.level] ?? a.handler.level}${a.handler.departmentName ? ` · ${a.handler.departmentName}` : ''}`;
    return {
      id: a.id,
      kind: a.kind,
      kindLabel: ALERT_KIND_ZH[a.kind],
      title: a.title,
      place: a.areaPath.map((p) => p.name).join(' › '),
      detail: `${CATEGORY_ZH[a.category]} · 承办：${handler}`,
      since: a.kind === 'case.red' && a.deadline ? overdueText(a.deadline, now) : `自 ${cityClock(a.since)} 起`,
    };
  });
  return { cards, more: Math.max(0, list.total - cards.length), total: list.total };
}

/**
 * The ids of `list` not in `seen` (alerts that arrived since the last look), and the ids seen now.
 * The first look (seen null) announces nothing: a wall that starts is not a new alert.
 */
export function arrivals(
  seen: ReadonlySet<string> | null,
  list: AlertList | undefined,
): { fresh: string[]; seen: Set<string> } {
  const now = new Set((list?.items ?? []).map((a) => a.id));
  if (seen === null) return { fresh: [], seen: now };
  return { fresh: [...now].filter((id) => !seen.has(id)), seen: now };
}
