/**
 * What the meeting tablet shows, as pure functions of server data: the drill-down path and the
 * agenda. Unit-tested without a DOM.
 */
import { CATEGORY_ZH } from '@gridwall/shared';
import type {
  AreaLevel,
  AreaNode,
  IssuedOverdueView,
  MeetingView,
  OpenCaseItem,
  OpenCaseList,
  OverdueItem,
  OverdueView,
} from '@gridwall/shared';
import { LEVEL_ZH, placePath } from '../../ui/caseView';
import { NO_VALUE, formatCityDateTime } from '../../utils/format';
import { countdownOf, formatHours, responsibleUnit } from '../../widgets/OverdueList/countdown';

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

/** The REST path of the children of `unit`; null when it has none to drill into (a cell) or there is no unit. */
export function childrenPath(unit: Crumb | null): string | null {
  return unit && canDrill(unit.level) ? `/api/areas?parent=${encodeURIComponent(unit.code)}` : null;
}

/** The REST path of the joint-meeting agenda of `unit`; null without a unit. */
export function meetingPath(unit: Crumb | null): string | null {
  return unit ? `/api/meeting?scope=${encodeURIComponent(unit.code)}` : null;
}

/** Chinese name of a level, for headings ("下级乡镇（街道）"). */
export function levelZh(level: AreaLevel): string {
  return LEVEL_ZH[level];
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
export function agendaLines(view: MeetingView): AgendaLine[] {
  return view.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: placePath(item.areaPath),
    // The same "—" as the case sheet's 涉及部门 when none is assigned.
    departments: item.departments.length ? item.departments.map((d) => d.name).join('、') : NO_VALUE,
    daysOpen: `已 ${item.daysOpen} 天`,
    state: item.state,
  }));
}

/** Default presenter channel of the joint-meeting room. */
export const DEFAULT_CHANNEL = '联席会议室';

/** One case of an issued period's overdue backlog (as it stood at the period end). */
export interface IssuedOverdueLine {
  caseId: string;
  title: string;
  category: string;
  place: string;
  /** The responsible unit (department, or the area unit at the handler's level). */
  unit: string;
  /** How long it was overdue at the period end: 期末超期 2天03:00:00. */
  overdue: string;
}

/** The backlog as listed (the server sends it most overdue first; the order is kept). */
export function issuedOverdueLines(view: IssuedOverdueView): IssuedOverdueLine[] {
  return view.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: placePath(item.areaPath),
    unit: responsibleUnit(item).name,
    overdue: `期末超期 ${formatHours(item.overdueHours)}`,
  }));
}

/** One overdue (红灯) or near-due (黄灯) case of a unit, as its case list shows it. */
export interface UnitCaseLine {
  caseId: string;
  title: string;
  category: string;
  /** The full place path: 中原区 › 林山寨街道 › 绿东村社区 › 一组. */
  place: string;
  /** The responsible unit (department, or the area unit at the handler's level). */
  unit: string;
  /** 办理期限 2026-11-25 09:00:00. */
  deadline: string;
  /** 超期 2天03:00:00 / 剩余 00:41:30, at the moment shown. */
  countdown: string;
  state: 'red' | 'yellow';
}

/** Worst first: overdue before near-due, the longest overdue and the nearest deadline first. */
export function worstFirst(a: OverdueItem, b: OverdueItem): number {
  if (a.state !== b.state) return a.state === 'red' ? -1 : 1;
  return b.overdueHours - a.overdueHours || a.caseId.localeCompare(b.caseId);
}

/** The overdue and near-due cases of a unit at `now` (epoch ms: the clock, or the replay moment), worst first. */
export function unitCaseLines(view: OverdueView, now: number): UnitCaseLine[] {
  return [...view.items].sort(worstFirst).map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: placePath(item.areaPath),
    unit: responsibleUnit(item).name,
    deadline: formatCityDateTime(item.deadline),
    countdown: countdownOf(item.deadline, now).text,
    state: item.state,
  }));
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  /** 1-based page shown (brought into range). */
  page: number;
  /** Pages in all (at least 1). */
  pages: number;
  /** 第 1/3 页. */
  label: string;
}

/** Page `page` (1-based) of `items`, `size` a page. */
export function pageOfList<T>(items: readonly T[], page: number, size: number): ListPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(pages, Math.max(1, Math.floor(page)));
  return { items: items.slice((p - 1) * size, p * size), page: p, pages, label: `第 ${p}/${pages} 页` };
}

/** A filter of a unit's open-case list. */
export type OpenCaseFilter = OpenCaseList['state'];

/** The filter chips of the open-case list, in order. */
export const OPEN_CASE_FILTERS: readonly { key: OpenCaseFilter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'red', label: '超期' },
  { key: 'yellow', label: '临期' },
  { key: 'green', label: '正常' },
];

/** How many open cases a chip stands for, from the list's `totals` (whatever its filter). */
export function filterCount(totals: OpenCaseList['totals'], key: OpenCaseFilter): number {
  return key === 'all' ? totals.red + totals.yellow + totals.green : totals[key];
}

/** Page `page` (1-based) of the open cases of `scope` in `state`, `size` a page: `GET /api/cases`. */
export function openCasesPath(scope: string, state: OpenCaseFilter, page: number, size: number): string {
  const offset = (Math.max(1, Math.floor(page)) - 1) * size;
  return `/api/cases?scope=${encodeURIComponent(scope)}&state=${state}&limit=${size}&offset=${offset}`;
}

/** The page position of a server-paged list: 第 2/5 页 (at least one page). */
export function serverPage(list: Pick<OpenCaseList, 'total' | 'offset' | 'limit'>): {
  page: number;
  pages: number;
  label: string;
} {
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  const page = Math.min(pages, Math.floor(list.offset / list.limit) + 1);
  return { page, pages, label: `第 ${page}/${pages} 页` };
}

/** One open case as the unit's list shows it. */
export interface OpenCaseLine extends Omit<UnitCaseLine, 'state'> {
  state: OpenCaseItem['state'];
}

/** The open cases of a list page at `now` (epoch ms), in the server's order (worst first). */
export function openCaseLines(list: OpenCaseList, now: number): OpenCaseLine[] {
  return list.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: placePath(item.areaPath),
    unit: responsibleUnit(item).name,
    deadline: item.deadline ? formatCityDateTime(item.deadline) : NO_VALUE,
    countdown: item.deadline ? countdownOf(item.deadline, now).text : '无办理期限',
    state: item.state,
  }));
}
