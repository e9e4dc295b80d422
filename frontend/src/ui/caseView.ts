/**
 * How a case reads, on the tablet's case sheet and on the wall's presented case alike: its
 * heading facts, its timeline and (tablet only) its person-facing lines. Pure, unit-tested.
 */
import { AREA_LEVEL_ZH, CASE_STATUS_ZH, CATEGORY_ZH, HANDLER_LEVEL_ZH, SOURCE_ZH, TIER_ZH } from '@gridwall/shared';
import type {
  AreaLevel,
  CaseDetail,
  CaseEventType,
  HandlerLevel,
  PublicCaseView,
  RankingTier,
  TimelineEntry,
} from '@gridwall/shared';
import { formatCityDateTime, NO_VALUE } from '../utils/format';
import { responsibleUnit } from '../widgets/OverdueList/countdown';

/**
 * Chinese names of the area levels as Chinese typesetting writes them (issue 13 item 11):
 * 县（市、区）, 乡镇（街道）, 村（社区）, with full-width brackets.
 */
export const LEVEL_ZH: Record<AreaLevel, string> = {
  ...AREA_LEVEL_ZH,
  district: '县（市、区）',
  township: '乡镇（街道）',
  village: '村（社区）',
};

/** Chinese names of the handler levels, typeset as {@link LEVEL_ZH} ("市级" for the city). */
export const HANDLER_ZH: Record<HandlerLevel, string> = {
  ...HANDLER_LEVEL_ZH,
  district: LEVEL_ZH.district,
  township: LEVEL_ZH.township,
  village: LEVEL_ZH.village,
};

/** Chinese names of the ranking tiers, typeset as {@link LEVEL_ZH}. */
export const TIER_NAME_ZH: Record<RankingTier, string> = {
  ...TIER_ZH,
  district: LEVEL_ZH.district,
  township: LEVEL_ZH.township,
  village: LEVEL_ZH.village,
};

/** Separator of a place path's levels. */
export const PLACE_SEPARATOR = ' › ';

/** The full place path of a case or unit, district down: 中原区 › 林山寨街道 › 绿东村社区 › 一组. */
export function placePath(areaPath: readonly { name: string }[]): string {
  return areaPath.length ? areaPath.map((a) => a.name).join(PLACE_SEPARATOR) : NO_VALUE;
}

/** Chinese names of the case event types. */
export const EVENT_ZH: Record<CaseEventType, string> = {
  reported: '上报',
  accepted: '立案',
  rejected: '不予立案',
  dispatched: '派遣',
  extended: '延期',
  escalated: '上报升级',
  resolved: '办结',
  reopened: '返工',
  closed: '结案',
};

const SATISFACTION_ZH: Record<string, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** One timeline line. */
export interface TimelineLine {
  key: string;
  /** City time, "11-21 08:10". */
  time: string;
  type: CaseEventType;
  typeText: string;
  /** Who handles it after this event: "县（市、区） · 市场监管局". */
  who: string;
  /** Deadline changes, reasons, notes, escalation target. */
  notes: string[];
  /** A rework (返工) or a deadline change: highlighted. */
  marked: boolean;
}

type AnyEntry = Pick<TimelineEntry, 'type' | 'at'> &
  Partial<Pick<TimelineEntry, 'eventId' | 'deadline' | 'reason' | 'note' | 'satisfaction' | 'jointMeeting'>> & {
    handlerLevel?: string;
    departmentName?: string;
    toLevel?: string;
  };

function levelText(level: string | undefined): string {
  return level ? (HANDLER_ZH[level as HandlerLevel] ?? level) : '';
}

/** Every event of a timeline, oldest first, as listed on the tablet and the wall. */
export function timelineLines(entries: readonly AnyEntry[]): TimelineLine[] {
  return entries.map((e, i) => {
    const who = [levelText(e.handlerLevel), e.departmentName ?? ''].filter(Boolean).join(' · ');
    const notes: string[] = [];
    if (e.toLevel) notes.push(`升级至${levelText(e.toLevel)}`);
    if (e.jointMeeting) notes.push('提交联席会议');
    if (e.deadline) notes.push(`${e.type === 'extended' ? '期限延至' : '办理期限'} ${formatCityDateTime(e.deadline)}`);
    if (e.reason) notes.push(`原因：${e.reason}`);
    if (e.note) notes.push(e.note);
    if (e.satisfaction) notes.push(`评价：${SATISFACTION_ZH[e.satisfaction] ?? e.satisfaction}`);
    return {
      key: e.eventId ?? `${i}:${e.type}:${e.at}`,
      time: formatCityDateTime(e.at),
      type: e.type,
      typeText: EVENT_ZH[e.type],
      who,
      notes,
      marked: e.type === 'reopened' || e.type === 'extended',
    };
  });
}

/** The heading facts of a case (tablet detail and wall alike). */
export interface CaseFacts {
  title: string;
  caseId: string;
  category: string;
  status: string;
  place: string;
  handler: string;
  /** The unit responsible now: the handler's department, or the area unit at the handler's level. */
  unit: string;
  departments: string;
  reportedAt: string;
  deadline: string;
  reworks: string;
  state: 'red' | 'yellow' | 'green' | null;
}

/** Facts of a case detail or of its public view. */
export function caseFacts(c: CaseDetail | PublicCaseView): CaseFacts {
  return {
    title: c.title,
    caseId: c.caseId,
    category: CATEGORY_ZH[c.category],
    status: CASE_STATUS_ZH[c.status],
    place: placePath(c.areaPath),
    handler: [levelText(c.handler.level), c.handler.departmentName ?? ''].filter(Boolean).join(' · '),
    unit: responsibleUnit(c).name,
    departments: c.departments.length ? c.departments.map((d) => d.name).join('、') : NO_VALUE,
    reportedAt: formatCityDateTime(c.reportedAt),
    deadline: c.deadline ? formatCityDateTime(c.deadline) : NO_VALUE,
    reworks: c.reworkCount > 0 ? `返工 ${c.reworkCount} 次` : '无返工',
    state: c.state,
  };
}

/** One labelled line of the fact list; `state` colours a status. */
export interface FactLine {
  label: string;
  value: string;
  state?: CaseFacts['state'];
}

/** The heading facts as the fact list shows them, in order. */
export function factLines(f: CaseFacts): FactLine[] {
  return [
    { label: '案件编号', value: f.caseId },
    { label: '类别', value: f.category },
    { label: '状态', value: f.status, state: f.state },
    { label: '位置', value: f.place },
    { label: '当前承办', value: f.handler },
    { label: '责任单位', value: f.unit },
    { label: '涉及部门', value: f.departments },
    { label: '上报时间', value: f.reportedAt },
    { label: '办理期限', value: f.deadline },
    { label: '返工', value: f.reworks },
  ];
}

/** The person-facing lines only a detail carries: source, reporter (phone as masked by the server), description. */
export function privateLines(c: CaseDetail): FactLine[] {
  const lines = [{ label: '来源', value: SOURCE_ZH[c.source as keyof typeof SOURCE_ZH] ?? c.source }];
  if (c.reporter?.name) lines.push({ label: '反映人', value: c.reporter.name });
  if (c.reporter?.phone) lines.push({ label: '联系电话', value: c.reporter.phone });
  if (c.description) lines.push({ label: '描述', value: c.description });
  return lines;
}
