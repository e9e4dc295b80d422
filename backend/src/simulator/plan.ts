import {
  CATEGORIES,
  CITY_UTC_OFFSET_MS,
  HOUR_MS,
  toCityIso,
  type CaseEvent,
  type Category,
  type HandlerLevel,
  type Satisfaction,
  type Source,
} from '@gridwall/shared';
import { fnv1a } from '../areas/seed-data';
import { Rng } from './rng';

/** What the planner needs to know of the city. */
export interface PlanWorld {
  /** Every tier-3 cell code. */
  cells: string[];
  /** District code of a cell. */
  districtOf(cellCode: string): string;
  /** Department codes usable for a district (its own branches and the city's). */
  departmentsFor(districtCode: string): string[];
  /** Default time limit of a category, ms. */
  timeLimitMs(category: Category): number;
  /**
   * A point where a case of the district may lie (inside its outline, or near a zone's seat);
   * null when the district's place is unknown (the report then carries no location).
   */
  pointIn?(districtCode: string, random: () => number): { lng: number; lat: number } | null;
  /** Tier-3 cells under an area node (surge cases, SIM_SURGE); default: cells whose code starts with it. */
  cellsUnder?(code: string): string[];
}

/**
 * A surge case (SIM_SURGE=on) names its township and category in its id, so the case stays a
 * pure function of (caseId, reportedAt) and a restarted simulator re-plans it the same way.
 */
export function surgeCaseId(t: number, salt: number, township: string, category: Category): string {
  return `${simCaseId(t, salt)}-H${township}-${CATEGORIES.indexOf(category)}`;
}

/** The township and category a surge case id names, or null for an ordinary case. */
export function surgeTargetOf(caseId: string): { township: string; category: Category } | null {
  const m = /-H([A-Za-z0-9]+)-(\d)$/.exec(caseId);
  if (!m) return null;
  const category = CATEGORIES[Number(m[2])];
  return category ? { township: m[1], category } : null;
}

/**
 * Category mix, calibrated on the source reports (梨河镇: 109 非法经营, 71 非法建设, 14 非法生产
 * of 354) with urban management and public services added for a city-wide mix.
 */
export const CATEGORY_MIX: Record<Category, number> = {
  illegal_production: 4,
  illegal_business: 25,
  illegal_construction: 17,
  work_safety: 8,
  petition_stability: 7,
  grassroots_org: 4,
  public_service: 15,
  urban_management: 20,
};

const SOURCE_MIX: Record<Source, number> = { patrol: 62, citizen: 18, hotline: 12, assigned: 5, other: 3 };

const TITLES: Record<Category, string[]> = {
  illegal_production: ['无证小作坊生产', '非法加工烟花爆竹', '黑加工点排污', '无证食品加工点', '非法生产劣质建材'],
  illegal_business: ['无证炒货作坊', '占道经营', '无照经营小餐馆', '非法回收废品站', '流动摊贩扰民', '无证网吧经营'],
  illegal_construction: ['私搭乱建彩钢棚', '违规加盖楼层', '占用耕地建房', '楼顶违建', '擅自改变房屋结构'],
  work_safety: ['电动车楼道充电', '液化气瓶违规存放', '消防通道堵塞', '建筑工地安全隐患', '危房未设警示'],
  petition_stability: ['拖欠农民工工资', '邻里宅基地纠纷', '拆迁补偿诉求', '物业矛盾纠纷', '群体上访苗头'],
  grassroots_org: ['村务公开不及时', '网格员履职不到位', '党组织活动未按期开展', '村级账目公示问题'],
  public_service: ['路灯损坏', '低保申请咨询', '老旧小区供暖不热', '社区卫生服务投诉', '公交站牌损坏'],
  urban_management: ['道路破损', '垃圾清运不及时', '井盖缺失', '违规张贴小广告', '绿化带毁损', '渣土车遗撒'],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '郭', '孙'];

/**
 * Relative case intensity per hour of the day (city time): quiet at night, peaks mid-morning
 * and mid-afternoon. Mean 1.
 */
export const HOURLY_RHYTHM = (() => {
  const raw = [
    0.3, 0.25, 0.2, 0.2, 0.25, 0.4, 0.7, 1.1, 1.5, 1.7, 1.7, 1.5, 1.1, 1.0, 1.4, 1.6, 1.6, 1.4, 1.1, 0.9, 0.75, 0.6,
    0.5, 0.4,
  ];
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((x) => x / mean);
})();

/** Intensity multiplier at epoch ms `t`. */
export function rhythmAt(t: number): number {
  const hour = new Date(t + CITY_UTC_OFFSET_MS).getUTCHours();
  return HOURLY_RHYTHM[hour];
}

const LEVEL_UP: Record<HandlerLevel, HandlerLevel> = {
  cell: 'village',
  village: 'township',
  township: 'district',
  district: 'city',
  city: 'city',
};

/** The fields of an event besides eventId, caseId and at (distributed over the union). */
type EventFields = CaseEvent extends infer E
  ? E extends CaseEvent
    ? Omit<E, 'eventId' | 'caseId' | 'at'>
    : never
  : never;

/** An event to post, with its time as epoch ms for scheduling. */
export interface PlannedEvent {
  at: number;
  event: CaseEvent;
}

/**
 * The whole lifecycle of one simulated case, a pure function of (caseId, reportedAt): the same
 * arguments always give the same events with the same eventIds, so a restarted simulator can
 * re-plan its open cases and post what it missed (duplicates are ignored by ingest).
 *
 * Calibrated on the source reports: ~3% rejected, ~98% of accepted cases resolved, ~95% of them
 * at township level or below, a tenth resolved late, some never (they stay overdue),
 * escalations with joint-meeting flags, ~5% reworks, ~4% extensions, satisfaction on closing.
 */
/** The report's location: a point in the case's own district, or none when its place is unknown. */
function locationOf(world: PlanWorld, gridCode: string, rng: Rng): { location?: { lng: number; lat: number } } {
  const p = world.pointIn?.(world.districtOf(gridCode), () => rng.next());
  return p ? { location: p } : {};
}

export function planCase(caseId: string, reportedAt: number, world: PlanWorld): PlannedEvent[] {
  const rng = new Rng(fnv1a(caseId));
  const out: PlannedEvent[] = [];
  let n = 0;
  const add = (at: number, fields: EventFields) => {
    n += 1;
    const t = Math.round(at);
    out.push({ at: t, event: { eventId: `${caseId}-e${n}`, caseId, at: toCityIso(t), ...fields } as CaseEvent });
  };
  const MIN = 60_000;
  const surge = surgeTargetOf(caseId);
  const drawn = rng.weighted(CATEGORY_MIX);
  const category = surge?.category ?? drawn;
  const source = rng.weighted(SOURCE_MIX);
  let gridCode = rng.pick(world.cells);
  if (surge) {
    const under = world.cellsUnder?.(surge.township) ?? world.cells.filter((c) => c.startsWith(surge.township));
    if (under.length > 0) gridCode = under[(fnv1a(caseId) >>> 0) % under.length];
  }
  const title = rng.pick(TITLES[category]);
  const withReporter = source === 'citizen' || source === 'hotline';
  add(reportedAt, {
    type: 'reported',
    gridCode,
    category,
    source,
    title,
    description: `${title}，位置见网格编码 ${gridCode}，请尽快核实处置。`,
    ...(withReporter
      ? {
          reporter: {
            name: `${rng.pick(SURNAMES)}先生`,
            phone: `13${rng.int(10)}${String(rng.int(1e8)).padStart(8, '0')}`,
          },
        }
      : {}),
    ...locationOf(world, gridCode, rng),
  });

  if (rng.chance(0.03)) {
    add(reportedAt + rng.between(10, 90) * MIN, { type: 'rejected', reason: '经核实不属于受理范围' });
    return out;
  }
  const acceptedAt = reportedAt + rng.between(2, 30) * MIN;
  add(acceptedAt, { type: 'accepted' });

  const limit = world.timeLimitMs(category);
  const dispatchAt = acceptedAt + rng.between(1, 20) * MIN;
  const handlerLevel = rng.weighted<HandlerLevel>({ cell: 45, village: 30, township: 22, district: 2.5, city: 0.5 });
  const withDept = rng.chance(0.25);
  const dept = withDept ? rng.pick(world.departmentsFor(world.districtOf(gridCode))) : undefined;
  const explicitDeadline = rng.chance(0.2) ? dispatchAt + limit * rng.between(0.5, 1.5) : undefined;
  add(dispatchAt, {
    type: 'dispatched',
    handlerLevel,
    ...(dept ? { departmentCode: dept } : {}),
    ...(explicitDeadline ? { deadline: toCityIso(Math.round(explicitDeadline)) } : {}),
  });
  let deadline = explicitDeadline ? Math.round(explicitDeadline) : Math.round(dispatchAt) + limit;
  const window = deadline - dispatchAt;
  let level = handlerLevel;

  if (rng.chance(0.04)) {
    const at = dispatchAt + window * rng.between(0.2, 0.4);
    level = LEVEL_UP[level];
    if (rng.chance(0.3)) level = LEVEL_UP[level];
    const joint = (level === 'district' || level === 'city') && rng.chance(0.5);
    add(at, {
      type: 'escalated',
      toLevel: level,
      ...(joint ? { jointMeeting: true } : {}),
      reason: '超出本级处置能力，逐级上报',
    });
  }
  if (rng.chance(0.04)) {
    const at = dispatchAt + window * rng.between(0.5, 0.7);
    deadline = Math.round(deadline + window * rng.between(0.3, 0.8));
    add(at, { type: 'extended', deadline: toCityIso(deadline), reason: '涉及多部门协调，申请延期' });
  }

  // 2% are never resolved within the plan: they stay open and turn overdue.
  if (rng.chance(0.02)) return out;
  const late = rng.chance(0.1);
  const fraction = late ? rng.between(1.02, 1.5) : Math.min(0.98, 0.05 + Math.abs(rng.normal()) * 0.3);
  let resolvedAt = dispatchAt + (deadline - dispatchAt) * fraction;
  add(resolvedAt, { type: 'resolved', note: '已现场处置完毕' });

  if (rng.chance(0.05)) {
    const reopenAt = resolvedAt + rng.between(2, 24) * HOUR_MS;
    add(reopenAt, { type: 'reopened', reason: '核查不通过，整改不到位' });
    resolvedAt = reopenAt + window * rng.between(0.1, 0.5);
    add(resolvedAt, { type: 'resolved', note: '返工整改完毕' });
  }
  if (rng.chance(0.95)) {
    const closeAt = resolvedAt + rng.between(1, 36) * HOUR_MS;
    const satisfaction = rng.chance(0.8)
      ? rng.weighted<Satisfaction>({ satisfied: 80, basic: 15, unsatisfied: 5 })
      : undefined;
    add(closeAt, { type: 'closed', ...(satisfaction ? { satisfaction } : {}) });
  }
  return out;
}

/**
 * Report times of the cases arriving in [from, to) at `perDay` cases per day on average,
 * following the daily rhythm (a Poisson process per minute).
 */
export function arrivals(from: number, to: number, perDay: number, rng: Rng): number[] {
  const out: number[] = [];
  const perMinute = perDay / 1440;
  for (let m = from; m < to; m += 60_000) {
    const end = Math.min(m + 60_000, to);
    const k = rng.poisson(perMinute * rhythmAt(m) * ((end - m) / 60_000));
    for (let i = 0; i < k; i++) out.push(Math.floor(rng.between(m, end)));
  }
  return out.sort((a, b) => a - b);
}

/**
 * Report times of a surge's extra cases in [from, to): `perDay` a day, day and night alike (a
 * Poisson process per minute without the day rhythm: a workshop or a burst pipe keeps going).
 */
export function surgeArrivals(from: number, to: number, perDay: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let m = from; m < to; m += 60_000) {
    const end = Math.min(m + 60_000, to);
    const k = rng.poisson((perDay / 1440) * ((end - m) / 60_000));
    for (let i = 0; i < k; i++) out.push(Math.floor(rng.between(m, end)));
  }
  return out.sort((a, b) => a - b);
}

/** Unique case id for a simulated case reported at `t`. */
export function simCaseId(t: number, salt: number): string {
  return `SIM-${t.toString(36).toUpperCase()}-${salt.toString(36).toUpperCase()}`;
}
