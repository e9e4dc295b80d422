/**
 * What the meeting tablet shows, as pure functions of server data: the drill-down path, the §5
 * figures of a scope, the agenda, and a case's timeline. Unit-tested without a DOM.
 */
import { AREA_LEVEL_ZH, CATEGORY_ZH, CASE_STATUS_ZH, METRIC_ZH, SOURCE_ZH } from '@gridwall/shared';
import type {
  AreaLevel,
  AreaNode,
  CaseDetail,
  CaseEventType,
  CountMetric,
  MeetingView,
  PublicCaseView,
  RateMetric,
  StatsView,
  TimelineEntry,
} from '@gridwall/shared';
import { formatCityDateTime, formatCount, formatRate, NO_VALUE } from '../utils/format';
import { HANDLER_LEVEL_ZH } from '../widgets/OverdueList/countdown';

/** One step of the drill-down path (the breadcrumb). */
export interface Crumb {
  code: string;
  name: string;
  level: AreaLevel;
}

/** The path after tapping `child` below the last crumb (a tap on a unit already on the path cuts back to it). */
export function drillDown(path: readonly Crumb[], child: Crumb): Crumb[] {
  const at = path.findIndex((c) => c.code === child.code);
  if (at >= 0) return path.slice(0, at + 1);
  return [...path, child];
}

/** The path cut back to its `index`-th crumb (one touch on the breadcrumb). */
export function backTo(path: readonly Crumb[], index: number): Crumb[] {
  if (index < 0) return path.slice(0, 1);
  return path.slice(0, Math.min(index + 1, path.length));
}

/** The path one level up (never above the city). */
export function backUp(path: readonly Crumb[]): Crumb[] {
  return path.length > 1 ? path.slice(0, -1) : [...path];
}

/** Whether a unit of `level` has children to drill into. */
export function canDrill(level: AreaLevel): boolean {
  return level !== 'cell';
}

/** A crumb of an area node. */
export function crumbOf(node: Pick<AreaNode, 'code' | 'name' | 'level'>): Crumb {
  return { code: node.code, name: node.name, level: node.level };
}

/** Chinese name of a level, for headings ("下级乡镇/街道"). */
export function levelZh(level: AreaLevel): string {
  return AREA_LEVEL_ZH[level];
}

/** One figure tile. */
export interface Figure {
  key: string;
  label: string;
  /** Value as shown. */
  value: string;
  /** Numerator/denominator of a rate ("12 / 15"), the sample of a mean; empty for counts. */
  detail: string;
  /** Colour hint. */
  tone: 'plain' | 'alarm' | 'warn' | 'good';
}

const COUNT_FIGURES: CountMetric[] = [
  'reported',
  'accepted',
  'resolved',
  'openNow',
  'overdueNow',
  'nearDueNow',
  'jointMeetingNow',
  'extended',
];
const RATE_FIGURES: RateMetric[] = [
  'resolutionRate',
  'onTimeRate',
  'localRate',
  'gridRate',
  'satisfactionRate',
  'reworkRate',
  'patrolShare',
];

/** The §5 figures of a scope: counts, rates with numerator/denominator, mean handling time. */
export function figures(stats: StatsView | null): Figure[] {
  const counts = COUNT_FIGURES.map<Figure>((key) => ({
    key,
    label: METRIC_ZH[key],
    value: stats ? formatCount(stats[key]) : NO_VALUE,
    detail: '',
    tone:
      key === 'overdueNow' && stats && stats[key] > 0
        ? 'alarm'
        : key === 'nearDueNow' && stats && stats[key] > 0
          ? 'warn'
          : 'plain',
  }));
  const rates = RATE_FIGURES.map<Figure>((key) => {
    const rate = stats?.[key];
    return {
      key,
      label: METRIC_ZH[key],
      value: formatRate(rate),
      detail: rate ? `${formatCount(rate.numerator)} / ${formatCount(rate.denominator)}` : '',
      tone: 'plain',
    };
  });
  const mean = stats?.avgHandleHours;
  const avg: Figure = {
    key: 'avgHandleHours',
    label: METRIC_ZH.avgHandleHours,
    value: mean && mean.value !== null ? `${mean.value.toFixed(1)} 小时` : NO_VALUE,
    detail: mean ? `${formatCount(mean.count)} 件` : '',
    tone: 'plain',
  };
  return [...counts, ...rates, avg];
}

/** One agenda line. */
export interface AgendaLine {
  caseId: string;
  title: string;
  category: string;
  place: string;
  departments: string;
  daysOpen: string;
  state: 'red' | 'yellow' | 'green';
}

/** The agenda as listed (the server sends it oldest first; the order is kept). */
export function agendaLines(view: MeetingView | null): AgendaLine[] {
  if (!view) return [];
  return view.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: item.areaPath.map((a) => a.name).join(' / '),
    departments: item.departments.length ? item.departments.map((d) => d.name).join('、') : '未指派部门',
    daysOpen: `已 ${item.daysOpen} 天`,
    state: item.state,
  }));
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
  /** Who handles it after this event: "县(市)区 · 市场监管局". */
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
  return level ? (HANDLER_LEVEL_ZH[level as keyof typeof HANDLER_LEVEL_ZH] ?? level) : '';
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
    place: c.areaPath.map((a) => a.name).join(' / '),
    handler: [levelText(c.handler.level), c.handler.departmentName ?? ''].filter(Boolean).join(' · '),
    departments: c.departments.length ? c.departments.map((d) => d.name).join('、') : NO_VALUE,
    reportedAt: formatCityDateTime(c.reportedAt),
    deadline: c.deadline ? formatCityDateTime(c.deadline) : NO_VALUE,
    reworks: c.reworkCount > 0 ? `返工 ${c.reworkCount} 次` : '无返工',
    state: c.state,
  };
}

/** The person-facing lines only a detail carries: source, reporter (phone as masked by the server), description. */
export function privateLines(c: CaseDetail): { label: string; value: string }[] {
  const lines = [{ label: '来源', value: SOURCE_ZH[c.source as keyof typeof SOURCE_ZH] ?? c.source }];
  if (c.reporter?.name) lines.push({ label: '反映人', value: c.reporter.name });
  if (c.reporter?.phone) lines.push({ label: '联系电话', value: c.reporter.phone });
  if (c.description) lines.push({ label: '描述', value: c.description });
  return lines;
}

/** Default presenter channel of the joint-meeting room. */
export const DEFAULT_CHANNEL = '联席会议室';
