/**
 * Hand-built briefings (通报) for the renderers' tests: the Zhengzhou November 2026 month as a
 * real monthly report reads (立案 996, 应结案 972, 结案 911 → 结案率 93.72 %; 按期结案 737 →
 * 按期结案率 75.82 %), with grouped district and township rankings, a department ranking,
 * 样本不足 rows, red and yellow cards, 末位 and the overdue backlog.
 */
import {
  CATEGORIES,
  type BriefingBacklogRow,
  type BriefingData,
  type Category,
  type CategoryStats,
  type MetricSet,
  type OverdueItem,
  type RankingFlag,
  type RankingGroupInfo,
  type RankingRow,
  type RankingTier,
  type RankingView,
  type Rate,
} from '@gridwall/shared';
import seed from '../areas/seed/zhengzhou-areas.json';

const FROM = '2026-11-01T00:00:00.000+08:00';
const TO = '2026-12-01T00:00:00.000+08:00';

function rate(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** The raw counts a category's figures are computed from. */
interface Counts {
  reported: number;
  accepted: number;
  due: number;
  resolved: number;
  onTime: number;
  extended: number;
  rework: number;
  satisfied: number;
  rated: number;
  local: number;
  grid: number;
  patrol: number;
  openNow: number;
  overdueNow: number;
  nearDueNow: number;
  jointMeetingNow: number;
  handleHours: number;
}

function metrics(c: Counts): MetricSet {
  return {
    reported: c.reported,
    accepted: c.accepted,
    resolved: c.resolved,
    due: c.due,
    onTime: c.onTime,
    extended: c.extended,
    openNow: c.openNow,
    overdueNow: c.overdueNow,
    nearDueNow: c.nearDueNow,
    jointMeetingNow: c.jointMeetingNow,
    resolutionRate: rate(c.resolved, c.accepted),
    closeRate: rate(c.resolved, c.due),
    onTimeRate: rate(c.onTime, c.due),
    localRate: rate(c.local, c.resolved),
    gridRate: rate(c.grid, c.resolved),
    reworkRate: rate(c.rework, c.resolved),
    satisfactionRate: rate(c.satisfied, c.rated),
    patrolShare: rate(c.patrol, c.reported),
    extendedRate: rate(c.extended, c.accepted),
    avgHandleHours: {
      value: c.resolved === 0 ? null : c.handleHours / c.resolved,
      total: c.handleHours,
      count: c.resolved,
    },
  };
}

/**
 * Per category: reported, accepted, due, resolved, onTime, extended, rework, satisfied, rated,
 * local, grid, patrol, openNow, overdueNow, nearDueNow, jointMeetingNow, mean handling hours.
 */
// prettier-ignore
const CATEGORY_COUNTS: Record<Category, number[]> = {
  illegal_production:   [65,  62,  61,  57,  46,  4,  3,  44,  47,  49,  30,  20,  5, 2, 1, 0, 40],
  illegal_business:     [124, 118, 115, 109, 90,  7,  5,  84,  90,  93,  61,  46,  9, 3, 1, 0, 38],
  illegal_construction: [78,  74,  66,  58,  41,  9,  4,  42,  48,  45,  25,  38, 16, 6, 2, 2, 210],
  work_safety:          [100, 96,  96,  92,  79,  3,  2,  72,  76,  80,  55,  41,  4, 1, 1, 0, 14],
  petition_stability:   [56,  53,  47,  41,  30,  8,  4,  29,  34,  33,  18,   8, 12, 5, 1, 1, 160],
  grassroots_org:       [41,  39,  36,  35,  29,  2,  1,  28,  29,  31,  24,  12,  4, 1, 0, 0, 90],
  public_service:       [196, 187, 184, 174, 141, 10, 8,  134, 145, 149, 101, 71, 13, 4, 1, 0, 28],
  urban_management:     [383, 367, 367, 345, 281, 15, 14, 269, 289, 294, 198, 176, 22, 5, 2, 1, 22],
};

function categoryCounts(category: Category): Counts {
  const [
    reported,
    accepted,
    due,
    resolved,
    onTime,
    extended,
    rework,
    satisfied,
    rated,
    local,
    grid,
    patrol,
    openNow,
    overdueNow,
    nearDueNow,
    jointMeetingNow,
    meanHours,
  ] = CATEGORY_COUNTS[category];
  return {
    reported,
    accepted,
    due,
    resolved,
    onTime,
    extended,
    rework,
    satisfied,
    rated,
    local,
    grid,
    patrol,
    openNow,
    overdueNow,
    nearDueNow,
    jointMeetingNow,
    handleHours: resolved * meanHours,
  };
}

function sumCounts(all: Counts[]): Counts {
  const out = { ...all[0] };
  for (const c of all.slice(1)) {
    for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += c[k];
  }
  return out;
}

/** Figures of one ranked unit: accepted, due, resolved, onTime, local, satisfied, rated, overdueNow. */
type UnitCounts = [number, number, number, number, number, number, number, number];

interface UnitSpec {
  code: string;
  name: string;
  group?: string;
  counts: UnitCounts;
  /** Rank last period minus rank now; null when not ranked then. */
  change: number | null;
}

const WEIGHTS = { closeRate: 0.3, onTimeRate: 0.3, localRate: 0.2, satisfactionRate: 0.2 } as const;
const MIN_CASES = 5;

/** The §6 score: weighted rates (null rates left out, weights scaled back), 核减 for the backlog. */
function score(row: Pick<RankingRow, keyof typeof WEIGHTS | 'accepted' | 'overdueNow'>): number | null {
  let sum = 0;
  let weight = 0;
  for (const [key, w] of Object.entries(WEIGHTS) as [keyof typeof WEIGHTS, number][]) {
    const v = row[key].value;
    if (v === null) continue;
    sum += w * v;
    weight += w;
  }
  if (weight === 0) return null;
  const deduction = Math.min(10, (100 * row.overdueNow) / Math.max(1, row.accepted));
  return Math.round(((100 * sum) / weight - deduction) * 100) / 100;
}

/** Ranks units within their groups as §6 does (shared ranks, cards, 末位), group by group. */
function ranking(tier: RankingTier, units: UnitSpec[], groups?: RankingGroupInfo[]): RankingView {
  const department = tier === 'department';
  const rows: RankingRow[] = units.map((u) => {
    const [accepted, due, resolved, onTime, local, satisfied, rated, overdueNow] = u.counts;
    const rework = department ? resolved - local : 0;
    const base = {
      closeRate: rate(resolved, due),
      onTimeRate: rate(onTime, due),
      // Departments are scored on 1 − 返工率: `local` holds their cases resolved without rework.
      localRate: department ? rate(resolved - rework, resolved) : rate(local, resolved),
      satisfactionRate: rate(satisfied, rated),
      accepted,
      overdueNow,
    };
    const s = due < MIN_CASES ? null : score(base);
    return {
      rank: null,
      code: u.code,
      name: u.name,
      score: s,
      resolutionRate: rate(resolved, accepted),
      due,
      flags: [],
      change: s === null ? null : u.change,
      ...base,
      ...(u.group ? { group: u.group } : {}),
    };
  });
  const keys = groups ? groups.map((g) => g.key) : [undefined];
  const ordered: RankingRow[] = [];
  for (const key of keys) {
    const list = rows.filter((r) => r.group === key);
    const ranked = list
      .filter((r) => r.score !== null)
      .sort(
        (a, b) =>
          b.score! - a.score! ||
          (b.closeRate.value ?? 0) - (a.closeRate.value ?? 0) ||
          b.accepted - a.accepted ||
          a.code.localeCompare(b.code),
      );
    ranked.forEach((r, i) => {
      r.rank = i > 0 && ranked[i - 1].score === r.score ? ranked[i - 1].rank : i + 1;
      const flags: RankingFlag[] = [];
      if (r.score! < 60) flags.push('red');
      else if (r.score! < 80) flags.push('yellow');
      r.flags = flags;
    });
    const lowest = ranked.length ? ranked[ranked.length - 1].rank : null;
    for (const r of ranked) if (r.rank === lowest && ranked.length > 1) r.flags.push('last');
    const unranked = list.filter((r) => r.score === null).sort((a, b) => a.code.localeCompare(b.code));
    ordered.push(...ranked, ...unranked);
  }
  return { tier, scope: '410100', period: 'month', ...(groups ? { groups } : {}), rows: ordered };
}

const DISTRICT_GROUPS: RankingGroupInfo[] = [
  { key: 'urban', name: '城区组' },
  { key: 'county', name: '县（市）组' },
  { key: 'zone', name: '开发区组' },
];

/** Districts: code, name, group, [accepted, due, resolved, onTime, local, satisfied, rated, overdueNow], change. */
// prettier-ignore
const DISTRICTS: [string, string, string, UnitCounts, number | null][] = [
  ['410102', '中原区', 'urban', [92, 90, 88, 75, 85, 66, 70, 2], 1],
  ['410103', '二七区', 'urban', [85, 83, 81, 66, 76, 60, 64, 2], -1],
  ['410104', '管城回族区', 'urban', [78, 77, 71, 55, 66, 54, 60, 4], 0],
  ['410105', '金水区', 'urban', [131, 128, 127, 110, 121, 96, 101, 3], 2],
  ['410106', '上街区', 'urban', [6, 4, 4, 3, 4, 3, 3, 0], null],
  ['410108', '惠济区', 'urban', [52, 51, 44, 30, 38, 33, 40, 6], -2],
  ['410122', '中牟县', 'county', [70, 68, 63, 53, 58, 46, 52, 4], 1],
  ['410181', '巩义市', 'county', [64, 63, 62, 53, 59, 50, 53, 1], 2],
  ['410182', '荥阳市', 'county', [58, 57, 54, 46, 51, 43, 47, 2], 0],
  ['410183', '新密市', 'county', [55, 54, 46, 29, 40, 36, 44, 7], -1],
  ['410184', '新郑市', 'county', [72, 70, 66, 57, 62, 52, 56, 3], -2],
  ['410185', '登封市', 'county', [49, 47, 45, 37, 43, 37, 40, 2], 1],
  ['410171', '郑州经济技术开发区', 'zone', [61, 60, 57, 47, 53, 45, 49, 2], 0],
  ['410172', '郑州高新技术产业开发区', 'zone', [57, 57, 53, 46, 50, 42, 45, 1], 1],
  ['410173', '郑州航空港经济综合实验区', 'zone', [66, 63, 50, 30, 33, 26, 36, 15], -1],
];

/** mulberry32: a small deterministic generator, so generated units read the same every run. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plausible figures for a generated unit; `quality` in [0, 1] moves every rate. */
function unitCounts(next: () => number, size: number, quality: number): UnitCounts {
  const accepted = Math.max(0, Math.round(size));
  const due = Math.max(0, accepted - Math.round(next() * Math.min(3, accepted)));
  const share = (base: number, span: number) => Math.min(1, base + span * quality + 0.08 * (next() - 0.5));
  const resolved = Math.round(due * share(0.8, 0.14));
  const onTime = Math.round(resolved * share(0.55, 0.35));
  const local = Math.round(resolved * share(0.82, 0.14));
  const rated = Math.round(resolved * (0.8 + 0.1 * next()));
  const satisfied = Math.round(rated * share(0.8, 0.16));
  const overdueNow = Math.round((due - resolved) * (0.3 + 0.5 * next()));
  return [accepted, due, resolved, onTime, local, satisfied, rated, overdueNow];
}

const TOWNSHIP_GROUPS: RankingGroupInfo[] = [
  { key: 'street', name: '街道组' },
  { key: 'town', name: '乡镇组' },
  { key: 'other', name: '其他' },
];

function townshipGroup(name: string): string {
  if (name.endsWith('街道')) return 'street';
  if (name.endsWith('镇') || name.endsWith('乡')) return 'town';
  return 'other';
}

/** The township tier from (code, name) pairs with generated figures. */
function townshipRanking(townships: [string, string][]): RankingView {
  const next = random(20261101);
  const units = townships.map(([code, name], i): UnitSpec => {
    const scenic = townshipGroup(name) === 'other' && /风景|森林/.test(name);
    // A few units fall behind (cards); scenic areas see too few due cases to be ranked.
    const quality = i % 17 === 5 ? 0.05 : i % 11 === 3 ? 0.35 : 0.55 + 0.45 * next();
    const size = scenic ? 2 + next() * 2 : 5 + next() * 16;
    const counts = unitCounts(next, size, quality);
    if (quality < 0.1) counts[7] = Math.max(counts[7], Math.ceil(counts[0] * 0.2));
    const roll = next();
    return {
      code,
      name,
      group: townshipGroup(name),
      counts,
      change: roll < 0.1 ? null : Math.round((next() - 0.5) * 8) || 0,
    };
  });
  return ranking('township', units, TOWNSHIP_GROUPS);
}

/** ~60 real Zhengzhou townships: two in every seven of the seed list, plus the non-street units. */
function sampleTownships(): [string, string][] {
  const all = seed.townships as [string, string, string][];
  const picked = all.filter((t, i) => i % 7 < 2 || townshipGroup(t[1]) === 'other');
  return picked.map(([code, name]) => [code, name]);
}

const CITY_DEPARTMENTS: [string, string][] = [
  ['city.scjg', '市市场监督管理局'],
  ['city.ga', '市公安局'],
  ['city.cg', '市城市管理局'],
  ['city.zj', '市住房和城乡建设局'],
  ['city.zrzy', '市自然资源和规划局'],
  ['city.sthj', '市生态环境局'],
  ['city.yjgl', '市应急管理局'],
  ['city.wj', '市卫生健康委员会'],
  ['city.xf', '市信访局'],
  ['city.mz', '市民政局'],
  ['city.ly', '市林业局'],
  ['city.gd', '国网郑州供电公司'],
  ['city.jt', '市交通运输局'],
  ['city.sl', '市水利局'],
  ['city.nync', '市农业农村局'],
  ['city.whly', '市文化广电和旅游局'],
  ['city.jy', '市教育局'],
  ['city.rs', '市人力资源和社会保障局'],
  ['city.sw', '市商务局'],
  ['city.yl', '市园林局'],
];

/** District branches of the most involved departments (to make up a city of 40 departments). */
const DISTRICT_DEPARTMENT_KEYS: [string, string][] = [
  ['scjg', '市场监督管理局'],
  ['cg', '城市管理局'],
  ['zj', '住房和城乡建设局'],
  ['ga', '公安分局'],
];

/** The department tier (no groups); localRate is 1 − 返工率. */
function departmentRanking(departments: [string, string][]): RankingView {
  const next = random(404);
  const units = departments.map(([code, name], i): UnitSpec => {
    const quality = i === 6 ? 0.1 : i === 13 ? 0.3 : 0.5 + 0.5 * next();
    const counts = unitCounts(next, 8 + next() * 30, quality);
    // For departments the fifth figure is the cases resolved without rework.
    counts[4] = Math.round(counts[2] * (0.9 + 0.1 * quality));
    if (quality < 0.2) counts[7] = Math.max(counts[7], Math.ceil(counts[0] * 0.15));
    // One department took two cases late in the month, none due yet: every rate is "—".
    const units: UnitCounts = i === 17 ? [2, 0, 0, 0, 0, 0, 0, 0] : counts;
    return { code, name, counts: units, change: next() < 0.15 ? null : Math.round((next() - 0.5) * 6) || 0 };
  });
  return ranking('department', units);
}

const OVERDUE_TITLES: [Category, string][] = [
  ['illegal_construction', '某小区楼顶违规加盖彩钢板房'],
  ['petition_stability', '拆迁安置补偿款发放问题多次上访'],
  ['illegal_construction', '沿街商铺擅自搭建雨棚并外扩经营面积'],
  ['urban_management', '主干道人行道长期堆放建筑垃圾'],
  ['illegal_production', '城中村无证小作坊生产豆制品'],
  ['work_safety', '老旧小区电动自行车楼道内充电'],
  ['public_service', '小区二次供水水质浑浊'],
  ['illegal_business', '校园周边流动摊贩占道经营'],
  ['urban_management', '夜间餐饮油烟直排扰民'],
  ['petition_stability', '物业公司退出后小区无人管理'],
  ['grassroots_org', '村务公开栏长期未更新'],
  ['public_service', '路灯成片不亮影响夜间出行'],
  ['illegal_construction', '农村宅基地违规建设四层楼房'],
  ['work_safety', '加油站周边违规存放液化气罐'],
  ['urban_management', '窨井盖缺失存在安全隐患'],
];

const VILLAGES = ['东关社区', '西街村', '南岗村', '北城社区', '柳林村', '王庄村', '新华社区', '李寨村', '河西村'];

function overdueItems(count: number, townships: [string, string, string][]): OverdueItem[] {
  const next = random(77);
  const districtName = new Map(seed.districts as [string, string][]);
  const items: OverdueItem[] = [];
  for (let i = 0; i < count; i++) {
    const [category, title] = OVERDUE_TITLES[i % OVERDUE_TITLES.length];
    const [tCode, tName, dCode] = townships[Math.floor(next() * townships.length)];
    const village = { code: `${tCode}${String(1 + (i % 9)).padStart(3, '0')}`, name: VILLAGES[i % VILLAGES.length] };
    const byDepartment = i % 3 === 1;
    const dept = CITY_DEPARTMENTS[i % CITY_DEPARTMENTS.length];
    const hours = Math.round((400 - i * (300 / count) + next() * 10) * 10) / 10;
    const deadline = Date.parse(TO) - hours * 3600_000;
    const d = new Date(deadline + 8 * 3600_000);
    const iso = `${d.toISOString().slice(0, 19)}.000+08:00`;
    items.push({
      caseId: `ZZ2026${String(1001 + i * 37).padStart(6, '0')}`,
      title,
      category,
      areaPath: [{ code: dCode, name: districtName.get(dCode) ?? dCode }, { code: tCode, name: tName }, village],
      handler: byDepartment
        ? { level: 'city', departmentCode: dept[0], departmentName: dept[1] }
        : { level: i % 2 === 0 ? 'township' : 'village', departmentCode: null, departmentName: null },
      deadline: iso,
      overdueHours: hours,
      state: 'red',
    });
  }
  return items;
}

/** Backlog by responsible unit: districts and departments, worst first. */
function backlog(tiers: RankingView[]): BriefingBacklogRow[] {
  const rows: BriefingBacklogRow[] = [];
  for (const t of tiers) {
    if (t.tier === 'township') continue;
    for (const r of t.rows) {
      rows.push({
        code: r.code,
        name: r.name,
        openNow: r.accepted - r.closeRate.numerator + r.overdueNow,
        overdueNow: r.overdueNow,
      });
    }
  }
  return rows
    .filter((r) => r.openNow > 0)
    .sort((a, b) => b.overdueNow - a.overdueNow || b.openNow - a.openNow || a.code.localeCompare(b.code));
}

function briefing(townships: [string, string][], departments: [string, string][], overdueCount: number): BriefingData {
  const categories: CategoryStats[] = CATEGORIES.map((c) => ({ category: c, ...metrics(categoryCounts(c)) }));
  const total = metrics(sumCounts(CATEGORIES.map(categoryCounts)));
  const districts = ranking(
    'district',
    DISTRICTS.map(([code, name, group, counts, change]) => ({ code, name, group, counts, change })),
    DISTRICT_GROUPS,
  );
  const townshipTier = townshipRanking(townships);
  const departmentTier = departmentRanking(departments);
  const items = overdueItems(overdueCount, seed.townships as [string, string, string][]);
  return {
    assessment: {
      kind: 'month',
      period: '2026-11',
      label: '2026年11月',
      from: FROM,
      to: TO,
      version: 1,
      issuedAt: '2026-12-01T02:00:00.000+08:00',
      events: 18437,
      hash: '3fa9c2e01b7d5a4486f0c1d2e3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4938',
      reason: null,
      issuedBy: null,
      previous: { period: '2026-10', version: 1 },
    },
    scope: { code: '410100', name: '郑州市', level: 'city' },
    stats: {
      ...total,
      scope: '410100',
      scopeName: '郑州市',
      level: 'city',
      period: 'month',
      from: FROM,
      to: TO,
      asOf: TO,
    },
    categories,
    tiers: [
      { tier: 'district', ranking: districts },
      { tier: 'township', ranking: townshipTier },
      { tier: 'department', ranking: departmentTier },
    ],
    backlog: backlog([districts, departmentTier]),
    overdue: {
      assessment: { kind: 'month', period: '2026-11', version: 1, issuedAt: '2026-12-01T02:00:00.000+08:00' },
      scope: '410100',
      totalRed: total.overdueNow,
      items,
    },
  };
}

/**
 * The city briefing of November 2026: 15 districts in 城区组 / 县（市）组 / 开发区组, ~60
 * townships in 街道组 / 乡镇组 / 其他, 20 departments, 12 of the worst overdue cases.
 */
export function sampleBriefing(): BriefingData {
  return briefing(sampleTownships(), CITY_DEPARTMENTS, 12);
}

/**
 * The same month at the full size of the city: 15 districts, all 208 townships, 40 departments
 * and the 50 worst overdue cases (for size and time budgets).
 */
export function cityScaleBriefing(): BriefingData {
  const townships = (seed.townships as [string, string, string][]).map(([c, n]): [string, string] => [c, n]);
  const departments = [...CITY_DEPARTMENTS];
  for (const [dCode, dName] of (seed.districts as [string, string][]).slice(0, 5)) {
    for (const [key, name] of DISTRICT_DEPARTMENT_KEYS) departments.push([`${dCode}.${key}`, `${dName}${name}`]);
  }
  return briefing(townships, departments, 50);
}
