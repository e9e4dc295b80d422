/**
 * The alerts (告警) of a tablet's scope, as pure functions of server data: the lines of the
 * alert panel and the Chinese answer to a refused acknowledgement. Unit-tested without a DOM.
 */
import { ALERT_KIND_ZH, CATEGORY_ZH } from '@gridwall/shared';
import type { AlertKind, AlertList } from '@gridwall/shared';
import { formatCityDateTime } from '../utils/format';
import { countdownOf, responsibleUnit } from '../widgets/OverdueList/countdown';
import { placePath } from './caseView';

/** The alert list of a unit: `GET /api/alerts?scope=`; null without a unit. */
export function alertsPath(unit: { code: string } | null): string | null {
  return unit ? `/api/alerts?scope=${encodeURIComponent(unit.code)}` : null;
}

/** One alert as the panel lists it. */
export interface AlertLine {
  id: string;
  kind: AlertKind;
  caseId: string;
  /** 超期红灯 / 上报市级 / 提请联席会议. */
  kindText: string;
  title: string;
  category: string;
  /** 中原区 › 林山寨街道 › 绿东村社区 › 一组. */
  place: string;
  /** The responsible unit (department, or the area unit at the handler's level). */
  unit: string;
  /** 自 2026-11-22 09:00:00 起. */
  since: string;
  /** 超期 2天03:00:00 / 剩余 00:41:30 at `now`; 无办理期限 without a deadline. */
  countdown: string;
  /** Whether the deadline has passed at `now`. */
  overdue: boolean;
}

/** The alerts of `list` at `now` (epoch ms), in the server's order (newest first). */
export function alertLines(list: AlertList, now: number): AlertLine[] {
  return list.items.map((a) => {
    const c = a.deadline ? countdownOf(a.deadline, now) : null;
    return {
      id: a.id,
      kind: a.kind,
      caseId: a.caseId,
      kindText: ALERT_KIND_ZH[a.kind],
      title: a.title,
      category: CATEGORY_ZH[a.category],
      place: placePath(a.areaPath),
      unit: responsibleUnit(a).name,
      since: `自 ${formatCityDateTime(a.since)} 起`,
      countdown: c ? c.text : '无办理期限',
      overdue: c?.overdue ?? false,
    };
  });
}

/** What to tell the operator when an acknowledgement was refused (nothing was changed). */
export function ackErrorText(status: number): string {
  if (status === 403) return '无权确认：只能确认本辖区案件的告警，未作任何更改';
  if (status === 404) return '告警已不存在（已被他人确认或案件已办结），未作任何更改';
  if (status === 400) return '确认请求有误，未作任何更改';
  if (status === 0) return '无法连接服务器，未作任何更改';
  return `确认失败（${status}），未作任何更改`;
}

/** The heading's count: 共 n 条未确认（列出最新 m 条）. */
export function alertCountText(list: AlertList): string {
  return list.total > list.items.length
    ? `共 ${list.total} 条未确认（列出最新 ${list.items.length} 条）`
    : `共 ${list.total} 条未确认`;
}

/** What an acknowledgement of `asked` alerts did, `acknowledged` of them new (the rest: by someone else before). */
export function ackDoneText(acknowledged: number, asked: number): string {
  const before = asked - acknowledged;
  return before > 0 ? `已确认 ${acknowledged} 条（另 ${before} 条此前已被他人确认）` : `已确认 ${acknowledged} 条`;
}
