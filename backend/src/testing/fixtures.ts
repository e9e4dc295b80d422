import { DEFAULT_TIME_LIMIT_HOURS, HOUR_MS, type Category, type ReportedEvent } from '@gridwall/shared';
import { AreaTree } from '../areas/area-tree';
import { zhengzhouAreas } from '../areas/seed-data';
import type { FoldContext } from '../cases/fold';

let tree: AreaTree | undefined;

/** The real Zhengzhou tree (built once per test file). */
export function zhengzhouTree(): AreaTree {
  tree ??= new AreaTree(zhengzhouAreas());
  return tree;
}

/** Default time limits in ms. */
export const limitMs = (c: Category) => DEFAULT_TIME_LIMIT_HOURS[c] * HOUR_MS;

/** A fold context over the Zhengzhou tree and default limits. */
export function foldContext(): FoldContext {
  const t = zhengzhouTree();
  return { timeLimitMs: limitMs, levelOf: (code) => t.levelOf(code) };
}

/**
 * Report locations spread over two districts, several townships and villages, including a
 * report filed at a village and one at a township (any area node may be reported at).
 */
export const TEST_NODES = [
  '410102001002001',
  '410102001002002',
  '410102001003001',
  '410102002001001',
  '410105001003001',
  '410105001003002',
  '410102001004',
  '410105002',
];

/** Departments dispatches may name in tests. */
export const TEST_DEPARTMENTS = ['city.scjg', 'city.cg', '410102.zj', '410105.ga'];

/**
 * A citizen's report with every private field filled (description, reporter's name and phone,
 * location): what case details show masked and public screens must never show.
 */
export function citizenReport(caseId: string, gridCode: string, at: string): ReportedEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at,
    gridCode,
    category: 'illegal_business',
    source: 'citizen',
    title: '无证炒货作坊扰民',
    description: '夜间生产噪音大',
    reporter: { name: '王某某', phone: '13812341234' },
    location: { lng: 113.62, lat: 34.75 },
  };
}
