import type { Department } from '@gridwall/shared';

/** City-level functional departments (条) of domain.md §2. */
const CITY_DEPARTMENTS: [string, string][] = [
  ['scjg', '市场监督管理局'],
  ['ga', '公安局'],
  ['cg', '城市管理局'],
  ['zj', '住房和城乡建设局'],
  ['zrzy', '自然资源和规划局'],
  ['sthj', '生态环境局'],
  ['yjgl', '应急管理局'],
  ['wj', '卫生健康委员会'],
  ['xf', '信访局'],
  ['mz', '民政局'],
  ['ly', '林业局'],
  ['gd', '供电公司'],
];

/** Departments every district also has. */
const DISTRICT_DEPARTMENTS = ['scjg', 'ga', 'cg', 'zj', 'sthj', 'yjgl'];

/**
 * The demo departments: the city's own and each district's branch of the most involved ones.
 * Codes: `city.<key>` and `<districtCode>.<key>`.
 */
export function demoDepartments(districts: { code: string; name: string }[]): Department[] {
  const out: Department[] = CITY_DEPARTMENTS.map(([key, name]) => ({
    code: `city.${key}`,
    name: `市${name}`,
    level: 'city',
  }));
  const names = new Map(CITY_DEPARTMENTS);
  for (const d of districts) {
    for (const key of DISTRICT_DEPARTMENTS) {
      out.push({ code: `${d.code}.${key}`, name: `${d.name}${names.get(key)!}`, level: d.code });
    }
  }
  return out;
}
